package dev.custodian.postgres;

import java.time.Duration;
import dev.custodian.testing.ChildJvm;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.custodian.Custodian;
import dev.custodian.backup.BackupException;
import dev.custodian.backup.BackupOptions;
import dev.custodian.backup.ProgressListener;
import dev.custodian.backup.RestoreOptions;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Backups under load and faults: one snapshot while pgbench writes (the TPC-B balances agree in the
 * copy), a connection killed mid-COPY leaves no complete set, a table of hundreds of megabytes in
 * a JVM of 64 MiB heap.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PgLogicalLoadTest {
    PgTestDatabase big;

    @BeforeAll
    void createABigTable() throws Exception {
        big = PgTestDatabase.create();
        big.execute("CREATE TABLE big (id bigint PRIMARY KEY, body text, at timestamptz)");
        big.execute("INSERT INTO big SELECT g, repeat(md5(g::text), 6), now() FROM generate_series(1, 1500000) g");
    }

    @AfterAll
    void dropIt() throws Exception {
        big.close();
    }

    @Test
    void aBackupOnThreeWorkersWhilePgbenchWritesIsOneConsistentSnapshot(@TempDir Path dir) throws Exception {
        try (PgTestDatabase bench = PgTestDatabase.create(); PgTestDatabase copy = PgTestDatabase.create()) {
            PgTools.run(List.of("pgbench", "-i", "-q", "-s", "2", PgTools.libpq(bench.url)));
            Process load = new ProcessBuilder("pgbench", "-n", "-c", "2", "-T", "20", PgTools.libpq(bench.url))
                    .redirectErrorStream(true).redirectOutput(dir.resolve("pgbench.log").toFile()).start();
            try {
                for (int i = 0; i < 200 && Long.parseLong(bench.value("SELECT count(*) FROM pgbench_history")) < 100; i++) {
                    Thread.sleep(50);
                }
                java.util.Properties workers = new java.util.Properties();
                workers.setProperty("custodian.postgresql.backupWorkers", "3");
                try (Custodian c = Custodian.connect(bench.url, workers)) {
                    var m = c.backups(dir.resolve("store")).backup(BackupOptions.defaults(), ProgressListener.none());
                    assertThat(m.facts()).containsKey("snapshot");
                }
                assertThat(load.isAlive()).as("pgbench still ran when the backup ended").isTrue();
            } finally {
                load.destroy();
                load.waitFor(30, TimeUnit.SECONDS);
            }
            try (Custodian c = Custodian.connect(copy.url)) {
                c.backups(dir.resolve("store")).restore("latest", RestoreOptions.defaults(), ProgressListener.none());
            }
            String sums = copy.value("SELECT (SELECT sum(abalance) FROM pgbench_accounts) || ' '"
                    + " || (SELECT sum(tbalance) FROM pgbench_tellers) || ' ' || (SELECT sum(bbalance) FROM pgbench_branches)"
                    + " || ' ' || (SELECT coalesce(sum(delta), 0) FROM pgbench_history)");
            String[] s = sums.split(" ");
            assertThat(s).as(sums).containsOnly(s[3]);
            assertThat(Long.parseLong(copy.value("SELECT count(*) FROM pgbench_history"))).isGreaterThanOrEqualTo(100);
            assertThat(copy.value("SELECT count(*) FROM pgbench_accounts")).isEqualTo("200000");
        }
    }

    @Test
    void aConnectionKilledMidBackupEndsWithAClearErrorAndNoCompleteSet(@TempDir Path dir) throws Exception {
        Path store = dir.resolve("store");
        CompletableFuture<Integer> killer = CompletableFuture.supplyAsync(() -> {
            try (Connection c = big.connect(); Statement s = c.createStatement()) {
                for (int i = 0; i < 3000; i++) {
                    var rs = s.executeQuery("SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                            + " WHERE datname = current_database() AND query LIKE 'COPY %big% TO STDOUT'"
                            + " AND pid <> pg_backend_pid()");
                    if (rs.next()) {
                        return 1;
                    }
                    Thread.sleep(5);
                }
                return 0;
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        });
        try (Custodian c = Custodian.connect(big.url)) {
            assertThatThrownBy(() -> c.backups(store).backup(BackupOptions.defaults(), ProgressListener.none()))
                    .isInstanceOf(BackupException.class)
                    .hasMessageContaining("public.big")
                    .satisfies(e -> assertThat(e.getMessage()).containsAnyOf("terminating connection",
                            "I/O error", "connection"));
            assertThat(killer.get()).isEqualTo(1);
            assertThat(Custodian.catalog(store).list()).isEmpty();
            assertThat(c.health().probe("connectivity").orElseThrow().status().name()).isEqualTo("UP");
        }
    }

    @Test
    void aTableOfHundredsOfMegabytesBacksUpInA64MiBHeap(@TempDir Path dir) throws Exception {
        String out;
        try (ChildJvm child = ChildJvm.start(dir, List.of("-Xmx64m"), PgChildBackup.class, big.url,
                dir.resolve("store").toString())) {
            int exit = child.waitFor(Duration.ofSeconds(300));
            out = child.stdout();
            assertThat(exit).as(out + child.stderr()).isZero();
        }
        String done = out.lines().filter(l -> l.startsWith("DONE ")).findFirst().orElseThrow(() -> new AssertionError(out));
        String[] f = done.split(" ");
        assertThat(Long.parseLong(f[1])).isEqualTo(1_500_000);
        assertThat(Long.parseLong(f[2])).isGreaterThan(250L * 1024 * 1024);
        assertThat(Long.parseLong(f[3])).isLessThanOrEqualTo(64L * 1024 * 1024);
        assertThat(out).contains("VERIFIED true");
    }
}
