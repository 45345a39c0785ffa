package dev.custodian.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.custodian.ConfigurationException;
import dev.custodian.ConnectionException;
import dev.custodian.Custodian;
import dev.custodian.spi.Engine;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteDataSource;

/** Finding and opening SQLite databases: by URL, by file, over the application's pool. */
class SqliteEngineProviderTest {
    @TempDir
    Path dir;

    @Test
    void aMissingFileIsNotCreated() {
        Path missing = dir.resolve("no/such.db");
        assertThatThrownBy(() -> Custodian.connect("jdbc:sqlite:" + missing))
                .isInstanceOf(ConnectionException.class).hasMessageStartingWith("no SQLite database at " + missing);
        assertThat(Files.exists(missing)).isFalse();
        Path missingHere = dir.resolve("such.db");
        assertThatThrownBy(() -> SqliteEngine.create(missingHere)).isInstanceOf(ConnectionException.class);
        assertThat(Files.exists(missingHere)).isFalse();
    }

    @Test
    void creationIsAllowedByProperty() throws Exception {
        Path file = dir.resolve("new.db");
        Properties props = new Properties();
        props.setProperty("custodian.create", "true");
        try (Custodian db = Custodian.connect("jdbc:sqlite:" + file, props)) {
            assertThat(db.info().database()).isEqualTo("new.db");
        }
        assertThat(Sqlite3.value(file, "PRAGMA journal_mode")).isEqualTo("wal");
    }

    @Test
    void theJournalModeIsKeptWhenAsked() throws Exception {
        Path file = dir.resolve("rollback.db");
        Sqlite3.run(file, "PRAGMA journal_mode=DELETE; CREATE TABLE t (x); INSERT INTO t VALUES (1);");
        Properties keep = new Properties();
        keep.setProperty("custodian.sqlite.keepJournalMode", "true");
        try (Custodian db = Custodian.connect("jdbc:sqlite:" + file, keep)) {
            assertThat(db.health().probe("journal-mode").orElseThrow().summary()).containsIgnoringCase("delete");
        }
        assertThat(Sqlite3.value(file, "PRAGMA journal_mode")).isEqualTo("delete");
        try (Custodian db = Custodian.connect("jdbc:sqlite:" + file)) {
            assertThat(db.info().engine()).isEqualTo("sqlite");
        }
        assertThat(Sqlite3.value(file, "PRAGMA journal_mode")).isEqualTo("wal");
    }

    @Test
    void aGarbageFileIsNotASqliteDatabase() throws Exception {
        Path garbage = dir.resolve("garbage.db");
        Files.writeString(garbage, "this is not a database, just some text that is long enough to have a header");
        assertThatThrownBy(() -> Custodian.connect("jdbc:sqlite:" + garbage))
                .isInstanceOf(ConnectionException.class).hasMessage(garbage + " is not a SQLite database");
        assertThat(Files.readString(garbage)).startsWith("this is not a database");
    }

    @Test
    void inMemoryDatabasesAreRefused() {
        for (String url : new String[] {"jdbc:sqlite::memory:", "jdbc:sqlite:", "jdbc:sqlite:file::memory:?cache=shared",
                "jdbc:sqlite:file:x?mode=memory"}) {
            assertThatThrownBy(() -> Custodian.connect(url)).as(url)
                    .isInstanceOf(ConfigurationException.class).hasMessageContaining("in-memory");
        }
    }

    @Test
    void fileUrlsAreAccepted() throws Exception {
        Path file = Fixtures.store(dir, "store.db");
        try (Custodian db = Custodian.connect("jdbc:sqlite:file:" + file + "?cache=private")) {
            assertThat(db.info().target()).isEqualTo(file.toString());
        }
        assertThat(new SqliteEngineProvider().accepts("jdbc:postgresql://x/y")).isFalse();
    }

    @Test
    void anEngineOverTheApplicationsPoolFindsTheFileAndLeavesThePoolOpen() throws Exception {
        Path file = Fixtures.store(dir, "store.db");
        HikariConfig config = SqlitePools.writer(file);
        try (HikariDataSource app = new HikariDataSource(config)) {
            Engine engine = SqliteEngine.create(app);
            assertThat(engine.describe().target()).isEqualTo(file.toAbsolutePath().toString());
            assertThat(engine.pools()).singleElement().satisfies(p -> assertThat(p.activeConnections()).isZero());
            assertThat(engine.currentPool()).hasValueSatisfying(p -> assertThat(p.maximumPoolSize()).isEqualTo(1));
            Custodian db = Custodian.builder(engine).build();
            db.close();
            assertThat(app.isClosed()).isFalse();
            try (var c = app.getConnection()) {
                assertThat(c.isValid(1)).isTrue();
            }
        }
    }

    @Test
    void aPlainDataSourceWorksAndAnInMemoryOneIsRefused() throws Exception {
        Path file = Fixtures.store(dir, "store.db");
        SQLiteDataSource plain = new SQLiteDataSource();
        plain.setUrl("jdbc:sqlite:" + file);
        try (SqliteEngine engine = SqliteEngine.create(plain)) {
            assertThat(engine.file()).isEqualTo(file.toAbsolutePath());
            assertThat(engine.pools()).isEmpty();
        }
        SQLiteDataSource memory = new SQLiteDataSource();
        memory.setUrl("jdbc:sqlite::memory:");
        assertThatThrownBy(() -> SqliteEngine.create(memory)).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("in memory");
    }

    @Test
    void readerPoolIsReadOnly() throws Exception {
        Path file = Fixtures.store(dir, "store.db");
        Properties props = new Properties();
        props.setProperty("custodian.sqlite.readers", "2");
        try (SqliteEngine engine = (SqliteEngine) new SqliteEngineProvider().open("jdbc:sqlite:" + file, props)) {
            assertThat(engine.pools()).hasSize(2);
            try (var c = engine.readers().orElseThrow().getConnection(); var s = c.createStatement()) {
                assertThat(s.executeQuery("SELECT count(*) FROM customers").getLong(1)).isEqualTo(500);
                assertThatThrownBy(() -> s.execute("DELETE FROM customers")).hasMessageContaining("readonly");
            }
        }
    }
}
