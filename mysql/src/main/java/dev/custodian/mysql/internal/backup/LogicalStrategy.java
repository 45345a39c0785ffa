package dev.custodian.mysql.internal.backup;

import dev.custodian.spi.jdbc.Sql;
import dev.custodian.ConfigurationException;
import dev.custodian.backup.BackupException;
import dev.custodian.backup.BackupFeature;
import dev.custodian.backup.BackupOptions;
import dev.custodian.backup.BackupReader;
import dev.custodian.backup.AbstractBackupStrategy;
import dev.custodian.backup.BackupWriter;
import dev.custodian.backup.PartKind;
import dev.custodian.backup.PartOutput;
import dev.custodian.backup.PartSpec;
import dev.custodian.backup.RestoreOptions;
import dev.custodian.backup.RestoreResult;
import dev.custodian.backup.TargetContents;
import dev.custodian.internal.Messages;
import dev.custodian.mysql.internal.MysqlDatabase;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code mysql-logical}: one consistent snapshot of a database as SQL scripts.
 *
 * <p>Backup: one connection at {@code REPEATABLE READ} runs {@code START TRANSACTION WITH
 * CONSISTENT SNAPSHOT} and reads everything inside it; no global read lock is ever taken
 * ({@code FLUSH TABLES WITH READ LOCK} never runs), so tables that are not transactional (MyISAM,
 * Aria) are named in a warning and a fact. The session is {@code utf8mb4}, time zone
 * {@code +00:00}. When binary logging is on, the binlog position (MariaDB: the one of the snapshot
 * itself, {@code binlog_snapshot_file/position}; MySQL: {@code SHOW MASTER STATUS} with the
 * executed GTID set, read right after the snapshot started) is recorded as facts.
 *
 * <p>Parts: {@code schema} (PRE_DATA: tables with their keys, AUTO_INCREMENT counters and foreign
 * keys, sequences, functions, procedures, views in dependency order), one {@code data/<table>}
 * (DATA) per table with its rows in {@link RowFormat} (tab-separated lines, what
 * {@code LOAD DATA} reads), {@code post} (POST_DATA: sequence values,
 * triggers, events). A backup of chosen tables holds those tables, their rows and their
 * triggers only. Big tables are read in pages by primary key where its types allow (see
 * {@link TableDump}). System-versioned tables (MariaDB) are read {@code FOR SYSTEM_TIME ALL} with
 * their row start and end, and restored with {@code system_versioning_insert_history}; where the
 * server lacks it (before 10.11) and for kinds it cannot reproduce (packages) the backup fails
 * naming the object.
 */
public final class LogicalStrategy extends AbstractBackupStrategy {
    /** The strategy's name in manifests. */
    public static final String NAME = "mysql-logical";
    /** The fact naming the system-versioned tables of a set: their rows are restored with their history. */
    static final String VERSIONED_FACT = "systemVersionedTables";
    /** Lets a session insert rows of system-versioned tables with their row start and end (MariaDB 10.11+). */
    static final String INSERT_HISTORY = "SET SESSION system_versioning_insert_history = 1";
    private static final Logger LOG = LoggerFactory.getLogger(LogicalStrategy.class);
    private final MysqlDatabase db;

    public LogicalStrategy(MysqlDatabase db) {
        super(NAME, EnumSet.allOf(BackupFeature.class));
        this.db = db;
    }

    @Override
    public void backup(BackupOptions options, BackupWriter writer) throws Exception {
        Connection c = db.connection();
        try {
            c.setNetworkTimeout(Runnable::run, 0);
            Sql.execute(c, SchemaDump.NAMES);
            Sql.execute(c, "SET SESSION sql_mode = 'NO_AUTO_VALUE_ON_ZERO', time_zone = '+00:00', sql_quote_show_create = 1");
            Sql.execute(c, "SET SESSION TRANSACTION ISOLATION LEVEL REPEATABLE READ");
            Sql.execute(c, "START TRANSACTION WITH CONSISTENT SNAPSHOT");
            String version = Sql.string(c, "SELECT VERSION()");
            MysqlDatabase.Flavour flavour = MysqlDatabase.flavourOf(version);
            writer.serverVersion(flavour.display() + " " + version);
            writer.fact("flavour", flavour.display());
            binlogFacts(c, flavour, writer);
            SchemaDump schema = new SchemaDump(c, db.name());
            SchemaDump.Objects objects = schema.objects();
            List<String> tables = chosen(objects.tables(), options.tables());
            boolean all = options.tables().isEmpty();
            if (!objects.nonTransactional().isEmpty()) {
                String names = String.join(", ", objects.nonTransactional());
                LOG.warn("tables of {} that are not transactional are not part of the consistent snapshot: {}", db.name(), names);
                writer.fact("nonTransactionalTables", names);
            }
            List<String> versioned = objects.versioned().stream().filter(tables::contains).toList();
            if (!versioned.isEmpty()) {
                writer.fact(VERSIONED_FACT, String.join(", ", versioned));
            }
            if (!options.dataOnly()) {
                write(writer, new PartSpec("schema", PartKind.PRE_DATA, null), schema.preData(objects, tables, all));
            }
            if (!options.schemaOnly()) {
                TableFacts facts = TableFacts.read(c, db.name(), null);
                // one writing thread for every table: it writes and closes a part while the next is read
                try (StatementPipe pipe = new StatementPipe(db.name())) {
                    for (String t : tables) {
                        PartOutput out = writer.openPart(new PartSpec("data/" + t, PartKind.DATA, t));
                        try {
                            TableDump.of(c, facts, db.name(), t, versioned.contains(t)).write(c, db.name(), out, pipe);
                        } catch (SQLException e) {
                            throw new BackupException("reading the rows of table " + t + " failed (" + Messages.describe(e)
                                    + "); was the backup's connection killed or the server restarted?", e);
                        }
                        pipe.end(out);
                    }
                    pipe.finish();
                }
            }
            if (!options.dataOnly()) {
                write(writer, new PartSpec("post", PartKind.POST_DATA, null), schema.postData(objects, tables, all));
            }
            Sql.execute(c, "COMMIT");
        } finally {
            MysqlConnections.discard(db, c);
        }
    }

    private static List<String> chosen(List<String> tables, List<String> wanted) {
        if (wanted.isEmpty()) {
            return tables;
        }
        List<String> out = new ArrayList<>();
        for (String w : wanted) {
            if (!tables.contains(w)) {
                throw new ConfigurationException("table '" + w + "' does not exist; tables: " + String.join(", ", tables));
            }
            out.add(w);
        }
        return out;
    }

    private static void write(BackupWriter writer, PartSpec spec, String script) throws Exception {
        PartOutput out = writer.openPart(spec);
        out.write(script.getBytes(StandardCharsets.UTF_8));
        out.close();
    }

    private static void binlogFacts(Connection c, MysqlDatabase.Flavour flavour, BackupWriter writer) throws SQLException {
        if (Sql.number(c, "SELECT @@GLOBAL.log_bin") == 0) {
            writer.fact("binlog", "off");
            return;
        }
        if (flavour == MysqlDatabase.Flavour.MARIADB) {
            Map<String, String> st = MysqlDatabase.variables(c, "SHOW STATUS LIKE 'binlog\\_snapshot\\_%'");
            writer.fact("binlogFile", st.get("binlog_snapshot_file"));
            writer.fact("binlogPosition", st.get("binlog_snapshot_position"));
            String gtid = Sql.string(c, "SELECT BINLOG_GTID_POS(?, ?)", st.get("binlog_snapshot_file"),
                    Long.parseLong(st.get("binlog_snapshot_position")));
            if (gtid != null) {
                writer.fact("gtidPosition", gtid);
            }
            return;
        }
        List<Map<String, Object>> rows;
        try {
            rows = Sql.show(c, "SHOW BINARY LOG STATUS");
        } catch (SQLException beforeMysql84) {
            rows = Sql.show(c, "SHOW MASTER STATUS");
        }
        if (!rows.isEmpty()) {
            writer.fact("binlogFile", String.valueOf(rows.get(0).get("file")));
            writer.fact("binlogPosition", String.valueOf(rows.get(0).get("position")));
            Object gtid = rows.get(0).get("executed_gtid_set");
            if (gtid != null && !gtid.toString().isBlank()) {
                writer.fact("gtidExecuted", gtid.toString());
            }
            writer.fact("binlogNote", "read right after the snapshot started, without a global lock");
        }
    }

    @Override
    public TargetContents inspectTarget() throws Exception {
        try (Connection c = db.connection()) {
            return new TargetContents(MysqlConnections.objects(c, db.name()));
        }
    }

    @Override
    public RestoreResult restore(RestoreOptions options, BackupReader reader) throws Exception {
        return new LogicalRestore(db).restore(options, reader);
    }
}
