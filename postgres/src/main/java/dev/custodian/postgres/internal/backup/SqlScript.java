package dev.custodian.postgres.internal.backup;

import dev.custodian.backup.VerificationException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.Writer;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The form of the pre-data and post-data parts: a plain SQL script psql runs as it is, each
 * statement preceded by a comment line {@code --@ <length>} giving its length in characters, so
 * that a restore splits statements exactly, whatever quotes, semicolons or dollar-quoted bodies
 * they hold.
 */
final class SqlScript {
    static final String MARK = "--@ ";

    /** What to do with each statement read, with its tag ({@code fk}, {@code data}) or an empty one. */
    @FunctionalInterface
    interface Sink {
        void accept(String statement, String tag) throws Exception;
    }

    /** A statement and its tag. */
    record Tagged(String sql, String tag) {
    }

    private SqlScript() {
    }

    static void write(List<Tagged> statements, OutputStream out) throws IOException {
        Out w = new Out(out);
        for (Tagged s : statements) {
            w.write(s.sql(), s.tag());
        }
        w.flush();
    }

    /** Writes statements one at a time, for parts too large to list first. */
    static final class Out {
        private final Writer w;

        Out(OutputStream out) {
            this.w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
        }

        void write(String sql, String tag) throws IOException {
            w.write(MARK + sql.length() + (tag.isEmpty() ? "" : " " + tag) + "\n" + sql + ";\n\n");
        }

        void flush() throws IOException {
            w.flush();
        }
    }

    /** Reads every statement of a part to its end; returns how many there were. */
    static long read(InputStream in, String part, Sink sink) throws Exception {
        BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        long count = 0;
        String line;
        while ((line = r.readLine()) != null) {
            if (!line.startsWith(MARK)) {
                if (!line.isEmpty() && !line.startsWith("--")) {
                    throw new VerificationException("part " + part + " is damaged: text outside a statement: "
                            + abbreviate(line));
                }
                continue;
            }
            int length;
            String[] fields = line.substring(MARK.length()).trim().split(" ");
            String tag = fields.length > 1 ? fields[1] : "";
            try {
                length = Integer.parseInt(fields[0]);
            } catch (NumberFormatException e) {
                throw new VerificationException("part " + part + " is damaged: bad statement length " + abbreviate(line));
            }
            char[] text = new char[length];
            int read = 0;
            while (read < length) {
                int n = r.read(text, read, length - read);
                if (n < 0) {
                    throw new VerificationException("part " + part + " is truncated inside statement " + (count + 1));
                }
                read += n;
            }
            String end = r.readLine();
            if (!";".equals(end)) {
                throw new VerificationException("part " + part + " is damaged after statement " + (count + 1));
            }
            count++;
            sink.accept(new String(text), tag);
        }
        return count;
    }

    /**
     * A statement tagged {@code secret} as messages may show it: cut before its options or
     * connection string, which may hold a password.
     */
    static String withoutSecrets(String sql) {
        String flat = sql.replaceAll("\\s+", " ");
        int cut = flat.length();
        for (String marker : List.of(" OPTIONS (", " CONNECTION ")) {
            int i = flat.indexOf(marker);
            if (i >= 0 && i < cut) {
                cut = i;
            }
        }
        return abbreviate(flat.substring(0, cut)) + " ...";
    }

    static String abbreviate(String s) {
        return s.length() > 60 ? s.substring(0, 60) + "..." : s;
    }
}
