package dev.custodian.mysql;

import static org.assertj.core.api.Assertions.assertThat;

import dev.custodian.Custodian;
import dev.custodian.backup.BackupManifest;
import dev.custodian.backup.BackupOptions;
import dev.custodian.backup.ProgressListener;
import dev.custodian.backup.RestoreOptions;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A backup of MySQL 8 taken during transfers between accounts is one consistent snapshot, with each driver. */
class Mysql8BackupUnderLoadTest {
    @TempDir
    Path dir;

    @ParameterizedTest(name = "MySQL Connector/J: {0}")
    @ValueSource(booleans = {true, false})
    void aBackupDuringTransfersIsOneConsistentSnapshot(boolean mysqlDriver) throws Exception {
        Path store = dir.resolve("backups");
        TestServer server = TestServer.mysql8();
        try (TestDatabase source = TestDatabase.create(server, "bank"); TestDatabase copy = TestDatabase.create(server, "bankcopy")) {
            // a filler read before the accounts, so the backup takes a while; a ledger read after them
            source.sql("SET SESSION cte_max_recursion_depth = 1000000",
                    "CREATE TABLE a_filler (id INT PRIMARY KEY, pad VARCHAR(200))",
                    "INSERT INTO a_filler " + Mysql8HealthProbesTest.numbers(200_000) + " SELECT n, REPEAT(MD5(n), 6) FROM seq",
                    "CREATE TABLE accounts (id INT PRIMARY KEY, balance BIGINT NOT NULL)",
                    "INSERT INTO accounts " + Mysql8HealthProbesTest.numbers(Bank.ACCOUNTS) + " SELECT n, 1000 FROM seq",
                    "CREATE TABLE z_ledger (id BIGINT AUTO_INCREMENT PRIMARY KEY, from_id INT, to_id INT, amount BIGINT)");
            AtomicBoolean stop = new AtomicBoolean();
            AtomicLong transfers = new AtomicLong();
            CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> Bank.transfer(source, stop, transfers));
            BackupManifest m;
            long before;
            try (Custodian db = Custodian.connect(Mysql8HealthProbesTest.url(source, mysqlDriver))) {
                Thread.sleep(200);
                before = transfers.get();
                m = db.backups(store).backup(BackupOptions.defaults(), ProgressListener.none());
            } finally {
                stop.set(true);
            }
            writer.get(60, TimeUnit.SECONDS);
            assertThat(transfers.get()).as("transfers during the backup").isGreaterThan(before);
            assertThat(m.facts()).containsKeys("binlogFile", "binlogPosition");
            try (Custodian db = Custodian.connect(Mysql8HealthProbesTest.url(copy, mysqlDriver))) {
                db.backups(store).restore(m.id(), RestoreOptions.defaults(), ProgressListener.none());
            }
            Bank.assertConsistent(copy);
            assertThat(copy.count("a_filler")).isEqualTo(200_000);
        }
    }
}
