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
 * The connection-free side of {@code mysql-logical}: a definitions part decodes when it splits
 * into statements as the {@code mariadb} client would split it, a data part when every row has
 * the fields its header names (rows counted; a data part of INSERTs, as older sets hold, is split
 * and its rows counted), and a set exports as one plain SQL script (rows as multi-row INSERTs)
 * that the {@code mariadb} or {@code mysql} client restores into
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
        java.io.BufferedInputStream in = new java.io.BufferedInputStream(data, 1 << 16);
        if (part.kind() == PartKind.DATA) {
            in.mark(1 << 20);
            LineChunks chunks = new LineChunks(in, 1 << 20);
            String header = chunks.header();
            if (header != null && RowFormat.isHeader(header)) {
                return decodeRows(part, RowFormat.parse(header), chunks);
            }
            in.reset();
        }
        ScriptReader script = new ScriptReader(new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 1 << 16));
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

    /** Rows of the row form: every line has one field per column. */
    private static PartCheck decodeRows(PartEntry part, RowFormat format, LineChunks chunks) throws Exception {
        int tabs = format.fields().size() - 1;
        long rows = 0;
        LineChunks.Chunk chunk;
        while ((chunk = chunks.next()) != null) {
            byte[] b = chunk.bytes();
            int seen = 0;
            for (int i = 0; i < chunk.length(); i++) {
                if (b[i] == '\t') {
                    seen++;
                } else if (b[i] == '\n') {
                    rows++;
                    if (seen != tabs) {
                        throw new BackupException("part " + part.name() + ": row " + rows + " has " + (seen + 1)
                                + " field(s) where the header names " + format.fields().size());
                    }
                    seen = 0;
                }
            }
        }
        return new PartCheck(rows, rows + " row(s) of " + format.fields().size() + " column(s)");
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
                + SchemaDump.NAMES + ";\n" + SchemaDump.SESSION + ";\n"
                + (m.facts().containsKey(LogicalStrategy.VERSIONED_FACT) ? LogicalStrategy.INSERT_HISTORY + ";\n" : "") + "\n";
        out.write(header.getBytes(StandardCharsets.UTF_8));
        for (PartKind kind : List.of(PartKind.PRE_DATA, PartKind.DATA, PartKind.POST_DATA)) {
            for (PartEntry p : m.parts()) {
                if (p.kind() == kind) {
                    out.write(("-- part " + oneLine(p.name()) + "\n").getBytes(StandardCharsets.UTF_8));
                    try (InputStream in = reader.open(p)) {
                        if (kind == PartKind.DATA) {
                            exportRows(p, in, out);
                        } else {
                            in.transferTo(out);
                        }
                    }
                    out.write('\n');
                }
            }
        }
        out.write("SET SESSION foreign_key_checks = 1, unique_checks = 1;\n".getBytes(StandardCharsets.UTF_8));
    }

    /** A data part as multi-row INSERTs of about a mebibyte (a part of INSERTs as it is). */
    private static void exportRows(PartEntry p, InputStream data, OutputStream out) throws Exception {
        java.io.BufferedInputStream in = new java.io.BufferedInputStream(data, 1 << 16);
        in.mark(1 << 20);
        LineChunks chunks = new LineChunks(in, 1 << 20);
        String header = chunks.header();
        if (header == null || !RowFormat.isHeader(header)) {
            in.reset();
            in.transferTo(out);
            return;
        }
        RowFormat format = RowFormat.parse(header);
        if (format.fields().isEmpty()) {
            return;
        }
        byte[] head = format.insertHead(p.table());
        StatementBuffer insert = new StatementBuffer((1 << 20) + (1 << 18));
        LineChunks.Chunk chunk;
        while ((chunk = chunks.next()) != null) {
            insert.write(head);
            format.tuples(chunk.bytes(), 0, chunk.length(), insert);
            insert.write(';');
            insert.write('\n');
            out.write(insert.toByteArray());
            insert.reset((1 << 20) + (1 << 18));
        }
    }

    /** A name inside a comment line: no line break may end the comment early. */
    private static String oneLine(String text) {
        return text == null ? "" : text.replaceAll("[\\r\\n\\u0085\\u2028\\u2029]", " ");
    }
}
