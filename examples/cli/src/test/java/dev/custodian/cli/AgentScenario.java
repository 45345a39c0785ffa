package dev.custodian.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.custodian.spi.RunLedger;
import java.time.Duration;
import java.time.Instant;

/**
 * The run every engine's agent test makes: three agents (clocks 3 hours ahead and 2 hours behind
 * for two of them) run a backup every second; the holder is killed with -9 mid-backup (a
 * replacement starts), optionally paused with SIGSTOP past its lease, and stopped with SIGTERM
 * mid-backup; the run goes on to more than 60 slots, then every agent is stopped and the ledger
 * and the store are checked.
 */
final class AgentScenario {
    private AgentScenario() {
    }

    /**
     * @param takeover how long after a kill -9 another instance may take a slot (a session lock: at
     *     once; a lease: after the lease)
     * @param pause whether to pause the holder past its lease (Redis)
     */
    static void run(AgentCluster c, Duration takeover, Duration lease, boolean pause) throws Exception {
        c.start("a", Duration.ZERO);
        c.start("b", Duration.ofHours(3));
        c.start("c", Duration.ofHours(-2));
        c.await("a first backup", Duration.ofSeconds(60), () -> c.runs().stream().anyMatch(AgentScenario::ok));
        Instant first = c.runs().get(0).slot();
        Thread.sleep(3000);

        // kill -9 of the holder mid-backup: the next slot runs on another instance, the killed slot is abandoned
        RunLedger.Entry victim = c.awaitBackupInProgress(Duration.ofSeconds(30));
        c.kill(victim.instance());
        c.outage(victim.slot(), victim.slot().plus(takeover).plusSeconds(1));
        c.start("d", Duration.ofMinutes(30));
        Instant killed = victim.slot();
        c.await("a slot after the kill ran on another instance within " + takeover, takeover.plusSeconds(10),
                () -> c.runs().stream().anyMatch(e -> ok(e) && e.slot().isAfter(killed)
                        && !e.slot().isAfter(killed.plus(takeover).plusSeconds(2))
                        && !e.instance().equals(victim.instance())));
        c.await("the killed slot is recorded as abandoned", Duration.ofSeconds(10),
                () -> c.entry(killed).map(e -> e.outcome().equals("abandoned")).orElse(false));

        if (pause) {
            Thread.sleep(2000);
            RunLedger.Entry paused = c.awaitBackupInProgress(Duration.ofSeconds(30));
            c.agent(paused.instance()).signal("STOP");
            c.outage(paused.slot(), paused.slot().plus(lease).plusSeconds(3));
            Thread.sleep(lease.plusSeconds(2).toMillis());
            c.await("another instance took over from the paused holder", Duration.ofSeconds(10),
                    () -> c.runs().stream().anyMatch(e -> ok(e) && e.slot().isAfter(paused.slot())
                            && !e.instance().equals(paused.instance())));
            c.agent(paused.instance()).signal("CONT");
            c.await("the paused holder's late commit is refused", Duration.ofSeconds(15), () -> {
                try {
                    return c.agent(paused.instance()).stdout().contains("slot=" + paused.slot() + " outcome=refused");
                } catch (java.io.IOException e) {
                    return false;
                }
            });
            assertThat(c.entry(paused.slot()).orElseThrow().outcome()).isEqualTo("abandoned");
        }

        // SIGTERM of the holder mid-backup: it finishes, releases the lock, exits 0; the next slot runs at once
        Thread.sleep(2000);
        RunLedger.Entry stopped = c.awaitBackupInProgress(Duration.ofSeconds(30));
        c.agent(stopped.instance()).signal("TERM");
        assertThat(c.agent(stopped.instance()).waitFor(Duration.ofSeconds(20))).isZero();
        c.await("the slot SIGTERM interrupted is closed", Duration.ofSeconds(5),
                () -> c.entry(stopped.slot()).map(e -> e.ended() != null).orElse(false));
        assertThat(c.entry(stopped.slot()).orElseThrow().outcome()).isEqualTo("succeeded");
        c.await("the next slot ran on another instance without waiting for a lease", lease.dividedBy(2),
                () -> c.runs().stream().anyMatch(e -> ok(e) && e.slot().isAfter(stopped.slot())
                        && !e.instance().equals(stopped.instance())));
        RunLedger.Entry next = c.runs().stream().filter(e -> ok(e) && e.slot().isAfter(stopped.slot())).findFirst()
                .orElseThrow();
        // the lock was released, not left to expire: the next run started well within the lease
        Instant released = c.entry(stopped.slot()).orElseThrow().ended();
        assertThat(Duration.between(released, next.started())).as("no lease was waited for: %s",
                c.runs().stream().filter(e -> !e.slot().isBefore(stopped.slot())).limit(5).toList())
                .isLessThan(lease.dividedBy(2));

        c.await("more than 60 slots", Duration.ofSeconds(120), () -> {
            var runs = c.runs();
            return Duration.between(first, runs.get(runs.size() - 1).slot()).toSeconds() >= 60;
        });
        c.terminateAll();
        c.verify(50);
    }

    private static boolean ok(RunLedger.Entry e) {
        return "succeeded".equals(e.outcome());
    }
}
