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
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One consistent snapshot under concurrent transfers; a killed backup connection leaves no set. */
class MysqlBackupUnderLoadTest {
    @TempDir
    Path dir;

    /** Accounts, a ledger read after them, and a filler read before them so the backup takes a while. */
    private static void bank(TestDatabase t, int fillerRows) throws SQLException {
        t.sql("CREATE TABLE a_filler (id INT PRIMARY KEY, pad VARCHAR(200))",
                "INSERT INTO a_filler SELECT seq, REPEAT(MD5(seq), 6) FROM seq_1_to_" + fillerRows,
                "CREATE TABLE accounts (id INT PRIMARY KEY, balance BIGINT NOT NULL)",
                "INSERT INTO accounts SELECT seq, 1000 FROM seq_1_to_" + Bank.ACCOUNTS,
                "CREATE TABLE z_ledger (id BIGINT AUTO_INCREMENT PRIMARY KEY, from_id INT, to_id INT, amount BIGINT)");
    }

    @Test
    void aBackupDuringTransfersIsOneConsistentSnapshot() throws Exception {
        Path store = dir.resolve("backups");
        try (TestDatabase source = TestDatabase.create("bank"); TestDatabase copy = TestDatabase.create("bankcopy")) {
            bank(source, 200_000);
            AtomicBoolean stop = new AtomicBoolean();
            AtomicLong transfers = new AtomicLong();
            CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> Bank.transfer(source, stop, transfers));
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
            Bank.assertConsistent(copy);
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
