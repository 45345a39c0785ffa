package dev.custodian.cli;

import static dev.custodian.cli.Cli.run;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.custodian.health.HealthStatus;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code health} against SQLite files: report, JSON, groups and Nagios exit codes. */
class HealthCommandTest {
    private static final Set<String> CORE_PROBES = Set.of("process", "accepting-work");

    @TempDir
    Path dir;

    @Test
    void healthyFileIsUpAndExitsZero() {
        Path db = SqliteFiles.shop(dir.resolve("shop.db"), 100);
        Cli.Run r = run("health", "--url", SqliteFiles.url(db)).succeeds();
        assertThat(r.out()).startsWith("sqlite ").contains(": UP (", "STATUS", "PROBE");
        assertThat(r.err()).isEmpty();
    }

    @Test
    void jsonHasEveryProbeAndAtLeastFourFromTheEngine() throws Exception {
        Path db = SqliteFiles.shop(dir.resolve("shop.db"), 100);
        Cli.Run r = run("health", "--url", SqliteFiles.url(db), "--json").succeeds();
        JsonNode report = new ObjectMapper().readTree(r.out());
        assertThat(report.get("status").asText()).isEqualTo("UP");
        assertThat(report.get("engine").asText()).isEqualTo("sqlite");
        List<String> engineProbes = new ArrayList<>();
        for (JsonNode probe : report.get("probes")) {
            assertThat(probe.get("status").asText()).isIn("UP", "DEGRADED", "DOWN");
            assertThat(probe.get("summary").asText()).isNotBlank();
            if (!CORE_PROBES.contains(probe.get("name").asText())) {
                engineProbes.add(probe.get("name").asText());
            }
        }
        assertThat(engineProbes).as("SQLite probes").hasSizeGreaterThanOrEqualTo(4);
    }

    @Test
    void groupSelectsProbes() throws Exception {
        Path db = SqliteFiles.shop(dir.resolve("shop.db"), 10);
        Cli.Run r = run("health", "--url", SqliteFiles.url(db), "--json", "--group", "readiness").succeeds();
        JsonNode probes = new ObjectMapper().readTree(r.out()).get("probes");
        assertThat(probes.size()).isPositive();
        probes.forEach(p -> assertThat(p.get("group").asText()).isEqualTo("READINESS"));

        Cli.Run live = run("health", "--url", SqliteFiles.url(db), "--group", "LIVENESS").succeeds();
        assertThat(live.out()).contains("liveness").doesNotContain("readiness", "diagnostic");
    }

    @Test
    void missingFileCannotBeCheckedAndIsNotCreated() {
        Path db = dir.resolve("missing.db");
        run("health", "--url", SqliteFiles.url(db)).failsWith(3, "missing.db");
        assertThat(db).doesNotExist();
        assertThat(dir.resolve("missing.db-wal")).doesNotExist();
    }

    @Test
    void garbageFileIsNotHealthyAndIsLeftAlone() {
        Path db = SqliteFiles.garbage(dir.resolve("garbage.db"));
        String before = SqliteFiles.fingerprint(db);
        Cli.Run r = run("health", "--url", SqliteFiles.url(db));
        assertThat(r.exit()).as("%s", r).isIn(2, 3);
        if (r.exit() == 3) {
            r.failsWith(3, "garbage.db");
        } else {
            assertThat(r.out()).contains("DOWN");
        }
        assertThat(SqliteFiles.fingerprint(db)).isEqualTo(before);
    }

    @Test
    void manyFreePagesAreDegradedAndExitOne() {
        Path db = SqliteFiles.shop(dir.resolve("shop.db"), 5_000);
        SqliteFiles.exec(db, "DELETE FROM orders WHERE id > 100");
        Cli.Run r = run("health", "--url", SqliteFiles.url(db)).exits(1);
        assertThat(r.out()).contains(": DEGRADED (").containsPattern("DEGRADED\\s+diagnostic\\s+free-page-ratio");
        assertThat(r.err()).isEmpty();
    }

    @Test
    void aCorruptedPageIsDownAndExitsTwoButReadinessStaysUp() throws Exception {
        Path db = SqliteFiles.shop(dir.resolve("shop.db"), 5_000);
        int pages = Integer.parseInt(SqliteFiles.sqlite3(db, "PRAGMA page_count;").strip());
        int pageSize = Integer.parseInt(SqliteFiles.sqlite3(db, "PRAGMA page_size;").strip());
        try (var file = new java.io.RandomAccessFile(db.toFile(), "rw")) {
            file.seek((long) (pages / 2) * pageSize + 100);
            byte[] junk = new byte[pageSize / 2];
            java.util.Arrays.fill(junk, (byte) 0xff);
            file.write(junk);
        }
        Cli.Run r = run("health", "--url", SqliteFiles.url(db)).exits(2);
        assertThat(r.out()).contains(": DOWN (").containsPattern("DOWN\\s+diagnostic\\s+integrity-check");
        run("health", "--url", SqliteFiles.url(db), "--group", "readiness").succeeds();
        Cli.Run named = run("health", "--url", SqliteFiles.url(db), "--probe", "quick-check").exits(2);
        assertThat(named.out()).containsPattern("DOWN\\s+diagnostic\\s+quick-check").doesNotContain("integrity-check",
                "connectivity");
        run("health", "--url", SqliteFiles.url(db), "--probe", "no-such-probe").failsWith(3, "unknown probe 'no-such-probe'");
    }

    @Test
    void statusesMapToNagiosExitCodes() {
        assertThat(HealthCommand.exitCode(HealthStatus.UP)).isZero();
        assertThat(HealthCommand.exitCode(HealthStatus.DEGRADED)).isEqualTo(1);
        assertThat(HealthCommand.exitCode(HealthStatus.DOWN)).isEqualTo(2);
    }
}
