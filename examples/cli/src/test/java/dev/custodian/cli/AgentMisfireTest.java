package dev.custodian.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.custodian.Custodian;
import dev.custodian.backup.BackupCatalog;
import dev.custodian.spi.RunLedger;
import dev.custodian.testing.ChildJvm;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A slot that passed while every agent was down (midnight UTC today, before any agent ran): three
 * agents started together apply the job's misfire policy once between them (run-once: one backup;
 * skip: one skipped entry), and agents started again later do not apply it a second time.
 */
class AgentMisfireTest {
    @TempDir
    Path dir;

    private List<ChildJvm> start(String url, Path schedule, String round) throws Exception {
        List<ChildJvm> agents = new ArrayList<>();
        for (String name : List.of("a", "b", "c")) {
            agents.add(ChildJvm.start(dir.resolve(round + "-" + name), List.of("-Xmx128m", "-XX:TieredStopAtLevel=1"),
                    CustodianCli.class, "agent", "--url", url, "--store", dir.resolve("store").toString(), "--schedule",
                    schedule.toString(), "--instance", round + "-" + name));
        }
        for (ChildJvm agent : agents) {
            agent.awaitLine(l -> l.contains(" started: "), Duration.ofSeconds(60));
        }
        return agents;
    }

    private static void stop(List<ChildJvm> agents) throws Exception {
        for (ChildJvm agent : agents) {
            agent.signal("TERM");
        }
        for (ChildJvm agent : agents) {
            assertThat(agent.waitFor(Duration.ofSeconds(30))).isZero();
        }
    }

    @Test
    void theMisfirePolicyIsAppliedOnceAcrossAgentsAndRestarts() throws Exception {
        Path db = SqliteFiles.shop(dir.resolve("app.db"), 100);
        String url = SqliteFiles.url(db);
        Path schedule = dir.resolve("schedule.json");
        Files.writeString(schedule, "{\"misfireGrace\":\"PT1S\",\"jobs\":["
                + "{\"name\":\"nightly\",\"cron\":\"0 0 0 * * *\",\"job\":\"backup\",\"misfire\":\"run-once\"},"
                + "{\"name\":\"weekly\",\"cron\":\"0 0 0 * * MON\",\"job\":\"verify\"}]}");
        try (Custodian reader = UrlOption.connect(url)) {
            for (String round : List.of("first", "again")) {
                List<ChildJvm> agents = start(url, schedule, round);
                try {
                    long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                    while (reader.runs(100).stream().filter(e -> e.ended() != null).count() < 2) {
                        assertThat(System.nanoTime()).as("both slots handled within 30 s").isLessThan(end);
                        Thread.sleep(50);
                    }
                    Thread.sleep(1500);
                } finally {
                    stop(agents);
                }
                List<RunLedger.Entry> runs = reader.runs(100);
                assertThat(runs).hasSize(2);
                RunLedger.Entry nightly = runs.stream().filter(e -> e.job().equals("nightly")).findFirst().orElseThrow();
                assertThat(nightly.outcome()).isEqualTo("succeeded");
                assertThat(nightly.instance()).startsWith("first-");
                assertThat(runs.stream().filter(e -> e.job().equals("weekly")).findFirst().orElseThrow().outcome())
                        .isEqualTo("skipped");
                try (BackupCatalog store = BackupCatalog.open(dir.resolve("store").toString())) {
                    assertThat(store.list()).singleElement().satisfies(s -> {
                        assertThat(s.id()).isEqualTo(nightly.setId());
                        assertThat(s.manifest().facts()).containsEntry("slot", nightly.slot().toString());
                    });
                }
            }
        }
    }
}
