package dev.custodian.sqlite;

import dev.custodian.testing.MemoryBackupSet;
import static org.assertj.core.api.Assertions.assertThat;

import dev.custodian.backup.BackupOptions;
import dev.custodian.backup.RestoreOptions;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A backup taken while the application moves money between accounts is one consistent snapshot. */
class BackupConsistencyUnderWritesTest {
    private static final int ACCOUNTS = 20_000;
    private static final long BALANCE = 1_000;

    @TempDir
    Path dir;

    @Test
    void theRestoredCopyKeepsTheSumInvariant() throws Exception {
        Path file = dir.resolve("bank.db");
        Sqlite3.run(file, "PRAGMA journal_mode=WAL; CREATE TABLE account (id INTEGER PRIMARY KEY, balance INTEGER NOT NULL,"
                + " padding BLOB); WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < " + ACCOUNTS + ")"
                + " INSERT INTO account SELECT i, " + BALANCE + ", randomblob(1000) FROM n;");
        long invariant = ACCOUNTS * BALANCE;

        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong transfers = new AtomicLong();
        ExecutorService app = Executors.newSingleThreadExecutor();
        try (SqliteEngine engine = SqliteEngine.create(file)) {
            Future<?> writer = app.submit(() -> {
                Random random = new Random(7);
                try (Connection c = engine.dataSource().getConnection();
                        PreparedStatement debit = c.prepareStatement("UPDATE account SET balance = balance - ? WHERE id = ?");
                        PreparedStatement credit = c.prepareStatement("UPDATE account SET balance = balance + ? WHERE id = ?")) {
                    c.setAutoCommit(false);
                    while (!stop.get()) {
                        long amount = 1 + random.nextInt(50);
                        debit.setLong(1, amount);
                        debit.setInt(2, 1 + random.nextInt(ACCOUNTS));
                        debit.executeUpdate();
                        credit.setLong(1, amount);
                        credit.setInt(2, 1 + random.nextInt(ACCOUNTS));
                        credit.executeUpdate();
                        c.commit();
                        transfers.incrementAndGet();
                    }
                }
                return null;
            });
            while (transfers.get() < 50) {
                Thread.sleep(5);
            }
            long before = transfers.get();
            MemoryBackupSet store = new MemoryBackupSet("sqlite", "sqlite-file", BackupOptions.defaults());
            engine.backupStrategies().get(0).backup(BackupOptions.defaults(), store);
            long during = transfers.get() - before;
            stop.set(true);
            writer.get();

            assertThat(during).as("transfers committed while the backup ran").isPositive();
            Path restored = dir.resolve("restored.db");
            try (SqliteEngine target = SqliteEngine.builder(restored).createIfMissing(true).build()) {
                target.backupStrategies().get(0).restore(RestoreOptions.defaults(), store);
            }
            assertThat(Sqlite3.value(restored, "SELECT sum(balance) FROM account")).isEqualTo(Long.toString(invariant));
            assertThat(Sqlite3.value(restored, "SELECT count(*) FROM account")).isEqualTo(Integer.toString(ACCOUNTS));
            assertThat(Sqlite3.integrityCheck(restored)).isEqualTo("ok");
            assertThat(Sqlite3.value(file, "SELECT sum(balance) FROM account")).isEqualTo(Long.toString(invariant));
        } finally {
            stop.set(true);
            app.shutdownNow();
        }
    }
}
