package dev.custodian.mysql;

import static org.assertj.core.api.Assertions.assertThat;

import dev.custodian.Custodian;
import dev.custodian.backup.BackupManifest;
import dev.custodian.backup.BackupOptions;
import dev.custodian.backup.ProgressListener;
import dev.custodian.backup.RestoreOptions;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A backup of MySQL 8 taken during transfers between accounts is one consistent snapshot, with each driver. */
class Mysql8BackupUnderLoadTest {
    private static final int ACCOUNTS = 50;

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
                    "INSERT INTO accounts " + Mysql8HealthProbesTest.numbers(ACCOUNTS) + " SELECT n, 1000 FROM seq",
                    "CREATE TABLE z_ledger (id BIGINT AUTO_INCREMENT PRIMARY KEY, from_id INT, to_id INT, amount BIGINT)");
            AtomicBoolean stop = new AtomicBoolean();
            AtomicLong transfers = new AtomicLong();
            CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> transfer(source, stop, transfers));
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
            assertThat(copy.value("SELECT SUM(balance) FROM accounts")).isEqualTo(String.valueOf(ACCOUNTS * 1000));
            assertThat(copy.value("SELECT COUNT(*) FROM accounts a WHERE balance <> 1000"
                    + " + (SELECT COALESCE(SUM(amount), 0) FROM z_ledger WHERE to_id = a.id)"
                    + " - (SELECT COALESCE(SUM(amount), 0) FROM z_ledger WHERE from_id = a.id)")).isEqualTo("0");
            assertThat(Long.parseLong(copy.value("SELECT COUNT(*) FROM z_ledger"))).isPositive();
            assertThat(copy.count("a_filler")).isEqualTo(200_000);
        }
    }

    private static void transfer(TestDatabase t, AtomicBoolean stop, AtomicLong done) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        try (Connection c = t.connect();
                PreparedStatement debit = c.prepareStatement("UPDATE accounts SET balance = balance - ? WHERE id = ?");
                PreparedStatement credit = c.prepareStatement("UPDATE accounts SET balance = balance + ? WHERE id = ?");
                PreparedStatement log = c.prepareStatement("INSERT INTO z_ledger (from_id, to_id, amount) VALUES (?, ?, ?)")) {
            c.setAutoCommit(false);
            while (!stop.get() && System.nanoTime() < deadline && done.get() < 1_000_000) {
                int from = ThreadLocalRandom.current().nextInt(1, ACCOUNTS + 1);
                int to = ThreadLocalRandom.current().nextInt(1, ACCOUNTS + 1);
                long amount = ThreadLocalRandom.current().nextInt(1, 50);
                debit.setLong(1, amount);
                debit.setInt(2, from);
                debit.executeUpdate();
                credit.setLong(1, amount);
                credit.setInt(2, to);
                credit.executeUpdate();
                log.setInt(1, from);
                log.setInt(2, to);
                log.setLong(3, amount);
                log.executeUpdate();
                c.commit();
                done.incrementAndGet();
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
