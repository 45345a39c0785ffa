package dev.custodian.postgres.internal.backup;

import dev.custodian.postgres.internal.PgDatabase;

import dev.custodian.spi.jdbc.Sql;
import dev.custodian.backup.BackupException;
import dev.custodian.backup.BackupFeature;
import dev.custodian.backup.BackupOptions;
import dev.custodian.backup.BackupReader;
import dev.custodian.backup.AbstractBackupStrategy;
import dev.custodian.backup.BackupRefusedException;
import dev.custodian.backup.BackupWriter;
import dev.custodian.backup.PartKind;
import dev.custodian.backup.PartOutput;
import dev.custodian.backup.PartSpec;
import dev.custodian.backup.RefusedObject;
import dev.custodian.backup.RestoreOptions;
import dev.custodian.backup.RestoreResult;
import dev.custodian.backup.TargetContents;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The logical backup: one {@code REPEATABLE READ, READ ONLY} snapshot with pg_dump's session
 * settings; {@code ACCESS SHARE} locks on every dumped table at once ({@code NOWAIT}); schema from
 * the catalogs as a pre-data and a post-data part; one data part per table, streamed with
 * {@code COPY … TO STDOUT}. Object kinds it cannot reproduce fail the backup, named.
 */
public final class PgLogicalStrategy extends AbstractBackupStrategy {
    /** The strategy's name in manifests. */
    public static final String NAME = "pg-logical";
    private static final Logger LOG = LoggerFactory.getLogger(PgLogicalStrategy.class);
    /**
     * What a restore does not carry over, recorded in every manifest: what belongs to the server
     * (roles, tablespaces) or to the database itself rather than to its objects, as with pg_dump
     * without {@code --create}; and the rows of extensions' configuration tables.
     */
    static final String NOT_INCLUDED = "roles, tablespaces, database-level settings and privileges"
            + " (ALTER DATABASE ... SET, GRANT ... ON DATABASE), rows of extensions' configuration tables";
    /** The manifest facts naming the roles a restore needs: owners, grantees, and those definitions name. */
    static final String OWNER_ROLES = "roles.owners";
    static final String GRANTEE_ROLES = "roles.grantees";
    static final String REQUIRED_ROLES = "roles.required";
    private final PgDatabase db;
    private final int workers;
    private final int restoreWorkers;
    private final PrivilegeOptions privileges;

    /**
     * @param workers connections copying tables at once, sharing the leader's snapshot; 1 for one connection
     */
    public PgLogicalStrategy(PgDatabase db, int workers) {
        this(db, workers, 1);
    }

    /**
     * @param workers connections copying tables at once, sharing the leader's snapshot; 1 for one connection
     * @param restoreWorkers connections loading tables at once; 1 restores in one transaction
     */
    public PgLogicalStrategy(PgDatabase db, int workers, int restoreWorkers) {
        this(db, workers, restoreWorkers, PrivilegeOptions.ALL);
    }

    /**
     * @param workers connections copying tables at once, sharing the leader's snapshot; 1 for one connection
     * @param restoreWorkers connections loading tables at once; 1 restores in one transaction
     * @param privileges whether backups write, and restores apply, owners and privileges
     */
    public PgLogicalStrategy(PgDatabase db, int workers, int restoreWorkers, PrivilegeOptions privileges) {
        super(NAME, Set.of(BackupFeature.SCHEMA_ONLY, BackupFeature.DATA_ONLY, BackupFeature.TABLES,
                BackupFeature.RESTORE_TABLES));
        this.db = db;
        this.workers = Math.max(1, workers);
        this.restoreWorkers = Math.max(1, restoreWorkers);
        this.privileges = privileges;
    }

    @Override
    public void backup(BackupOptions options, BackupWriter writer) throws Exception {
        try (Connection c = db.connection()) {
            boolean auto = c.getAutoCommit();
            c.setAutoCommit(false);
            try {
                String snapshotId = snapshot(c, writer);
                if (!options.dataOnly()) {
                    UnsupportedObjects.check(c);
                }
                Set<Long> scope = new HashSet<>();
                List<TableRef> tables = DataTables.resolve(c, options.tables(), scope);
                lock(c, scope);
                List<SqlScript.Tagged> post = new ArrayList<>();
                boolean whole = options.tables().isEmpty();
                Set<Long> only = whole ? null : scope;
                List<TableSlice> slices = options.schemaOnly() ? List.of() : TableSlice.plan(c, tables, workers);
                ParallelCopy.TableCopy copy = (conn, t) -> data(conn, t, writer);
                // the helper connections copy rows while this one reads the schema
                try (ParallelCopy.Started copies = workers > 1 && slices.size() > 1
                        ? new ParallelCopy(db, workers, snapshotId).start(slices, copy) : null) {
                    PostData data = new PostData(c, only, null);
                    SchemaDefinitions schema = null;
                    if (!options.dataOnly()) {
                        schema = schema(c, only, whole && !options.schemaOnly());
                        script(writer, "pre-data", PartKind.PRE_DATA, schema.pre());
                        roles(writer, schema.roles());
                    }
                    if (!options.schemaOnly()) {
                        post.addAll(data.sequenceValues());
                    }
                    if (schema != null) {
                        post.addAll(schema.post());
                        post.addAll(schema.privileges());
                    }
                    if (!options.schemaOnly()) {
                        post.addAll(data.refreshes());
                    }
                    if (schema != null) {
                        post.addAll(schema.late());
                    }
                    if (copies != null) {
                        copies.finish(c);
                    } else {
                        for (TableSlice t : slices) {
                            copy.copy(c, t);
                        }
                    }
                }
                if (whole && !options.schemaOnly() && LargeObjects.any(c)) {
                    PartOutput out = writer.openPart(new PartSpec(LargeObjects.PART, PartKind.DATA, null));
                    writer.fact("largeObjects", String.valueOf(LargeObjects.write(c, out)));
                    out.close();
                }
                if (!post.isEmpty()) {
                    script(writer, "post-data", PartKind.POST_DATA, post);
                }
                c.commit();
            } finally {
                endQuietly(c, auto);
            }
        }
    }

    /** The definitions, without owners or privileges when so configured. */
    private SchemaDefinitions schema(Connection c, Set<Long> only, boolean largeObjects) throws SQLException {
        SchemaDefinitions schema = SchemaDefinitions.read(c, only, largeObjects, UnsupportedObjects.superuser(c));
        if (privileges.noOwner()) {
            schema = schema.without("owner");
        }
        if (privileges.noPrivileges()) {
            schema = schema.without("acl");
        }
        return schema;
    }

    /** Records the roles a restore needs, as PostgreSQL text arrays. */
    private static void roles(BackupWriter writer, SchemaDefinitions.Roles roles) {
        writer.fact(OWNER_ROLES, textArray(roles.owners()));
        writer.fact(GRANTEE_ROLES, textArray(roles.grantees()));
        writer.fact(REQUIRED_ROLES, textArray(roles.required()));
    }

    static String textArray(java.util.Collection<String> values) {
        StringBuilder sb = new StringBuilder("{");
        for (String v : values) {
            sb.append(sb.length() > 1 ? "," : "").append('"').append(v.replace("\\", "\\\\").replace("\"", "\\\""))
                    .append('"');
        }
        return sb.append('}').toString();
    }

    @Override
    public List<RefusedObject> check(BackupOptions options) throws Exception {
        try (Connection c = db.connection()) {
            boolean auto = c.getAutoCommit();
            c.setAutoCommit(false);
            try {
                Sql.execute(c, "SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY");
                settings(c);
                if (options.dataOnly()) {
                    DataTables.resolve(c, options.tables(), new HashSet<>());
                    return List.of();
                }
                List<RefusedObject> refused = new ArrayList<>(UnsupportedObjects.find(c));
                Set<Long> scope = new HashSet<>();
                DataTables.resolve(c, options.tables(), scope);
                try {
                    schema(c, options.tables().isEmpty() ? null : scope, false);
                } catch (BackupRefusedException e) {
                    refused.addAll(e.objects());
                }
                return refused;
            } finally {
                endQuietly(c, auto);
            }
        }
    }

    /**
     * Ends the snapshot and gives the connection back as it was. After a failure the connection may
     * be gone (terminated by the server); the original failure is what matters then.
     */
    static void endQuietly(Connection c, boolean autoCommit) {
        try {
            if (!c.isClosed()) {
                c.rollback();
                c.setAutoCommit(autoCommit);
            }
        } catch (SQLException e) {
            LOG.debug("cannot end the transaction (connection gone): {}", e.getMessage());
        }
    }

    /** Opens the snapshot with pg_dump's settings and records its facts. */
    private String snapshot(Connection c, BackupWriter writer) throws SQLException {
        Sql.execute(c, "SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY");
        settings(c);
        var r = Sql.rows(c, "SELECT current_setting('server_version') AS version, current_database() AS db,"
                + " pg_export_snapshot() AS snapshot, txid_current_snapshot()::text AS txids, now()::text AS at").get(0);
        writer.serverVersion(Sql.text(r, "version"));
        writer.fact("snapshot", Sql.text(r, "snapshot"));
        writer.fact("txidSnapshot", Sql.text(r, "txids"));
        writer.fact("snapshotTime", Sql.text(r, "at"));
        writer.fact("database", Sql.text(r, "db"));
        writer.fact("notIncluded", NOT_INCLUDED + (privileges.noOwner() ? ", ownership" : "")
                + (privileges.noPrivileges() ? ", privileges" : ""));
        return Sql.text(r, "snapshot");
    }

    /** pg_dump's session settings, for this transaction only, so that values round-trip exactly. */
    static void settings(Connection c) throws SQLException {
        StringBuilder sql = new StringBuilder();
        for (String setting : List.of("statement_timeout = 0", "lock_timeout = 0",
                "idle_in_transaction_session_timeout = 0", "extra_float_digits = 3", "DateStyle = ISO",
                "IntervalStyle = postgres", "search_path = ''", "row_security = off", "client_encoding = 'UTF8'",
                "standard_conforming_strings = on", "quote_all_identifiers = off")) {
            sql.append("SET LOCAL ").append(setting).append("; ");
        }
        // the catalog queries' estimates pass JIT's thresholds on databases of many objects, and
        // compiling them took longer than running them; COPY of a block range gains nothing either
        Sql.execute(c, sql + "SELECT pg_catalog.set_config('jit', 'off', true)"
                + " WHERE pg_catalog.current_setting('server_version_num')::int >= 110000");
    }

    private static void lock(Connection c, Set<Long> scope) throws SQLException {
        if (scope.isEmpty()) {
            return;
        }
        List<String> names = new ArrayList<>();
        for (var r : Sql.rows(c, "SELECT format('%I.%I', n.nspname, c.relname) AS name FROM pg_class c"
                + " JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.oid = ANY (?::oid[]) ORDER BY c.oid",
                c.createArrayOf("oid", scope.toArray()))) {
            names.add(Sql.text(r, "name"));
        }
        try {
            Sql.execute(c, "LOCK TABLE " + String.join(", ", names) + " IN ACCESS SHARE MODE NOWAIT");
        } catch (SQLException e) {
            if ("55P03".equals(e.getSQLState())) {
                throw new BackupException("backup refused: a table is locked exclusively by another session ("
                        + firstLine(e) + "); retry when the schema change is done", e);
            }
            throw e;
        }
    }

    private static void script(BackupWriter writer, String name, PartKind kind, List<SqlScript.Tagged> statements)
            throws Exception {
        PartOutput out = writer.openPart(new PartSpec(name, kind, null));
        SqlScript.write(statements, out);
        out.close();
    }

    private void data(Connection c, TableSlice slice, BackupWriter writer) throws Exception {
        TableRef t = slice.table();
        PartOutput out = writer.openPart(new PartSpec(slice.partName(), PartKind.DATA, t.display()));
        long rows;
        try {
            rows = CopyPart.write(c, slice, out);
        } catch (SQLException e) {
            throw new BackupException("backup of table " + t.display() + " from " + db.target() + " failed: "
                    + firstLine(e), e);
        } catch (java.io.IOException e) {
            if (e.getCause() instanceof SQLException || e.getClass().getName().startsWith("org.postgresql")) {
                throw new BackupException("backup of table " + t.display() + " failed: " + e.getMessage(), e);
            }
            throw e;
        }
        out.addRows(rows);
        out.close();
    }

    static String firstLine(Exception e) {
        String m = String.valueOf(e.getMessage());
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }

    @Override
    public TargetContents inspectTarget() throws Exception {
        try (Connection c = db.connection()) {
            return new TargetContents(TargetCleaner.userObjects(c));
        }
    }

    @Override
    public RestoreResult restore(RestoreOptions options, BackupReader reader) throws Exception {
        return new PgRestore(db, restoreWorkers, privileges).run(options, reader);
    }
}
