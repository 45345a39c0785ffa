package dev.custodian.migration;

import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/**
 * Looks at the locks one session holds, from a connection of its own: an engine's primitive of a
 * migration rehearsal. Core calls {@link #sample()} every few milliseconds while a change set runs
 * (when {@link #concurrent()}), and once after each change of the change set, before it commits;
 * from those samples it reports which locks the change set held and for how long. Calls are never
 * made from two threads at once.
 */
public interface LockSampler extends AutoCloseable {

    /** Where the samples come from, for the report: {@code pg_locks}, {@code performance_schema.metadata_locks}. */
    String source();

    /** Why this engine cannot see the session's locks, or empty when it can. */
    default Optional<String> unavailableReason() {
        return Optional.empty();
    }

    /**
     * Whether {@link #sample()} may run while the watched session executes a statement. When false,
     * core samples only between the changes of a change set, never during one.
     */
    default boolean concurrent() {
        return true;
    }

    /** The locks the watched session holds or waits for right now; engine-internal locks left out. */
    List<SampledLock> sample() throws SQLException;

    /** Releases the sampler's own connection. */
    @Override
    void close();

    /** A sampler that sees nothing, for an engine or server where locks cannot be observed. */
    static LockSampler unavailable(String reason) {
        return new LockSampler() {
            @Override
            public String source() {
                return "none";
            }

            @Override
            public Optional<String> unavailableReason() {
                return Optional.of(reason);
            }

            @Override
            public List<SampledLock> sample() {
                return List.of();
            }

            @Override
            public void close() {
                // nothing was opened
            }
        };
    }
}
