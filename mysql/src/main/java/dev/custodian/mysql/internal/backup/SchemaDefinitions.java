package dev.custodian.mysql.internal.backup;

import dev.custodian.spi.jdbc.Sql;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The {@code SHOW CREATE …} definitions of the {@code mysql-logical} backup, for other uses than a
 * backup: one definition per object (tables, sequences, routines, views, triggers, events, each
 * with the settings it is created under), without data: no sequence values, and no table's next
 * {@code AUTO_INCREMENT} value, which rows move. And the emptying of a database as a clean
 * restore empties it.
 */
public final class SchemaDefinitions {
    private static final Pattern AUTO_INCREMENT = Pattern.compile("\\s+AUTO_INCREMENT=\\d+");

    private SchemaDefinitions() {
    }

    /** Every object's definition, in the backup's order. Kinds the backup refuses fail, named. */
    public static List<String> read(Connection c, String database) throws SQLException {
        SchemaDump dump = new SchemaDump(c, database);
        SchemaDump.Objects objects = dump.objects();
        String script = dump.preData(objects, objects.tables(), true) + dump.postData(objects, objects.tables(), true);
        List<String> out = new ArrayList<>();
        StringBuilder block = null;
        String kind = null;
        for (String line : script.split("\n", -1)) {
            if (line.startsWith(ScriptReader.TAG)) {
                add(out, kind, block);
                kind = ScriptReader.Tag.parse(line).kind();
                block = new StringBuilder();
            }
            if (block != null) {
                block.append(line).append('\n');
            }
        }
        add(out, kind, block);
        return out;
    }

    /**
     * One object's definition: its DDL first (so that it reads and pairs by its first words), then
     * the settings it is created under; the script's tag, delimiters and settings put back left out.
     */
    private static void add(List<String> out, String kind, StringBuilder block) {
        if (block == null || "SEQUENCE_VALUE".equals(kind)) {
            return;
        }
        StringBuilder ddl = new StringBuilder();
        StringBuilder settings = new StringBuilder();
        for (String line : block.toString().split("\n")) {
            if (line.startsWith(ScriptReader.TAG) || line.startsWith("DELIMITER ") || line.equals(";;")
                    || line.equals(SchemaDump.SESSION + ";") || line.equals(SchemaDump.NAMES + ";")) {
                continue;
            }
            (line.startsWith("SET SESSION ") ? settings : ddl).append(line).append('\n');
        }
        String text = ddl.toString().strip();
        if (text.endsWith(";")) {
            text = text.substring(0, text.length() - 1);
        }
        if ("TABLE".equals(kind)) {
            text = AUTO_INCREMENT.matcher(text).replaceFirst("");
        }
        out.add(settings.length() == 0 ? text : text + "\n-- created with: " + settings.toString().strip());
    }

    /** Drops every view, table, sequence, routine and event of the database, foreign keys unchecked. */
    public static void dropAll(Connection c, String database) throws SQLException {
        Sql.execute(c, "SET SESSION foreign_key_checks = 0");
        try {
            MysqlConnections.dropAll(c, database);
        } finally {
            Sql.execute(c, "SET SESSION foreign_key_checks = 1");
        }
    }
}
