package dev.custodian.mysql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.custodian.Custodian;
import dev.custodian.backup.BackupException;
import dev.custodian.backup.BackupManifest;
import dev.custodian.backup.BackupOptions;
import dev.custodian.backup.ProgressListener;
import dev.custodian.backup.RestoreOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One consistent snapshot under concurrent transfers; a killed backup connection leaves no set. */
class MysqlBackupUnderLoadTest {
    private static final int ACCOUNTS = 50;

    @TempDir
    Path dir;

    /** Accounts, a ledger read after them, and a filler read before them so the backup takes a while. */
    private static void bank(TestDatabase t, int fillerRows) throws SQLException {
        t.sql("CREATE TABLE a_filler (id INT PRIMARY KEY, pad VARCHAR(200))",
                "INSERT INTO a_filler SELECT seq, REPEAT(MD5(seq), 6) FROM seq_1_to_" + fillerRows,
                "CREATE TABLE accounts (id INT PRIMARY KEY, balance BIGINT NOT NULL)",
                "INSERT INTO accounts SELECT seq, 1000 FROM seq_1_to_" + ACCOUNTS,
                "CREATE TABLE z_ledger (id BIGINT AUTO_INCREMENT PRIMARY KEY, from_id INT, to_id INT, amount BIGINT)");
    }

    @Test
    void aBackupDuringTransfersIsOneConsistentSnapshot() throws Exception {
        Path store = dir.resolve("backups");
        try (TestDatabase source = TestDatabase.create("bank"); TestDatabase copy = TestDatabase.create("bankcopy")) {
            bank(source, 200_000);
            AtomicBoolean stop = new AtomicBoolean();
            AtomicLong transfers = new AtomicLong();
            CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> transfer(source, stop, transfers));
            BackupManifest m;
            long before;
            try (Custodian db = Custodian.connect(source.url())) {
                Thread.sleep(200);
                before = transfers.get();
                m = db.backups(store).backup(BackupOptions.defaults(), ProgressListener.none());
            } finally {
                stop.set(true);
            }
            writer.get(60, TimeUnit.SECONDS);
            assertThat(transfers.get()).as("transfers during the backup").isGreaterThan(before);
            try (Custodian db = Custodian.connect(copy.url())) {
                db.backups(store).restore(m.id(), RestoreOptions.defaults(), ProgressListener.none());
            }
            assertThat(copy.value("SELECT SUM(balance) FROM accounts")).isEqualTo(String.valueOf(ACCOUNTS * 1000));
            assertThat(copy.value("SELECT COUNT(*) FROM accounts a WHERE balance <> 1000"
                    + " + (SELECT COALESCE(SUM(amount), 0) FROM z_ledger WHERE to_id = a.id)"
                    + " - (SELECT COALESCE(SUM(amount), 0) FROM z_ledger WHERE from_id = a.id)")).isEqualTo("0");
            assertThat(Long.parseLong(copy.value("SELECT COUNT(*) FROM z_ledger"))).isPositive();
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

    @Test
    void aKilledBackupConnectionEndsWithAClearErrorAndNoSet() throws Exception {
        Path store = dir.resolve("backups");
        try (TestDatabase source = TestDatabase.create("kill")) {
            bank(source, 400_000);
            try (Custodian db = Custodian.connect(source.url()); Connection admin = source.connect()) {
                CompletableFuture<BackupManifest> backup = CompletableFuture.supplyAsync(
                        () -> db.backups(store).backup(BackupOptions.defaults(), ProgressListener.none()));
                long id = 0;
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                while (id == 0 && System.nanoTime() < deadline && !backup.isDone()) {
                    try (PreparedStatement ps = admin.prepareStatement("SELECT ID FROM information_schema.PROCESSLIST"
                            + " WHERE INFO LIKE ? AND ID <> CONNECTION_ID()")) {
                        ps.setString(1, "SELECT % FROM `" + source.name + "`.`a_filler`%");
                        try (ResultSet rs = ps.executeQuery()) {
                            id = rs.next() ? rs.getLong(1) : 0;
                        }
                    }
                }
                assertThat(id).as("the backup's connection was seen").isPositive();
                try (Statement s = admin.createStatement()) {
                    s.execute("KILL " + id);
                }
                assertThatThrownBy(() -> backup.join()).hasCauseInstanceOf(BackupException.class)
                        .cause().hasMessageContaining("backup of").hasMessageContaining("table a_filler").hasMessageContaining("killed").satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
            }
            assertThat(Custodian.catalog(store).list()).isEmpty();
            try (Stream<Path> files = Files.exists(store) ? Files.walk(store) : Stream.empty()) {
                assertThat(files.filter(p -> p.getFileName().toString().equals("manifest.json"))).isEmpty();
            }
        }
    }
}
