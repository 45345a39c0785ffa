package dev.custodian.mysql.internal.backup;

import dev.custodian.backup.BackupException;
import dev.custodian.backup.BackupReader;
import dev.custodian.backup.PartEntry;
import dev.custodian.backup.PartKind;
import dev.custodian.backup.RestoreOptions;
import dev.custodian.backup.RestoreResult;
import dev.custodian.mysql.internal.MysqlDatabase;
import dev.custodian.mysql.internal.Sql;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Restores a {@code mysql-logical} set into the engine's database on one connection:
 * {@code foreign_key_checks} and {@code unique_checks} off while it loads, time zone
 * {@code +00:00}, {@code utf8mb4}; pre-data, then each table's rows (committed every few
 * statements), then post-data. With {@code clean} every object of the database is dropped first.
 * With chosen tables only their rows are loaded (after the table is created from the backup when
 * the target lacks it, or emptied with {@code clean}), with the triggers of the tables it
 * created. Rows per table are the server's own counts of inserted rows.
 */
final class LogicalRestore {
    private static final int COMMIT_EVERY = 16;
    private final MysqlDatabase db;

    LogicalRestore(MysqlDatabase db) {
        this.db = db;
    }

    RestoreResult restore(RestoreOptions options, BackupReader reader) throws Exception {
        List<PartEntry> parts = reader.manifest().parts();
        Set<String> chosen = new HashSet<>(options.tables());
        Set<String> inBackup = new HashSet<>();
        parts.stream().filter(p -> p.kind() == PartKind.DATA).forEach(p -> inBackup.add(p.table()));
        for (String t : chosen) {
            if (!inBackup.contains(t)) {
                throw new BackupException("table '" + t + "' is not in backup " + reader.manifest().id()
                        + "; tables: " + String.join(", ", inBackup.stream().sorted().toList()));
            }
        }
        Connection c = db.connection();
        try {
            c.setNetworkTimeout(Runnable::run, 0);
            Sql.execute(c, SchemaDump.NAMES);
            Sql.execute(c, SchemaDump.SESSION);
            Sql.execute(c, "USE " + Sql.q(db.name()));
            Set<String> created = new HashSet<>();
            if (chosen.isEmpty()) {
                if (options.clean()) {
                    MysqlConnections.dropAll(c, db.name());
                }
            } else {
                prepareTables(c, chosen, options.clean(), created);
            }
            Map<String, Long> rows = new LinkedHashMap<>();
            for (PartKind kind : List.of(PartKind.PRE_DATA, PartKind.DATA, PartKind.POST_DATA)) {
                for (PartEntry p : parts) {
                    if (p.kind() != kind || (kind == PartKind.DATA && !chosen.isEmpty() && !chosen.contains(p.table()))) {
                        continue;
                    }
                    long n = run(c, reader, p, chosen, created);
                    if (kind == PartKind.DATA) {
                        rows.merge(p.table(), n, Long::sum);
                    }
                }
            }
            return new RestoreResult(rows);
        } finally {
            MysqlConnections.discard(db, c);
        }
    }

    private void prepareTables(Connection c, Set<String> chosen, boolean clean, Set<String> created) throws SQLException {
        for (String t : chosen) {
            boolean exists = Sql.number(c, "SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = ?"
                    + " AND TABLE_NAME = ?", db.name(), t) > 0;
            if (!exists) {
                created.add(t);
            } else if (clean) {
                Sql.execute(c, "DELETE FROM " + Sql.q(t));
            } else if (Sql.number(c, "SELECT EXISTS (SELECT 1 FROM " + Sql.q(t) + ")") > 0) {
                throw new BackupException("table '" + t + "' is not empty; restore with clean to replace its rows");
            }
        }
    }

    /** Runs one part's statements; returns the rows inserted. */
    private long run(Connection c, BackupReader reader, PartEntry part, Set<String> chosen, Set<String> created)
            throws Exception {
        long rows = 0;
        int since = 0;
        boolean data = part.kind() == PartKind.DATA;
        if (data) {
            c.setAutoCommit(false);
        }
        try (InputStream in = reader.open(part);
                BufferedReader text = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 1 << 16);
                Statement s = c.createStatement()) {
            ScriptReader script = new ScriptReader(text);
            ScriptReader.Statement st;
            while ((st = script.next()) != null) {
                if (!chosen.isEmpty() && !data && !wanted(st.tag(), created)) {
                    continue;
                }
                try {
                    if (data) {
                        rows += s.executeUpdate(st.sql());
                        if (++since >= COMMIT_EVERY) {
                            c.commit();
                            since = 0;
                        }
                    } else {
                        s.execute(st.sql());
                    }
                } catch (SQLException e) {
                    throw new SQLException("part " + part.name() + ": " + e.getMessage() + " in: " + head(st.sql()),
                            e.getSQLState(), e.getErrorCode(), e);
                }
            }
            if (data) {
                c.commit();
            }
        } finally {
            if (data) {
                c.setAutoCommit(true);
            }
        }
        return rows;
    }

    /** With chosen tables: the definitions of the tables created and their triggers, and session settings. */
    private static boolean wanted(ScriptReader.Tag tag, Set<String> created) {
        if (tag == null) {
            return true;
        }
        return switch (tag.kind()) {
            case "TABLE" -> created.contains(tag.name());
            case "TRIGGER" -> created.contains(tag.table());
            default -> false;
        };
    }

    private static String head(String sql) {
        String one = sql.replaceAll("\\s+", " ");
        return one.length() > 100 ? one.substring(0, 100) + "…" : one;
    }
}
