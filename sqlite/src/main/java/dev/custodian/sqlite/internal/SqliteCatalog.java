package dev.custodian.sqlite.internal;

import dev.custodian.spi.jdbc.Sql;
import dev.custodian.sqlite.SqliteDialect;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** SQLite catalog queries and check results shared by the engine's pieces; plain queries use core's {@link Sql}. */
public final class SqliteCatalog {
    private SqliteCatalog() {
    }

    /** Quotes an identifier by SQLite's rules. */
    public static String q(String identifier) {
        return SqliteDialect.INSTANCE.quoteIdentifier(identifier);
    }





    /**
     * The rows of {@code PRAGMA integrity_check} or {@code quick_check}: {@code ["ok"]} when sound.
     *
     * @param schema the attached schema name, such as {@code main}
     * @param pragma {@code integrity_check} or {@code quick_check}
     * @param maxErrors the most error rows to collect
     */
    public static List<String> check(Connection c, String schema, String pragma, int maxErrors) throws SQLException {
        return Sql.strings(c, "PRAGMA " + q(schema) + "." + pragma + "(" + maxErrors + ")");
    }

    /**
     * The problems of a check result, one per line: SQLite may put several messages into one row
     * and starts with a {@code *** in database main ***} heading, which is left out.
     */
    public static List<String> problems(List<String> checkRows) {
        List<String> out = new ArrayList<>();
        for (String row : checkRows) {
            for (String line : row.split("\\R")) {
                String l = line.strip();
                if (!l.isEmpty() && !l.startsWith("*** in database")) {
                    out.add(l.length() > 200 ? l.substring(0, 200) + "..." : l);
                }
            }
        }
        return out;
    }

    /** Whether a check result means the database is sound. */
    public static boolean isOk(List<String> checkRows) {
        return checkRows.size() == 1 && "ok".equals(checkRows.get(0));
    }

    /**
     * The user tables of a schema whose rows are counted and copied: ordinary tables and virtual
     * tables, without {@code sqlite_} internals and without the shadow tables of virtual tables.
     */
    public static List<String> userTables(Connection c, String schema) throws SQLException {
        List<String> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT name FROM pragma_table_list WHERE schema = ?"
                + " AND type IN ('table', 'virtual') AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name")) {
            ps.setString(1, schema);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
        }
        return out;
    }

    /** The user objects of a schema (tables, views, indexes, triggers), as {@code type name}. */
    public static List<String> userObjects(Connection c, String schema) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT type, name FROM "
                + q(schema) + ".sqlite_schema WHERE name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY type, name")) {
            while (rs.next()) {
                out.add(rs.getString(1) + " " + rs.getString(2));
            }
        }
        return out;
    }

    /** Rows per user table of a schema, by table name. */
    public static Map<String, Long> rowCounts(Connection c, String schema) throws SQLException {
        Map<String, Long> out = new LinkedHashMap<>();
        for (String table : userTables(c, schema)) {
            out.put(table, Sql.number(c, "SELECT count(*) FROM " + q(schema) + "." + q(table)));
        }
        return out;
    }
}
