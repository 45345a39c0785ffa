package dev.custodian.sqlite.internal.pool;

import dev.custodian.sqlite.internal.SqliteDatabase;

import dev.custodian.spi.jdbc.Sql;
import dev.custodian.pool.PoolAdvisor;
import dev.custodian.pool.PoolFinding;
import dev.custodian.pool.PoolFinding.Severity;
import dev.custodian.pool.PoolSettings;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * Checks a pool against SQLite's rules. A setting missing from the pool's driver properties is
 * read from a live connection of the pool, and the journal mode always from the database file,
 * since it is a property of the file, not of the connection.
 */
public final class SqlitePoolAdvisor implements PoolAdvisor {
    private final SqliteDatabase db;

    public SqlitePoolAdvisor(SqliteDatabase db) {
        this.db = db;
    }

    @Override
    public List<PoolFinding> advise(PoolSettings settings) throws Exception {
        String journalMode;
        String liveBusy;
        String liveForeignKeys;
        try (Connection c = db.pooled()) {
            journalMode = Sql.string(c, "PRAGMA journal_mode").toLowerCase(Locale.ROOT);
            liveBusy = Sql.string(c, "PRAGMA busy_timeout");
            liveForeignKeys = Sql.string(c, "PRAGMA foreign_keys");
        }
        String configuredMode = settings.properties().get("journal_mode");
        boolean wal = journalMode.equals("wal")
                || (configuredMode != null && configuredMode.equalsIgnoreCase("wal"));
        String busy = settings.properties().getOrDefault("busy_timeout", liveBusy);
        String foreignKeys = settings.properties().getOrDefault("foreign_keys", liveForeignKeys);

        List<PoolFinding> findings = new ArrayList<>();
        if (settings.maximumPoolSize() > 1 && !wal) {
            findings.add(new PoolFinding(Severity.CRITICAL, "journal_mode", journalMode, "WAL",
                    settings.maximumPoolSize() + " connections without WAL: a writer blocks every reader and"
                            + " readers block the writer; use WAL or a pool of one"));
        }
        if (busy == null || parseLong(busy) <= 0) {
            findings.add(new PoolFinding(Severity.WARNING, "busy_timeout", String.valueOf(busy),
                    Integer.toString(dev.custodian.sqlite.SqlitePools.BUSY_TIMEOUT_MILLIS),
                    "with no busy timeout a locked database fails at once with SQLITE_BUSY instead of waiting"));
        }
        if (!isTrue(foreignKeys)) {
            findings.add(new PoolFinding(Severity.WARNING, "foreign_keys", String.valueOf(foreignKeys), "true",
                    "SQLite ignores foreign keys unless every connection turns them on"));
        }
        findings.sort(Comparator.comparing(PoolFinding::severity).reversed());
        return findings;
    }

    private static boolean isTrue(String value) {
        return value != null && (value.equalsIgnoreCase("true") || value.equals("1") || value.equalsIgnoreCase("on"));
    }

    private static long parseLong(String value) {
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
