package dev.custodian.mysql.internal.backup;

import dev.custodian.backup.BackupException;
import dev.custodian.backup.BackupFormat;
import dev.custodian.backup.BackupManifest;
import dev.custodian.backup.BackupReader;
import dev.custodian.backup.PartCheck;
import dev.custodian.backup.PartEntry;
import dev.custodian.backup.PartKind;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The connection-free side of {@code mysql-logical}: a part decodes when it splits into
 * statements as the {@code mariadb} client would split it (its INSERT rows counted), and a set
 * exports as one plain SQL script that the {@code mariadb} or {@code mysql} client restores into
 * the database it is started on: {@code mariadb app < backup.sql}.
 */
public final class LogicalFormat implements BackupFormat {

    @Override
    public String engine() {
        return "mysql";
    }

    @Override
    public String strategy() {
        return LogicalStrategy.NAME;
    }

    @Override
    public PartCheck decode(PartEntry part, InputStream data) throws Exception {
        ScriptReader script = new ScriptReader(new BufferedReader(new InputStreamReader(data, StandardCharsets.UTF_8), 1 << 16));
        long rows = 0;
        long statements = 0;
        ScriptReader.Statement st;
        while ((st = script.next()) != null) {
            statements++;
            if (part.kind() == PartKind.DATA && !st.isInsert()) {
                throw new BackupException("part " + part.name() + " holds a statement that is not an INSERT: "
                        + st.sql().substring(0, Math.min(60, st.sql().length())));
            }
            rows += st.rows();
        }
        return new PartCheck(rows, statements + " statement(s) parsed, " + rows + " row(s)");
    }

    @Override
    public String exportExtension() {
        return "sql";
    }

    @Override
    public void export(BackupReader reader, OutputStream out) throws Exception {
        BackupManifest m = reader.manifest();
        String header = "-- Custodian " + LogicalStrategy.NAME + " backup " + oneLine(m.id()) + " of database "
                + oneLine(m.database()) + " (" + oneLine(m.serverVersion()) + ")\n"
                + "-- Restore into an empty database: mariadb <database> < this-file.sql\n"
                + SchemaDump.NAMES + ";\n" + SchemaDump.SESSION + ";\n\n";
        out.write(header.getBytes(StandardCharsets.UTF_8));
        for (PartKind kind : List.of(PartKind.PRE_DATA, PartKind.DATA, PartKind.POST_DATA)) {
            for (PartEntry p : m.parts()) {
                if (p.kind() == kind) {
                    out.write(("-- part " + oneLine(p.name()) + "\n").getBytes(StandardCharsets.UTF_8));
                    try (InputStream in = reader.open(p)) {
                        in.transferTo(out);
                    }
                    out.write('\n');
                }
            }
        }
        out.write("SET SESSION foreign_key_checks = 1, unique_checks = 1;\n".getBytes(StandardCharsets.UTF_8));
    }

    /** A name inside a comment line: no line break may end the comment early. */
    private static String oneLine(String text) {
        return text == null ? "" : text.replaceAll("[\\r\\n\\u0085\\u2028\\u2029]", " ");
    }
}
