package dev.custodian.sqlite;

import dev.custodian.ConfigurationException;
import dev.custodian.backup.BackupFormat;
import dev.custodian.spi.Engine;
import dev.custodian.spi.EngineProvider;
import dev.custodian.sqlite.internal.SqliteFileFormat;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Properties;

/**
 * Finds the SQLite engine for {@code jdbc:sqlite:<file>} URLs ({@code jdbc:sqlite:file:<file>?…}
 * too). A missing file is never created unless the property {@code custodian.create=true} is
 * given; in-memory databases are refused. {@code custodian.readers=N} adds a read-only pool;
 * {@code custodian.keepJournalMode=true} leaves the journal mode as it is; other properties go to the
 * driver.
 */
public final class SqliteEngineProvider implements EngineProvider {
    /** The URL prefix this provider accepts. */
    public static final String PREFIX = "jdbc:sqlite:";
    /** Allows creating a missing database file. */
    public static final String CREATE = "custodian.create";
    /** Leaves the file's journal mode as it is (the recipe switches it to WAL, persistently). */
    public static final String KEEP_JOURNAL_MODE = "custodian.keepJournalMode";
    /** The size of a read-only reader pool. */
    public static final String READERS = "custodian.readers";

    @Override
    public String engine() {
        return "sqlite";
    }

    @Override
    public boolean accepts(String url) {
        return url != null && url.regionMatches(true, 0, PREFIX, 0, PREFIX.length());
    }

    @Override
    public Engine open(String url, Properties properties) {
        Path file = fileOf(url);
        Properties driver = new Properties();
        boolean create = false;
        boolean keepJournalMode = false;
        int readers = 0;
        Properties props = properties == null ? new Properties() : properties;
        for (String key : props.stringPropertyNames()) {
            String value = props.getProperty(key);
            if (key.equals(CREATE)) {
                create = Boolean.parseBoolean(value.trim());
            } else if (key.equals(KEEP_JOURNAL_MODE)) {
                keepJournalMode = Boolean.parseBoolean(value.trim());
            } else if (key.equals(READERS)) {
                readers = parseReaders(value);
            } else if (!key.startsWith("custodian.")) {
                driver.setProperty(key, value);
            }
        }
        return SqliteEngine.builder(file).createIfMissing(create).keepJournalMode(keepJournalMode).readers(readers).driverProperties(driver).build();
    }

    @Override
    public List<BackupFormat> backupFormats() {
        return List.of(new SqliteFileFormat(Path.of(System.getProperty("java.io.tmpdir"))));
    }

    /** The database file of a URL, refusing in-memory and temporary databases. */
    static Path fileOf(String url) {
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

    private static int parseReaders(String value) {
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new ConfigurationException(READERS + " must be a whole number, was '" + value + "'");
        }
    }
}
