package dev.custodian.spi.jdbc;

import dev.custodian.health.ProbeGroup;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Optional;

/**
 * How a JDBC engine runs the reads of its probes: on which connection and under which limits
 * (statement and lock timeouts, or an interrupt), so that a probe never hangs nor queues behind
 * DDL. Each JDBC engine's database handle implements it; {@link JdbcProbe} uses it.
 */
public interface JdbcSession {

    /** Runs a probe's reads for the group, bounded by the timeout; changes nothing. */
    <T> T probe(ProbeGroup group, Duration timeout, Sql.Work<T> work) throws SQLException;

    /**
     * Why a failed read is not a health problem (the account lacks a privilege the probe needs),
     * or empty when the failure is one.
     */
    default Optional<String> notChecked(SQLException e) {
        return Optional.empty();
    }
}
