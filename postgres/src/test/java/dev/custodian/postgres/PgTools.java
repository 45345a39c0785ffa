package dev.custodian.postgres;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The server's own tools as independent oracles: psql and pg_dump. */
final class PgTools {
    private PgTools() {
    }

    /** A libpq URI for a JDBC URL of the test server. */
    static String libpq(String jdbcUrl) {
        return jdbcUrl.substring("jdbc:".length());
    }

    /** Runs a SQL file with psql, stopping at the first error; returns its output. */
    static String psqlFile(String jdbcUrl, Path file, boolean singleTransaction) throws IOException, InterruptedException {
        return psqlFile(jdbcUrl, file, singleTransaction, java.util.Map.of());
    }

    /** Runs a SQL file with psql and these variables, stopping at the first error; returns its output. */
    static String psqlFile(String jdbcUrl, Path file, boolean singleTransaction, java.util.Map<String, String> variables)
            throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("psql", "-X", "-q", "-v", "ON_ERROR_STOP=1"));
        variables.forEach((k, v) -> cmd.addAll(List.of("-v", k + "=" + v)));
        if (singleTransaction) {
            cmd.add("--single-transaction");
        }
        cmd.addAll(List.of("-f", file.toString(), libpq(jdbcUrl)));
        return run(cmd);
    }

    /** pg_dump's schema of a database, owners and privileges included; the restrict keys and the header left out. */
    static String schema(String jdbcUrl) throws IOException, InterruptedException {
        String dump = run(List.of("pg_dump", "--schema-only", libpq(jdbcUrl)));
        StringBuilder sb = new StringBuilder();
        for (String line : dump.split("\n", -1)) {
            if (line.startsWith("\\restrict") || line.startsWith("\\unrestrict") || line.startsWith("-- Dumped")) {
                continue;
            }
            sb.append(line).append('\n');
        }
        return sb.toString();
    }

    /** pg_dump's whole dump (schema and data) of a database, the restrict keys left out. */
    static String dump(String jdbcUrl) throws IOException, InterruptedException {
        String dump = run(List.of("pg_dump", libpq(jdbcUrl)));
        StringBuilder sb = new StringBuilder();
        for (String line : dump.split("\n", -1)) {
            if (line.startsWith("\\restrict") || line.startsWith("\\unrestrict")) {
                continue;
            }
            sb.append(line).append('\n');
        }
        return sb.toString();
    }

    static String run(List<String> cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(300, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(cmd.get(0) + " did not finish");
        }
        String text = new String(out, StandardCharsets.UTF_8);
        if (p.exitValue() != 0) {
            throw new AssertionError(cmd.get(0) + " failed (" + p.exitValue() + "): " + text);
        }
        return text;
    }
}
