package dev.custodian.mysql.internal.backup;

import dev.custodian.mysql.internal.MysqlQuoting;
import dev.custodian.spi.jdbc.Sql;
import com.zaxxer.hikari.HikariDataSource;
import dev.custodian.backup.BackupException;
import dev.custodian.backup.BackupReader;
import dev.custodian.backup.PartEntry;
import dev.custodian.backup.PartKind;
import dev.custodian.backup.RestoreOptions;
import dev.custodian.backup.RestoreResult;
import dev.custodian.mysql.internal.MysqlDatabase;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Restores a {@code mysql-logical} set into the engine's database on one connection:
 * {@code foreign_key_checks} and {@code unique_checks} off while it loads (on MariaDB
 * {@code unique_checks} back on while rows load, see {@link #MARIADB_ROW_LOAD}), time zone
 * {@code +00:00}, {@code utf8mb4}; pre-data, then the tables' rows, then post-data. Rows are
 * loaded by {@code LOAD DATA LOCAL INFILE} fed from the part in chunks of about 4 MiB of lines, or,
 * where the server or the driver refuses LOCAL INFILE, by multi-row INSERTs of about 1 MiB; each
 * chunk committed with others up to 1 MiB, on up to three connections at once (see {@link ParallelLoader});
 * tables are created on up to four connections at once.
 * Tables the restore created get their plain secondary indexes built after their rows are loaded
 * when they hold at least {@link #DEFER_INDEXES_FROM_ROWS} rows (see {@link DeferredIndexes}). With {@code clean} every object of the database is dropped first.
 * With chosen tables only their rows are loaded (after the table is created from the backup when
 * the target lacks it, or truncated with {@code clean}), with the triggers of the tables it
 * created; a table of the target keeps its own definition. Rows per table are the server's own counts of inserted rows.
 */
final class LogicalRestore {
    private static final int MAX_LOADERS = 3;
    /** Tables of at least this many rows get their plain secondary indexes built after the load. */
    static final long DEFER_INDEXES_FROM_ROWS = 100_000;
    /** Bytes of rows per LOAD DATA statement. */
    private static final int LOAD_CHUNK = 4 << 20;
    /** Bytes of rows per INSERT statement, well under the default max_allowed_packet. */
    private static final int INSERT_CHUNK = 1 << 20;
    /**
     * Loading rows on MariaDB keeps {@code unique_checks} on: with it and
     * {@code foreign_key_checks} off, InnoDB buffers the first statement into each empty table
     * for a bulk build, whose setup costs each table more than it saves (300 tables of 300
     * rows loaded in about half the time with it on).
     */
    static final String MARIADB_ROW_LOAD = "SET SESSION unique_checks = 1";
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
            Sql.execute(c, "USE " + MysqlQuoting.q(db.name()));
            Set<String> created = new HashSet<>();
            if (chosen.isEmpty()) {
                if (options.clean()) {
                    MysqlConnections.dropAll(c, db.name());
                }
            } else {
                prepareTables(c, chosen, options.clean(), created);
            }
            // tables are created on several connections at once (each CREATE waits on the disk)
            try (ParallelLoader ddl = ddlWorkers() == 0 ? null : new ParallelLoader(db, ddlWorkers(), c, List.of())) {
                for (PartEntry p : parts) {
                    if (p.kind() == PartKind.PRE_DATA) {
                        run(c, reader, p, chosen, created, ddl);
                    }
                }
                if (ddl != null) {
                    ddl.finish();
                }
            }
            Map<String, AtomicLong> counted = new LinkedHashMap<>();
            boolean loadData = LocalInfile.works(c);
            List<String> session = new ArrayList<>();
            if (reader.manifest().facts().containsKey(LogicalStrategy.VERSIONED_FACT)) {
                session.add(LogicalStrategy.INSERT_HISTORY);
            }
            // the flavour from the connection held: a pool of one has no other to ask with
            if (MysqlDatabase.flavourOf(Sql.string(c, "SELECT VERSION()")) == MysqlDatabase.Flavour.MARIADB) {
                session.add(MARIADB_ROW_LOAD);
            }
            for (String sql : session) {
                Sql.execute(c, sql);
            }
            DeferredIndexes indexes = new DeferredIndexes();
            String versioned = reader.manifest().facts().getOrDefault(LogicalStrategy.VERSIONED_FACT, "");
            for (PartEntry p : parts) {
                boolean ours = chosen.isEmpty() || created.contains(p.table());
                if (p.kind() == PartKind.DATA && ours && p.rows() >= DEFER_INDEXES_FROM_ROWS
                        && !List.of(versioned.split(", ")).contains(p.table())) {
                    indexes.drop(c, p.table());
                }
            }
            try (ParallelLoader loader = new ParallelLoader(db, loaders(), c, session)) {
                for (PartEntry p : parts) {
                    if (p.kind() == PartKind.DATA && (chosen.isEmpty() || chosen.contains(p.table()))) {
                        load(loader, reader, p, counted.computeIfAbsent(p.table(), t -> new AtomicLong()), loadData);
                    }
                }
                loader.finish();
            }
            indexes.restore(db, c, indexBuilders());
            for (PartEntry p : parts) {
                if (p.kind() == PartKind.POST_DATA) {
                    run(c, reader, p, chosen, created, null);
                }
            }
            Map<String, Long> rows = new LinkedHashMap<>();
            counted.forEach((t, n) -> rows.put(t, n.get()));
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
                // TRUNCATE, not DELETE: no delete trigger fires into other tables (foreign key checks are off)
                Sql.execute(c, "TRUNCATE TABLE " + MysqlQuoting.q(t));
            } else if (Sql.number(c, "SELECT EXISTS (SELECT 1 FROM " + MysqlQuoting.q(t) + ")") > 0) {
                throw new BackupException("table '" + t + "' is not empty; restore with clean to replace its rows");
            }
        }
    }

    /**
     * Connections building deferred indexes at once, one table each: one per core, within what
     * the pool has besides the restore's own connection.
     */
    private int indexBuilders() {
        int fromPool = db.pool() instanceof HikariDataSource hikari ? hikari.getMaximumPoolSize() - 1 : 1;
        return Math.max(1, Math.min(Runtime.getRuntime().availableProcessors(), fromPool));
    }

    /**
     * Connections creating tables at once: up to four (they wait on the disk more than they
     * use a core), within what the pool has besides the restore's own connection.
     */
    private int ddlWorkers() {
        int fromPool = db.pool() instanceof HikariDataSource hikari ? hikari.getMaximumPoolSize() - 1 : 1;
        return Math.max(0, Math.min(4, fromPool));
    }

    /**
     * Connections loading rows at once besides the restore's own: up to three, leaving one of the
     * pool free; one in a heap under 256 MiB, since each loader holds a few statements of about
     * 1 MiB in the driver; none (the restore's own connection loads) in a pool of one.
     */
    private int loaders() {
        int fromPool = db.pool() instanceof HikariDataSource hikari ? hikari.getMaximumPoolSize() - 1 : 1;
        int wanted = Runtime.getRuntime().maxMemory() < 256L * 1024 * 1024 ? 1 : MAX_LOADERS;
        return Math.max(0, Math.min(wanted, fromPool));
    }

    /**
     * Streams one data part to the loaders: its rows in chunks, each loaded by LOAD DATA LOCAL
     * ({@code loadData}) or converted into one INSERT; a part of INSERT statements (sets written
     * before the row form) statement by statement.
     */
    private static void load(ParallelLoader loader, BackupReader reader, PartEntry part, AtomicLong rows, boolean loadData)
            throws Exception {
        try (InputStream in = reader.open(part)) {
            LineChunks chunks = new LineChunks(in, loadData ? LOAD_CHUNK : INSERT_CHUNK);
            String header = chunks.header();
            if (header == null) {
                return;
            }
            if (RowFormat.isHeader(header)) {
                RowFormat format = RowFormat.parse(header);
                if (format.fields().isEmpty()) {
                    return;
                }
                String sql = format.loadData(part.table());
                byte[] head = format.insertHead(part.table());
                LineChunks.Chunk chunk;
                while ((chunk = chunks.next()) != null) {
                    if (loadData) {
                        loader.submitLoad(sql, chunk.bytes(), chunk.length(), chunk.lines(), rows, part.name());
                    } else {
                        StatementBuffer insert = new StatementBuffer(chunk.length() + chunk.length() / 4 + head.length + 16);
                        insert.write(head);
                        format.tuples(chunk.bytes(), 0, chunk.length(), insert);
                        insert.write(';');
                        loader.submit(new String(insert.toByteArray(), StandardCharsets.UTF_8), rows, part.name());
                    }
                }
                return;
            }
        }
        try (InputStream in = reader.open(part);
                BufferedReader text = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 1 << 16)) {
            ScriptReader script = new ScriptReader(text);
            ScriptReader.Statement st;
            while ((st = script.next()) != null) {
                if (!st.isInsert()) {
                    throw new BackupException("part " + part.name() + " holds a statement that is not an INSERT: " + head(st.sql()));
                }
                loader.submit(st.sql(), rows, part.name());
            }
        }
    }

    /**
     * Runs one definitions part's statements in order on the restore's connection; with
     * {@code ddl}, a table's CREATE TABLE without foreign keys goes to its connections, and any
     * other statement first waits for those running (a view, a routine, a table with foreign keys
     * find the tables before them created).
     */
    private void run(Connection c, BackupReader reader, PartEntry part, Set<String> chosen, Set<String> created,
            ParallelLoader ddl) throws Exception {
        try (InputStream in = reader.open(part);
                BufferedReader text = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 1 << 16);
                Statement s = c.createStatement()) {
            ScriptReader script = new ScriptReader(text);
            ScriptReader.Statement st;
            ScriptReader.Tag tag = null;
            boolean tagOnOwn = false;
            AtomicLong none = new AtomicLong();
            while ((st = script.next()) != null) {
                if (!chosen.isEmpty() && !wanted(st.tag(), created)) {
                    continue;
                }
                if (st.tag() != tag) {
                    tag = st.tag();
                    tagOnOwn = false;
                }
                // an object's statements after one run here (a setting) stay here, in order
                tagOnOwn |= ddl == null || !alone(st);
                if (!tagOnOwn) {
                    ddl.submit(st.sql(), none, part.name());
                    continue;
                }
                if (ddl != null) {
                    ddl.await();
                }
                try {
                    s.execute(st.sql());
                } catch (SQLException e) {
                    throw new SQLException("part " + part.name() + ": " + e.getMessage() + " in: " + head(st.sql()),
                            e.getSQLState(), e.getErrorCode(), e);
                }
            }
            if (ddl != null) {
                ddl.await();
            }
        }
    }

    /** A table's CREATE TABLE that needs no other table: it can run beside others. */
    private static boolean alone(ScriptReader.Statement st) {
        if (st.tag() == null || !st.tag().kind().equals("TABLE")) {
            return false;
        }
        String head = st.sql().stripLeading();
        return head.regionMatches(true, 0, "CREATE TABLE", 0, 12)
                && !st.sql().toUpperCase(java.util.Locale.ROOT).contains("FOREIGN KEY");
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
