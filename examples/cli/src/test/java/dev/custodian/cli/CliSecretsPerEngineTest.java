package dev.custodian.cli;

import static dev.custodian.cli.Cli.run;
import static org.assertj.core.api.Assertions.assertThat;

import dev.custodian.testing.LogCapture;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * With every engine, a password given in the URL or as a property never reaches the CLI's output,
 * its errors or the library's log: health, pool, maintenance, backup, list, verify, restore, and a
 * wrong password. MySQL and Redis check the password for real; PostgreSQL's test server trusts
 * local connections, so there the password is carried but not checked; SQLite has none and gets it
 * as a driver property.
 */
class CliSecretsPerEngineTest {
    private static final String SECRET = "Cli-Secret-" + UUID.randomUUID().toString().substring(0, 8);

    @TempDir
    Path dir;

    /** Runs the commands of an engine's URL and collects everything printed and logged. */
    private void everyCommandHidesTheSecret(String url, String restoreUrl, String wrongUrl, String... property)
            throws Exception {
        Path store = dir.resolve("store-" + UUID.randomUUID());
        List<Cli.Run> runs = new ArrayList<>();
        String logged = LogCapture.during(() -> {
            runs.add(answered(run(concat(new String[] {"health", "--url", url, "--json"}, property))));
            runs.add(answered(run(concat(new String[] {"health", "--url", url}, property))));
            runs.add(run(concat(new String[] {"pool", "--url", url, "--json"}, property)).succeeds());
            runs.add(answered(run(concat(new String[] {"maintain", "--url", url, "--dry-run", "--json"}, property))));
            runs.add(run(concat(new String[] {"backup", "--url", url, "--to", store.toString(), "--verbose"}, property))
                    .succeeds());
            runs.add(run("list", "--from", store.toString(), "--json").succeeds());
            runs.add(run("verify", "--from", store.toString()).succeeds());
            runs.add(run(concat(new String[] {"restore", "--url", restoreUrl, "--from", store.toString(), "--clean"},
                    property)).succeeds());
            if (wrongUrl != null) {
                runs.add(run("health", "--url", wrongUrl, "--verbose").exits(3));
            }
        });
        for (Cli.Run r : runs) {
            r.neverShows(SECRET);
        }
        assertThat(logged).doesNotContain(SECRET);
        assertThat(runs.get(0).out()).contains("\"status\"");
    }

    // a run that reached the database: health UP or DEGRADED, or a dry run (a task may lack a privilege)
    private static Cli.Run answered(Cli.Run r) {
        assertThat(r.exit()).as("exit code of %s; stderr: %s", r.args(), r.err()).isBetween(0, 1);
        return r;
    }

    private static String[] concat(String[] a, String[] b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    @Test
    void sqlite() throws Exception {
        Path db = SqliteFiles.shop(dir.resolve("shop.db"), 50);
        everyCommandHidesTheSecret(SqliteFiles.url(db), SqliteFiles.url(dir.resolve("copy.db")), null,
                "--property", "password=" + SECRET);
    }

    @Test
    void postgresql() throws Exception {
        String role = "cli_secret_" + UUID.randomUUID().toString().substring(0, 8);
        try (PostgresCliDatabase db = PostgresCliDatabase.create(); PostgresCliDatabase copy = PostgresCliDatabase.create()) {
            db.execute("CREATE ROLE " + role + " LOGIN PASSWORD '" + SECRET + "' SUPERUSER");
            try {
                db.execute(PostgresCliTest.SHOP);
                String url = db.url.replace("user=postgres", "user=" + role + "&password=" + SECRET);
                String restore = copy.url.replace("user=postgres", "user=" + role + "&password=" + SECRET);
                everyCommandHidesTheSecret(url, restore, null);
            } finally {
                db.execute("DROP OWNED BY " + role + " CASCADE");
                copy.execute("DROP OWNED BY " + role + " CASCADE");
                db.execute("DROP ROLE " + role);
            }
        }
    }

    @Test
    void mysql() throws Exception {
        String user = "cli_secret_" + UUID.randomUUID().toString().substring(0, 8);
        try (MysqlCliDatabase db = MysqlCliDatabase.create("secret"); MysqlCliDatabase copy = MysqlCliDatabase.create("copy")) {
            db.sql("CREATE USER '" + user + "'@'%' IDENTIFIED BY '" + SECRET + "'",
                    "GRANT ALL ON `" + db.name + "`.* TO '" + user + "'@'%'",
                    "GRANT ALL ON `" + copy.name + "`.* TO '" + user + "'@'%'",
                    "CREATE TABLE item (id INT PRIMARY KEY, name VARCHAR(20))", "INSERT INTO item VALUES (1, 'a'), (2, 'b')");
            try {
                String url = db.url().replace("user=root", "user=" + user + "&password=" + SECRET);
                String restore = copy.url().replace("user=root", "user=" + user + "&password=" + SECRET);
                everyCommandHidesTheSecret(url, restore, url.replace(SECRET, "Wrong-" + SECRET));
            } finally {
                db.sql("DROP USER IF EXISTS '" + user + "'@'%'");
            }
        }
    }

    @Test
    void redis() throws Exception {
        try (RedisServers source = RedisServers.start(dir.resolve("source"), "--requirepass", SECRET);
                RedisServers target = RedisServers.start(dir.resolve("target"), "--requirepass", SECRET)) {
            source.jedis().set("greeting", "hello");
            String url = source.url().replace("redis://", "redis://:" + SECRET + "@");
            String restore = target.url().replace("redis://", "redis://:" + SECRET + "@");
            everyCommandHidesTheSecret(url, restore, url.replace(SECRET, "Wrong-" + SECRET));
        }
    }
}
