package dev.custodian.backup.textdb;

import dev.custodian.backup.BackupCatalog;
import dev.custodian.backup.Backups;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.TreeMap;

/** Helpers to fill and read text databases in tests. */
public final class TextDb {
    private TextDb() {
    }

    /** Writes a table of {@code rows} lines. */
    public static void table(Path dir, String table, int rows) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < rows; i++) {
            sb.append(table).append(" row ").append(i).append(", ünïcödé ").append(i * 31 % 97).append('\n');
        }
        write(dir, table, sb.toString());
    }

    public static void write(Path dir, String table, String content) {
        try {
            Files.createDirectories(dir);
            Files.writeString(TextDbStrategy.tableFile(dir, table), content, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The whole database: table name to content. */
    public static Map<String, String> contents(Path dir) {
        Map<String, String> all = new TreeMap<>();
        try {
            if (!Files.isDirectory(dir)) {
                return all;
            }
            for (String t : TextDbStrategy.tables(dir)) {
                all.put(t, Files.readString(TextDbStrategy.tableFile(dir, t), StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return all;
    }

    /** A sample database: three tables, one with a hostile name, one empty. */
    public static Path sample(Path dir) {
        table(dir, "users", 500);
        table(dir, "orders", 2000);
        table(dir, "a\"; DROP TABLE b; --", 7);
        write(dir, "empty", "");
        return dir;
    }

    public static Backups backups(Path db, Path store, Clock clock, Behaviour behaviour) {
        return new dev.custodian.backup.internal.EngineBackups(new TextDbEngine(db, behaviour), store, clock, op -> () -> { });
    }

    /** Backups into the store a URL names (a path, file:…, s3://…), credentials from the AWS chain. */
    public static Backups backups(Path db, String storeUrl, Clock clock, Behaviour behaviour) {
        return new dev.custodian.backup.internal.EngineBackups(new TextDbEngine(db, behaviour),
                new dev.custodian.backup.internal.StoreCatalog(dev.custodian.backup.internal.Stores.open(storeUrl,
                        new java.util.Properties()), clock, dev.custodian.backup.DecryptionKeys.none()), clock, op -> () -> { });
    }

    public static Backups backups(Path db, Path store) {
        return backups(db, store, Clock.systemUTC(), Behaviour.normal());
    }
}
