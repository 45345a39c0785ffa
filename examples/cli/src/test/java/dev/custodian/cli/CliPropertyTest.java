package dev.custodian.cli;

import static dev.custodian.cli.Cli.run;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --property KEY=VALUE}: engine and driver properties from the command line, secrets never shown. */
class CliPropertyTest {
    @TempDir
    Path dir;

    @Test
    void propertiesReachTheEngine() {
        Path missing = dir.resolve("new.db");
        run("health", "--url", SqliteFiles.url(missing)).exits(3);
        assertThat(missing).doesNotExist();

        // custodian.create is an engine property: given explicitly, the engine may create the file.
        run("health", "--url", SqliteFiles.url(missing), "--property", "custodian.create=true",
                "--property", "custodian.sqlite.readers=2").exits(1);
        assertThat(missing).exists();
    }

    @Test
    void serverPoolsOpenConnectionsOnlyAsTheCommandNeedsThem() {
        String key = UrlOption.POOL_MINIMUM_IDLE_PROPERTY;
        assertThat(UrlOption.toolProperties("jdbc:postgresql://h/db", Map.of())).containsEntry(key, "1");
        assertThat(UrlOption.toolProperties("jdbc:mariadb://h/db", Map.of())).containsEntry(key, "1");
        assertThat(UrlOption.toolProperties("jdbc:mysql://h/db", Map.of())).containsEntry(key, "1");
        assertThat(UrlOption.toolProperties("jdbc:postgresql://h/db", Map.of(key, "4"))).containsEntry(key, "4");
        assertThat(UrlOption.toolProperties(SqliteFiles.url(dir.resolve("a.db")), Map.of())).doesNotContainKey(key);
        assertThat(UrlOption.toolProperties("redis://127.0.0.1:6379/0", Map.of())).doesNotContainKey(key);
        // an engine that does not know the key refuses it, so the tool never gives it where it does not apply
        run("health", "--url", "jdbc:postgresql://127.0.0.1:1/nothing", "--property", key + "=20")
                .failsWith(3, "poolMinimumIdle (20) must be at most the pool size (10)");
    }

    @Test
    void aBadPropertyIsAUsageError() {
        Path db = dir.resolve("app.db");
        SqliteFiles.exec(db, "CREATE TABLE t (x)");
        run("maintain", "--url", SqliteFiles.url(db), "--property", "novalue").failsWith(2, "KEY=VALUE");
        run("maintain", "--url", SqliteFiles.url(db), "--property", "custodian.sqlite.readers=many")
                .failsWith(1, "custodian.sqlite.readers");
    }

    @Test
    void secretPropertiesAreNeverShown() {
        run("health", "--url", "jdbc:postgresql://127.0.0.1:1/nothing", "--property", "user=app",
                "--property", "password=hunter2", "--verbose").exits(3).neverShows("hunter2");
        run("migrate", "--url", "jdbc:postgresql://127.0.0.1:1/nothing", "--property", "password=hunter2",
                "--changelog", dir.resolve("none.xml").toString(), "status").neverShows("hunter2");
        run("backup", "--url", "redis://127.0.0.1:1/0", "--property", "password=hunter2", "--to",
                dir.resolve("store").toString(), "--bogus").exits(2).neverShows("hunter2");
    }
}
