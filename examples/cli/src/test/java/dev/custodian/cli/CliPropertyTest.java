package dev.custodian.cli;

import static dev.custodian.cli.Cli.run;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
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
