package dev.custodian.sqlite;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The {@code sqlite3} command-line shell, the independent oracle of the tests. */
final class Sqlite3 {
    static final String BINARY = "/usr/bin/sqlite3";

    private Sqlite3() {
    }

    /** Runs the shell on a database with the given arguments; returns its output, failing on any error. */
    static String run(Path db, String... args) {
        List<String> command = new ArrayList<>();
        command.add(BINARY);
        command.add("-bail");
        command.add(db.toString());
        command.addAll(List.of(args));
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            p.getOutputStream().close();
            String out;
            try (InputStream in = p.getInputStream()) {
                out = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("sqlite3 timed out on " + db);
            }
            if (p.exitValue() != 0) {
                throw new AssertionError("sqlite3 " + args[0] + " failed on " + db + ": " + out);
            }
            return out;
        } catch (IOException e) {
            throw new AssertionError("cannot run " + BINARY, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Runs a script file of SQL on the database. */
    static void read(Path db, Path script) {
        run(db, ".read '" + script + "'");
    }

    /** The shell's {@code .dump} of the database. */
    static String dump(Path db) {
        return run(db, ".dump");
    }

    /** One value of a query, trimmed. */
    static String value(Path db, String sql) {
        return run(db, sql).trim();
    }

    /** {@code PRAGMA integrity_check}'s output, {@code ok} when sound. */
    static String integrityCheck(Path db) {
        return value(db, "PRAGMA integrity_check");
    }

    /** Writes a test resource to a file so the shell can read it. */
    static Path resource(String name, Path dir) throws IOException {
        Path target = dir.resolve(name);
        try (InputStream in = Sqlite3.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IOException("missing test resource " + name);
            }
            Files.copy(in, target);
        }
        return target;
    }
}
