package dev.custodian.sqlite;

import dev.custodian.ConfigurationException;
import dev.custodian.backup.BackupFormat;
import dev.custodian.spi.Engine;
import dev.custodian.spi.EngineProperties;
import dev.custodian.spi.EngineProvider;
import dev.custodian.sqlite.internal.backup.SqliteFileFormat;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Properties;

/**
 * Finds the SQLite engine for {@code jdbc:sqlite:<file>} URLs ({@code jdbc:sqlite:file:<file>?…}
 * too). A missing file is never created unless the property {@code custodian.create=true} is
 * given; in-memory databases are refused. {@code custodian.sqlite.readers=N} adds a read-only pool;
 * {@code custodian.sqlite.keepJournalMode=true} leaves the journal mode as it is; any other
 * {@code custodian.*} key is refused; the rest go to the driver.
 */
public final class SqliteEngineProvider implements EngineProvider {
    /** The URL prefix this provider accepts. */
    public static final String PREFIX = "jdbc:sqlite:";
    /** Leaves the file's journal mode as it is (the recipe switches it to WAL, persistently). */
    public static final String KEEP_JOURNAL_MODE = "sqlite.keepJournalMode";
    /** The size of a read-only reader pool. */
    public static final String READERS = "sqlite.readers";
    private static final List<String> KEYS = List.of(EngineProperties.CREATE, READERS, KEEP_JOURNAL_MODE);

    @Override
    public String engine() {
        return "sqlite";
    }

    @Override
    public boolean accepts(String url) {
        return url != null && url.regionMatches(true, 0, PREFIX, 0, PREFIX.length());
    }

    /** An SQLite URL, or a plain file path (absolute, or relative without a scheme). */
    @Override
    public boolean acceptsScratch(String target) {
        return accepts(target) || target != null && !target.isBlank()
                && (target.startsWith("/") || !target.contains(":"));
    }

    /**
     * Recreates the scratch file empty (with its WAL, shared-memory and journal files removed) and
     * opens it, so each drill restores into a new database.
     */
    @Override
    public Engine openScratch(String target, Properties properties) {
        Path file = accepts(target) ? fileOf(target) : Path.of(target);
        try {
            for (String suffix : new String[] {"", "-wal", "-shm", "-journal"}) {
                Files.deleteIfExists(file.resolveSibling(file.getFileName() + suffix));
            }
            if (file.getParent() != null) {
                Files.createDirectories(file.getParent());
            }
            Files.createFile(file);
        } catch (IOException e) {
            throw new ConfigurationException("restore drill: cannot recreate the scratch file " + file + ": "
                    + e.getMessage());
        }
        return open(PREFIX + file, properties);
    }

    @Override
    public Engine open(String url, Properties properties) {
        Path file = fileOf(url);
        EngineProperties p = EngineProperties.parse(engine(), properties, KEYS);
        return SqliteEngine.builder(file).createIfMissing(p.bool(EngineProperties.CREATE).orElse(false))
                .keepJournalMode(p.bool(KEEP_JOURNAL_MODE).orElse(false)).readers(p.integer(READERS).orElse(0))
                .driverProperties(p.driverProperties()).build();
    }

    @Override
    public List<BackupFormat> backupFormats() {
        return List.of(new SqliteFileFormat(Path.of(System.getProperty("java.io.tmpdir"))));
    }

    /** The database file of a URL, refusing in-memory and temporary databases. */
    public static Path fileOf(String url) {
        if (url == null || !url.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
            throw new ConfigurationException("not an SQLite URL (expected jdbc:sqlite:<file>): " + url);
        }
        String rest = url.substring(PREFIX.length());
        String lower = rest.toLowerCase(Locale.ROOT);
        if (rest.isBlank() || lower.startsWith(":memory:") || lower.startsWith("file::memory:")
                || lower.contains("mode=memory") || lower.startsWith(":resource:")) {
            throw new ConfigurationException("the SQLite URL " + url + " names an in-memory or temporary database,"
                    + " which vanishes with its connection; use a file: jdbc:sqlite:/path/to/app.db");
        }
        int query = rest.indexOf('?');
        if (query >= 0) {
            rest = rest.substring(0, query);
        }
        if (lower.startsWith("file:")) {
            rest = rest.substring("file:".length());
            if (rest.startsWith("//")) {
                rest = rest.substring(2);
            }
        }
        if (rest.isBlank()) {
            throw new ConfigurationException("the SQLite URL " + url + " names no file");
        }
        return Path.of(rest);
    }

}
