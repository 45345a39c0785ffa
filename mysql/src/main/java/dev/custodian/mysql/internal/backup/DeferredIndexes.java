package dev.custodian.mysql.internal.backup;

import dev.custodian.mysql.internal.MysqlQuoting;
import dev.custodian.spi.jdbc.Sql;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The plain secondary indexes of tables about to be loaded, dropped before the load and added
 * back after it: InnoDB builds an index over loaded rows by sorting them, far faster than
 * inserting every row into it at random places (foreign key checks are off, so even an index a
 * foreign key uses may go for the while). Unique, full-text and spatial indexes stay. Each index
 * comes back from its own line of {@code SHOW CREATE TABLE}, in the same order, so the table's
 * definition is the same as before.
 */
final class DeferredIndexes {
    private static final Pattern KEY = Pattern.compile("^  KEY (`(?:[^`]|``)+`) \\(.*\\)[^`]*$");
    private final Map<String, List<String>> dropped = new LinkedHashMap<>();

    /** Drops the plain secondary indexes of a table, remembering their definitions. */
    void drop(Connection c, String table) throws SQLException {
        List<Map<String, Object>> rows = Sql.show(c, "SHOW CREATE TABLE " + MysqlQuoting.q(table));
        if (rows.isEmpty()) {
            return;
        }
        String ddl = String.valueOf(rows.get(0).get("create table"));
        List<String> keys = new ArrayList<>();
        StringBuilder drop = new StringBuilder();
        for (String line : ddl.split("\n")) {
            String def = line.endsWith(",") ? line.substring(0, line.length() - 1) : line;
            Matcher m = KEY.matcher(def);
            if (m.matches()) {
                keys.add(def.trim());
                drop.append(drop.length() == 0 ? "" : ", ").append("DROP INDEX ").append(m.group(1));
            }
        }
        if (!keys.isEmpty()) {
            Sql.execute(c, "ALTER TABLE " + MysqlQuoting.q(table) + " " + drop);
            dropped.put(table, keys);
        }
    }

    /** Adds back every index dropped, one ALTER TABLE per table. */
    void restore(Connection c) throws SQLException {
        for (Map.Entry<String, List<String>> e : dropped.entrySet()) {
            StringBuilder add = new StringBuilder();
            for (String key : e.getValue()) {
                add.append(add.length() == 0 ? "" : ", ").append("ADD ").append(key);
            }
            Sql.execute(c, "ALTER TABLE " + MysqlQuoting.q(e.getKey()) + " " + add);
        }
        dropped.clear();
    }
}
