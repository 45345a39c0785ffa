package dev.custodian.postgres.internal.backup;

import dev.custodian.postgres.internal.PgDatabase;
import dev.custodian.postgres.internal.PostgresDialectAccess;

import dev.custodian.spi.jdbc.Sql;
import dev.custodian.ConfigurationException;
import dev.custodian.backup.BackupException;
import dev.custodian.backup.BackupReader;
import dev.custodian.backup.PartEntry;
import dev.custodian.backup.PartKind;
import dev.custodian.backup.RestoreOptions;
import dev.custodian.backup.RestoreResult;
import java.io.BufferedInputStream;
import java.io.InputStream;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Set;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Restores a {@code pg-logical} set in one transaction: pre-data, then each table's rows through
 * {@code COPY … FROM STDIN}, then post-data. A failure rolls everything back, leaving the target
 * as it was. With several workers the rows load on as many connections, a transaction per table,
 * between a pre-data and a post-data transaction; a failure then may leave the target partly
 * restored. Chosen tables restore into an empty target with the whole schema (foreign keys left
 * out, their referenced rows may be missing); into a non-empty target only those tables' rows are
 * replaced.
 */
final class PgRestore {
    private static final Logger LOG = LoggerFactory.getLogger(PgRestore.class);
    private final PgDatabase db;
    private final int workers;
    private final PrivilegeOptions privileges;
    /** With several workers: the builds already run beside the loads, which post-data then skips. */
    private LoadSchedule early;

    /**
     * @param workers connections loading tables at once; 1 restores in one transaction
     * @param privileges whether to apply the set's owners and privileges
     */
    PgRestore(PgDatabase db, int workers, PrivilegeOptions privileges) {
        this.db = db;
        this.workers = Math.max(1, workers);
        this.privileges = privileges;
    }

    RestoreResult run(RestoreOptions options, BackupReader reader) throws Exception {
        List<PartEntry> parts = reader.manifest().parts();
        boolean subset = !options.tables().isEmpty();
        List<PartEntry> data = parts.stream().filter(p -> p.kind() == PartKind.DATA && p.table() != null)
                .filter(p -> !subset || options.tables().contains(p.table())).toList();
        int n = Math.min(workers, poolCapacity());
        // one table too: its indexes then build on several connections once its rows are in
        if (n > 1 && !data.isEmpty()) {
            return parallel(options, reader, data, n);
        }
        Map<String, Long> rows = new LinkedHashMap<>();
        try (Connection c = db.connection()) {
            boolean auto = c.getAutoCommit();
            c.setAutoCommit(false);
            try {
                boolean schema = before(c, options, reader, data);
                // the tables were created in this transaction: their rows may be written frozen
                boolean freeze = schema && readCommitted(c);
                for (PartEntry p : data) {
                    rows.merge(p.table(), load(c, reader, p, freeze), Long::sum);
                }
                largeObjects(c, options, reader, schema);
                after(c, options, reader, schema, null);
                c.commit();
            } finally {
                PgLogicalStrategy.endQuietly(c, auto);
            }
        }
        return new RestoreResult(rows);
    }

    /**
     * Pre-data in one transaction, the tables' rows on several connections (a transaction per
     * table), post-data in one transaction. A failure after the first commit leaves the target
     * partly restored, which the error says.
     */
    private RestoreResult parallel(RestoreOptions options, BackupReader reader, List<PartEntry> data, int n)
            throws Exception {
        boolean schema;
        try (Connection c = db.connection()) {
            boolean auto = c.getAutoCommit();
            c.setAutoCommit(false);
            try {
                schema = before(c, options, reader, data);
                c.commit();
            } finally {
                PgLogicalStrategy.endQuietly(c, auto);
            }
        }
        Map<String, Long> loaded;
        try {
            LoadSchedule schedule = new LoadSchedule(ParallelLoad.byTable(data));
            if (schema) {
                try (Connection c = db.connection()) {
                    schedule.addBuilds(c, reader, skipped(options.tables().isEmpty() ? null : "fk"));
                }
            }
            early = schedule;
            loaded = new ParallelLoad(db, n, !schema).run(schedule, reader);
        } catch (Exception e) {
            throw partly("the rows of " + data.size() + " tables on " + Math.min(n, data.size()) + " connections", e);
        }
        try (Connection c = db.connection()) {
            boolean auto = c.getAutoCommit();
            c.setAutoCommit(false);
            try {
                settings(c);
                largeObjects(c, options, reader, schema);
                ParallelPostData builds = new ParallelPostData(db, n);
                try {
                    after(c, options, reader, schema, builds);
                } finally {
                    builds.close();
                }
                c.commit();
            } finally {
                PgLogicalStrategy.endQuietly(c, auto);
            }
        } catch (Exception e) {
            throw partly("post-data (indexes, constraints, triggers)", e);
        }
        Map<String, Long> rows = new LinkedHashMap<>();
        data.forEach(p -> rows.put(p.table(), loaded.get(p.table())));
        return new RestoreResult(rows);
    }

    /** No more workers than a Hikari pool has connections, so none waits for another to finish. */
    private int poolCapacity() {
        if (db.pool() instanceof com.zaxxer.hikari.HikariDataSource hikari) {
            if (hikari.getMaximumPoolSize() < workers) {
                LOG.info("restoring on {} connections, the size of the pool, rather than {}", hikari.getMaximumPoolSize(),
                        workers);
            }
            return Math.max(1, hikari.getMaximumPoolSize());
        }
        return workers;
    }

    private BackupException partly(String stage, Exception e) {
        String cause = e instanceof dev.custodian.CustodianException ? e.getMessage()
                : PgLogicalStrategy.firstLine(e);
        return new BackupException("parallel restore into " + db.target() + " failed in " + stage + ": " + cause
                + "; the target may be partly restored: restore again with clean", e);
    }

    /** The session settings of a restore transaction. */
    static void settings(Connection c) throws SQLException {
        Sql.execute(c, SETTINGS);
    }

    /**
     * The settings of a worker's transaction in a restore on several connections: its commit need
     * not wait for the disk, since the restore's last transaction, on the leader, does, and that
     * flushes every record written before it.
     */
    static void workerSettings(Connection c) throws SQLException {
        Sql.execute(c, SETTINGS + "; SET LOCAL synchronous_commit = off");
    }

    /** The settings as one round trip. */
    private static final String SETTINGS = String.join("; ", List.of("statement_timeout = 0", "lock_timeout = 0",
            "check_function_bodies = false", "client_min_messages = warning", "search_path = ''",
            "standard_conforming_strings = on", "idle_in_transaction_session_timeout = 0").stream()
            .map(s -> "SET LOCAL " + s).toList());

    /**
     * Settings, then pre-data (after clean when asked) or the existing tables made ready for rows.
     *
     * @return whether the schema is restored from the set
     */
    private boolean before(Connection c, RestoreOptions options, BackupReader reader, List<PartEntry> data)
            throws Exception {
        List<PartEntry> parts = reader.manifest().parts();
        boolean hasSchema = parts.stream().anyMatch(p -> p.kind() == PartKind.PRE_DATA);
        settings(c);
        boolean empty = TargetCleaner.userObjects(c).isEmpty();
        boolean subset = !options.tables().isEmpty();
        boolean schema = hasSchema && (!subset || empty);
        if (schema) {
            RoleCheck.refuseMissing(c, reader.manifest(), privileges, db.target());
        }
        if (options.clean() && schema && !empty) {
            TargetCleaner.clean(c);
        }
        if (schema) {
            scripts(c, reader, parts, PartKind.PRE_DATA, "", null);
        } else {
            prepareExisting(c, data, options.clean());
        }
        return schema;
    }

    /** Post-data: without foreign keys for chosen tables into an empty target; none for rows into existing tables. */
    private void after(Connection c, RestoreOptions options, BackupReader reader, boolean schema,
            ParallelPostData builds) throws Exception {
        List<PartEntry> parts = reader.manifest().parts();
        boolean subset = !options.tables().isEmpty();
        if (schema) {
            scripts(c, reader, parts, PartKind.POST_DATA, subset ? "fk" : null, builds);
        } else if (!subset) {
            scripts(c, reader, parts, PartKind.POST_DATA, null, builds);
        }
    }

    /**
     * Large objects' data, with a whole restore or with the schema; a data-only set's into a target
     * whose large objects are replaced with clean.
     */
    private void largeObjects(Connection c, RestoreOptions options, BackupReader reader, boolean schema)
            throws Exception {
        List<PartEntry> parts = reader.manifest().parts().stream()
                .filter(p -> p.kind() == PartKind.DATA && LargeObjects.PART.equals(p.name())).toList();
        if (parts.isEmpty() || (!schema && !options.tables().isEmpty())) {
            return;
        }
        if (!schema && options.clean()) {
            Sql.execute(c, "SELECT pg_catalog.lo_unlink(oid) FROM pg_catalog.pg_largeobject_metadata");
        }
        for (PartEntry p : parts) {
            run(c, reader, p, Set.of(), null, null);
        }
    }

    /** Data into existing tables: they must exist; with clean they are emptied first, triggers off if allowed. */
    private void prepareExisting(Connection c, List<PartEntry> data, boolean clean) throws SQLException {
        List<String> names = new ArrayList<>();
        for (PartEntry p : data) {
            String quoted = quotedTable(p.table());
            if (Sql.string(c, "SELECT to_regclass(?)", quoted) == null) {
                throw new BackupException("restore refused: table " + p.table() + " does not exist in "
                        + db.target() + "; restore the whole set into an empty database");
            }
            if (!names.contains(quoted)) {
                names.add(quoted);
            }
        }
        if (clean && !names.isEmpty()) {
            Sql.execute(c, "TRUNCATE " + String.join(", ", names));
        }
        replicaRole(c);
    }

    /** Foreign key checks and triggers off for this transaction when the role may do that. */
    static void replicaRole(Connection c) throws SQLException {
        Sql.execute(c, "SAVEPOINT replica_role");
        try {
            Sql.execute(c, "SET LOCAL session_replication_role = replica");
        } catch (SQLException e) {
            Sql.execute(c, "ROLLBACK TO SAVEPOINT replica_role");
            LOG.info("restoring rows with foreign key checks on: {}", PgLogicalStrategy.firstLine(e));
        }
    }

    /** {@code schema.table} as the manifest names it, quoted; the schema is the part before the first dot. */
    static String quotedTable(String table) {
        int dot = table.indexOf('.');
        if (dot < 0) {
            throw new ConfigurationException("table name " + table + " has no schema");
        }
        return PostgresDialectAccess.qualified(table.substring(0, dot), table.substring(dot + 1));
    }

    /**
     * Runs every statement of the parts of a kind.
     *
     * @param skipTag statements with this tag are left out; null runs every statement; {@code ""}
     *     runs every statement too (pre-data has no tags)
     * @param builds where index and key builds go to run on several connections; null runs all in order here
     */
    private void scripts(Connection c, BackupReader reader, List<PartEntry> parts, PartKind kind, String skipTag,
            ParallelPostData builds) throws Exception {
        Set<String> skip = skipped(skipTag);
        for (PartEntry p : parts) {
            if (p.kind() == kind) {
                run(c, reader, p, skip, builds, kind == PartKind.POST_DATA ? early : null);
            }
        }
        if (builds != null) {
            builds.flush(c);
        }
    }

    /** The tags of statements left out: {@code skipTag} (unless null or empty), owners and privileges when so configured. */
    private Set<String> skipped(String skipTag) {
        Set<String> skip = new HashSet<>();
        if (skipTag != null && !skipTag.isEmpty()) {
            skip.add(skipTag);
        }
        if (privileges.noOwner()) {
            skip.add("owner");
        }
        if (privileges.noPrivileges()) {
            skip.add("acl");
        }
        return skip;
    }

    /**
     * Runs a part's statements but those tagged to be skipped and those {@code done} already ran;
     * a failing one is named, unless it is secret.
     */
    private static void run(Connection c, BackupReader reader, PartEntry p, Set<String> skip, ParallelPostData builds,
            LoadSchedule done) throws Exception {
        try (InputStream in = reader.open(p); Statement s = c.createStatement()) {
            s.setEscapeProcessing(false);
            long[] n = {0};
            SqlScript.read(in, p.name(), (sql, tag) -> {
                n[0]++;
                if (skip.contains(tag) || done != null && done.built(p.name(), n[0])
                        || builds != null && builds.offer(c, sql, p.name(), n[0])) {
                    return;
                }
                try {
                    s.execute(sql);
                } catch (SQLException e) {
                    String shown = "secret".equals(tag) ? SqlScript.withoutSecrets(sql)
                            : SqlScript.abbreviate(sql.replaceAll("\\s+", " "));
                    throw new BackupException("restore failed at statement " + n[0] + " of part " + p.name() + " ("
                            + shown + "): " + PgLogicalStrategy.firstLine(e), e);
                }
            });
        }
    }

    private long load(Connection c, BackupReader reader, PartEntry p, boolean freeze) throws Exception {
        try (InputStream raw = reader.open(p); InputStream in = new BufferedInputStream(raw, 1 << 16)) {
            return load(c, in, p, freeze);
        }
    }

    /**
     * Whether the transaction reads committed data, statement by statement: COPY FREEZE refuses
     * to run in a transaction holding a snapshot (a pool configured for repeatable read).
     */
    static boolean readCommitted(Connection c) throws SQLException {
        return "read committed".equals(Sql.string(c, "SELECT current_setting('transaction_isolation')"));
    }

    /**
     * Loads one part's stream (its COPY line first) into its table.
     *
     * @param freeze whether the table was created or emptied in this transaction, so that its rows may be written frozen
     */
    static long load(Connection c, InputStream in, PartEntry p, boolean freeze) throws Exception {
        CopyPart.Header copy = CopyPart.header(in, p.name());
        try {
            return CopyPart.load(c, copy, in, p.name(), freeze);
        } catch (SQLException e) {
            throw new BackupException("restore of table " + p.table() + " failed: "
                    + PgLogicalStrategy.firstLine(e), e);
        }
    }
}
