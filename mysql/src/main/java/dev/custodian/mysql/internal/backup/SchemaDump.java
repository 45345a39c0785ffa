package dev.custodian.mysql.internal.backup;

import dev.custodian.mysql.internal.MysqlQuoting;
import dev.custodian.spi.jdbc.Sql;
import dev.custodian.backup.BackupException;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The definitions of one database as scripts, from {@code SHOW CREATE …}: each object is tagged
 * (see {@link ScriptReader}) and created with its own {@code sql_mode}, character set and, for
 * events, time zone, which are set back after it. Pre-data holds tables and sequences, routines
 * and views (views on views in dependency order); post-data holds sequence values, triggers and
 * events.
 */
final class SchemaDump {
    /** The session every script runs in, and what each object's own settings are set back to. */
    static final String SESSION = "SET SESSION sql_mode = 'NO_AUTO_VALUE_ON_ZERO', time_zone = '+00:00',"
            + " foreign_key_checks = 0, unique_checks = 0";
    static final String NAMES = "SET NAMES utf8mb4";

    private final Connection c;
    private final String database;

    /** The objects of a database; {@code versioned} are the system-versioned ones among {@code tables}. */
    record Objects(List<String> tables, List<String> sequences, List<String> views, List<String> nonTransactional,
            List<String> versioned) {
    }

    SchemaDump(Connection c, String database) {
        this.c = c;
        this.database = database;
    }

    /** Tables, sequences and views; refuses the kinds it cannot reproduce. */
    Objects objects() throws SQLException {
        List<String> tables = new ArrayList<>();
        List<String> sequences = new ArrayList<>();
        List<String> views = new ArrayList<>();
        List<String> other = new ArrayList<>();
        List<String> versioned = new ArrayList<>();
        for (Map<String, Object> r : Sql.rows(c, "SELECT TABLE_NAME AS name, TABLE_TYPE AS type, ENGINE AS engine"
                + " FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? ORDER BY TABLE_NAME", database)) {
            String name = String.valueOf(r.get("name"));
            String type = String.valueOf(r.get("type")).toUpperCase(Locale.ROOT);
            switch (type) {
                case "BASE TABLE" -> {
                    tables.add(name);
                    String engine = String.valueOf(r.get("engine"));
                    if (!engine.equalsIgnoreCase("InnoDB")) {
                        other.add(name + " (" + engine + ")");
                    }
                }
                case "SYSTEM VERSIONED" -> {
                    if (!insertsHistory()) {
                        throw new BackupException("mysql-logical cannot reproduce system versioned table " + name
                                + " of database " + database + ": the server cannot insert its history"
                                + " (system_versioning_insert_history needs MariaDB 10.11); back it up with"
                                + " mariadb-backup, or exclude it with the tables option");
                    }
                    tables.add(name);
                    versioned.add(name);
                }
                case "SEQUENCE" -> sequences.add(name);
                case "VIEW" -> views.add(name);
                default -> throw new BackupException("mysql-logical cannot reproduce " + type.toLowerCase(Locale.ROOT)
                        + " " + name + " of database " + database + " (its history would be lost); back it up with"
                        + " mariadb-backup, or exclude it with the tables option");
            }
        }
        return new Objects(tables, sequences, views, other, versioned);
    }

    /** Whether the server lets a session insert rows with their history (MariaDB 10.11 and later). */
    private boolean insertsHistory() {
        try {
            Sql.string(c, "SELECT @@SESSION.system_versioning_insert_history");
            return true;
        } catch (SQLException e) {
            return false;
        }
    }

    /** The pre-data script: the given tables and sequences; with {@code all}, routines and views too. */
    String preData(Objects o, List<String> tables, boolean all) throws SQLException {
        StringBuilder sb = new StringBuilder();
        if (all) {
            // before the tables: a column default may take its values from a sequence
            for (String s : o.sequences()) {
                String ddl = showCreate("SHOW CREATE SEQUENCE " + MysqlQuoting.q(s), "create table", s);
                sb.append(ScriptReader.Tag.line("SEQUENCE", s, null)).append('\n').append(ddl).append(";\n\n");
            }
        }
        for (String t : tables) {
            String ddl = ownSequences(showCreate("SHOW CREATE TABLE " + MysqlQuoting.q(t), "create table", t), database);
            sb.append(ScriptReader.Tag.line("TABLE", t, null)).append('\n').append(ddl).append(";\n\n");
        }
        if (!all) {
            return sb.toString();
        }
        for (Map<String, Object> r : Sql.rows(c, "SELECT ROUTINE_NAME AS name, ROUTINE_TYPE AS type FROM"
                + " information_schema.ROUTINES WHERE ROUTINE_SCHEMA = ? ORDER BY ROUTINE_TYPE, ROUTINE_NAME", database)) {
            String name = String.valueOf(r.get("name"));
            String type = String.valueOf(r.get("type")).toUpperCase(Locale.ROOT);
            if (!type.equals("FUNCTION") && !type.equals("PROCEDURE")) {
                throw new BackupException("mysql-logical cannot reproduce " + type.toLowerCase(Locale.ROOT) + " " + name
                        + " of database " + database);
            }
            Map<String, Object> row = showRow("SHOW CREATE " + type + " " + MysqlQuoting.q(name), type.toLowerCase(Locale.ROOT), name);
            routine(sb, type, name, null, row, "create " + type.toLowerCase(Locale.ROOT));
        }
        for (String v : viewOrder(o.views())) {
            Map<String, Object> row = showRow("SHOW CREATE VIEW " + MysqlQuoting.q(v), "view", v);
            sb.append(ScriptReader.Tag.line("VIEW", v, null)).append('\n')
                    .append("SET SESSION character_set_client = ").append(row.get("character_set_client"))
                    .append(", collation_connection = ").append(row.get("collation_connection")).append(";\n")
                    .append(text(row, "create view", v)).append(";\n").append(NAMES).append(";\n\n");
        }
        return sb.toString();
    }

    /** The post-data script: sequence values, triggers of the given tables; with {@code all}, events. */
    String postData(Objects o, List<String> tables, boolean all) throws SQLException {
        StringBuilder sb = new StringBuilder();
        if (all) {
            for (String s : o.sequences()) {
                String next = Sql.string(c, "SELECT next_not_cached_value FROM " + MysqlQuoting.q(database) + "." + MysqlQuoting.q(s));
                sb.append(ScriptReader.Tag.line("SEQUENCE_VALUE", s, null)).append('\n')
                        .append("SELECT SETVAL(").append(MysqlQuoting.q(s)).append(", ").append(Long.parseLong(next)).append(", 0);\n\n");
            }
        }
        for (Map<String, Object> r : Sql.rows(c, "SELECT TRIGGER_NAME AS name, EVENT_OBJECT_TABLE AS tbl FROM"
                + " information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = ? ORDER BY EVENT_OBJECT_TABLE, ACTION_TIMING DESC,"
                + " EVENT_MANIPULATION, ACTION_ORDER", database)) {
            String name = String.valueOf(r.get("name"));
            String table = String.valueOf(r.get("tbl"));
            if (tables.contains(table)) {
                routine(sb, "TRIGGER", name, table, showRow("SHOW CREATE TRIGGER " + MysqlQuoting.q(name), "trigger", name),
                        "sql original statement");
            }
        }
        if (all) {
            for (Map<String, Object> r : Sql.rows(c, "SELECT EVENT_NAME AS name FROM information_schema.EVENTS"
                    + " WHERE EVENT_SCHEMA = ? ORDER BY EVENT_NAME", database)) {
                String name = String.valueOf(r.get("name"));
                routine(sb, "EVENT", name, null, showRow("SHOW CREATE EVENT " + MysqlQuoting.q(name), "event", name), "create event");
            }
        }
        return sb.toString();
    }

    /** A routine, trigger or event: its own sql_mode, character set (and time zone), DELIMITER ;; around it. */
    private void routine(StringBuilder sb, String kind, String name, String table, Map<String, Object> row, String column)
            throws SQLException {
        String ddl = text(row, column, name);
        sb.append(ScriptReader.Tag.line(kind, name, table)).append('\n')
                .append("SET SESSION sql_mode = ").append(plain(String.valueOf(row.get("sql_mode"))))
                .append(", character_set_client = ").append(row.get("character_set_client"))
                .append(", collation_connection = ").append(row.get("collation_connection"));
        if (row.get("time_zone") != null) {
            sb.append(", time_zone = ").append(plain(String.valueOf(row.get("time_zone"))));
        }
        sb.append(";\nDELIMITER ;;\n").append(ddl).append("\n;;\nDELIMITER ;\n")
                .append(SESSION).append(";\n").append(NAMES).append(";\n\n");
        if (ddl.contains("\n;;")) {
            throw new BackupException("mysql-logical cannot write " + kind.toLowerCase(Locale.ROOT) + " " + name
                    + ": its body holds a line starting with ';;'");
        }
    }

    /** Views after the views they select from; a view's dependencies are found in its definition. */
    List<String> viewOrder(List<String> views) throws SQLException {
        Map<String, String> definitions = new LinkedHashMap<>();
        for (String v : views) {
            definitions.put(v, text(showRow("SHOW CREATE VIEW " + MysqlQuoting.q(v), "view", v), "create view", v));
        }
        List<String> ordered = new ArrayList<>();
        List<String> left = new ArrayList<>(views);
        while (!left.isEmpty()) {
            String ready = null;
            for (String v : left) {
                String body = definitions.get(v);
                body = body.substring(body.indexOf(" AS ") + 4);
                boolean waits = false;
                for (String other : left) {
                    if (!other.equals(v) && body.contains(MysqlQuoting.q(other))) {
                        waits = true;
                        break;
                    }
                }
                if (!waits) {
                    ready = v;
                    break;
                }
            }
            if (ready == null) {
                ready = left.get(0);
            }
            ordered.add(ready);
            left.remove(ready);
        }
        return ordered;
    }

    /**
     * SHOW CREATE TABLE names a sequence of a column default with its database; a sequence of the
     * backed-up database must be the restored database's own, so that name is left out.
     */
    static String ownSequences(String ddl, String database) {
        return Pattern.compile("\\b(nextval|lastval|setval)\\(" + Pattern.quote(MysqlQuoting.q(database) + "."), Pattern.CASE_INSENSITIVE)
                .matcher(ddl).replaceAll("$1(");
    }

    /** A setting's value quoted; plain when it is only names and signs, as a hex string otherwise. */
    static String plain(String value) {
        return value.matches("[A-Za-z0-9_,:+./ -]*") ? "'" + value + "'" : MysqlQuoting.literal(value);
    }

    private String showCreate(String sql, String column, String name) throws SQLException {
        return text(showRow(sql, column, name), column, name);
    }

    private Map<String, Object> showRow(String sql, String what, String name) throws SQLException {
        List<Map<String, Object>> rows = Sql.show(c, sql);
        if (rows.isEmpty()) {
            throw new BackupException("mysql-logical: " + sql + " returned nothing for " + what + " " + name);
        }
        return rows.get(0);
    }

    private static String text(Map<String, Object> row, String column, String name) {
        Object v = row.get(column);
        if (v == null) {
            throw new BackupException("mysql-logical cannot read the definition of " + name + " (" + column
                    + " is empty: the backup user lacks privileges on it)");
        }
        return v.toString();
    }
}
