package dev.custodian.mysql.internal.backup;

import dev.custodian.spi.jdbc.Sql;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What information_schema says of the tables a backup reads — their columns, primary key
 * columns and size statistics — read by three queries for the whole database rather than three
 * per table (hundreds of small tables would otherwise cost more in these queries than in rows),
 * and the session's max_allowed_packet.
 */
final class TableFacts {
    private final Map<String, List<Map<String, Object>>> columns;
    private final Map<String, List<Map<String, Object>>> primaryKeys;
    private final Map<String, List<Map<String, Object>>> stats;
    private final long maxPacket;

    private TableFacts(Map<String, List<Map<String, Object>>> columns, Map<String, List<Map<String, Object>>> primaryKeys,
            Map<String, List<Map<String, Object>>> stats, long maxPacket) {
        this.columns = columns;
        this.primaryKeys = primaryKeys;
        this.stats = stats;
        this.maxPacket = maxPacket;
    }

    /** The facts of every table of the database; with {@code table}, of that one only. */
    static TableFacts read(Connection c, String database, String table) throws SQLException {
        String only = table == null ? "" : " AND TABLE_NAME = ?";
        Object[] args = table == null ? new Object[] {database} : new Object[] {database, table};
        return new TableFacts(
                byTable(Sql.rows(c, "SELECT TABLE_NAME AS t, COLUMN_NAME AS name, DATA_TYPE AS type, EXTRA AS extra,"
                        + " COLUMN_KEY AS k, GENERATION_EXPRESSION AS g, CHARACTER_OCTET_LENGTH AS octets,"
                        + " IS_NULLABLE AS nullable"
                        + " FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = ?" + only
                        + " ORDER BY TABLE_NAME, ORDINAL_POSITION", args)),
                byTable(Sql.rows(c, "SELECT TABLE_NAME AS t, COLUMN_NAME AS name FROM information_schema.KEY_COLUMN_USAGE"
                        + " WHERE TABLE_SCHEMA = ?" + only + " AND CONSTRAINT_NAME = 'PRIMARY'"
                        + " ORDER BY TABLE_NAME, ORDINAL_POSITION", args)),
                byTable(Sql.rows(c, "SELECT TABLE_NAME AS t, TABLE_ROWS AS n, AVG_ROW_LENGTH AS avg, DATA_LENGTH AS bytes"
                        + " FROM information_schema.TABLES WHERE TABLE_SCHEMA = ?" + only, args)),
                Sql.number(c, "SELECT @@SESSION.max_allowed_packet"));
    }

    private static Map<String, List<Map<String, Object>>> byTable(List<Map<String, Object>> rows) {
        Map<String, List<Map<String, Object>>> out = new HashMap<>();
        for (Map<String, Object> r : rows) {
            out.computeIfAbsent(Sql.text(r, "t"), t -> new java.util.ArrayList<>()).add(r);
        }
        return out;
    }

    /** The table's columns in order: name, type, extra, k (column key), g (generation), octets, nullable (YES or NO). */
    List<Map<String, Object>> columns(String table) {
        return columns.getOrDefault(table, List.of());
    }

    /** The table's primary key columns in order: name. */
    List<Map<String, Object>> primaryKey(String table) {
        return primaryKeys.getOrDefault(table, List.of());
    }

    /** The session's max_allowed_packet: the largest value a function of the server may return. */
    long maxPacket() {
        return maxPacket;
    }

    /** The table's statistics (n rows, avg row length, bytes of data), or none. */
    List<Map<String, Object>> stats(String table) {
        return stats.getOrDefault(table, List.of());
    }
}
