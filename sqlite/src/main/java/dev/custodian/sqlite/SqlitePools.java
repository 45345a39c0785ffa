package dev.custodian.sqlite;

import com.zaxxer.hikari.HikariConfig;
import dev.custodian.ConfigurationException;
import dev.custodian.internal.Require;
import dev.custodian.pool.PoolRecipe;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.sqlite.SQLiteOpenMode;

/**
 * The pool recipe for an SQLite file: one writer connection, WAL, a busy timeout, foreign keys on,
 * {@code synchronous=NORMAL}; optionally a pool of read-only readers.
 *
 * <p>SQLite lets one connection write at a time. More writers only queue on the file lock, and
 * without WAL they also block every reader, so the writer pool holds exactly one connection. The
 * settings are driver properties (sqlite-jdbc applies them when it opens each connection), not an
 * init SQL, so they hold for every connection the pool ever opens.
 */
public final class SqlitePools {
    /** The busy timeout of the recipe, in milliseconds. */
    public static final int BUSY_TIMEOUT_MILLIS = 5000;

    /** The settings of the recipe's writer pool, in the order reports show them. */
    private static final Map<String, String> DRIVER_PROPERTIES = Map.of(
            "journal_mode", "WAL",
            "busy_timeout", Integer.toString(BUSY_TIMEOUT_MILLIS),
            "foreign_keys", "true",
            "synchronous", "NORMAL");

    private SqlitePools() {
    }

    /** The recipe as a report shows it. */
    public static PoolRecipe recipe() {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("maximumPoolSize (writer)", "1");
        settings.put("minimumIdle (writer)", "1");
        settings.put("maxLifetime", "0 (no limit: a file has no server that drops connections)");
        settings.put("journal_mode", "WAL");
        settings.put("busy_timeout", BUSY_TIMEOUT_MILLIS + " ms");
        settings.put("foreign_keys", "true");
        settings.put("synchronous", "NORMAL");
        settings.put("readers (optional)", "N connections opened read-only (SQLITE_OPEN_READONLY)");
        return new PoolRecipe("sqlite", settings, List.of(
                "SQLite allows one writer at a time: a larger writer pool only queues on the file lock.",
                "WAL lets readers run while the writer writes; without it a pool of more than one connection blocks.",
                "busy_timeout makes a connection wait for the lock instead of failing with SQLITE_BUSY at once.",
                "foreign_keys is off by default in SQLite and must be set on every connection.",
                "synchronous=NORMAL is durable across application crashes in WAL mode and much faster than FULL.",
                "Driver properties, not an init SQL, so every connection the pool opens gets them."));
    }

    /** The recipe's writer pool for a file that must already exist. */
    public static HikariConfig writer(Path file) {
        return writer(file, false);
    }

    /**
     * The recipe's writer pool.
     *
     * @param file the database file
     * @param create whether a missing file may be created; without it opening a missing file fails
     */
    public static HikariConfig writer(Path file, boolean create) {
        HikariConfig config = base(file, "custodian-sqlite-writer");
        config.setMaximumPoolSize(1);
        config.setMinimumIdle(1);
        Properties props = driverProperties(create);
        config.setDataSourceProperties(props);
        return config;
    }

    /** A pool of {@code size} read-only connections to an existing file, beside the writer. */
    public static HikariConfig readers(Path file, int size) {
        Require.atLeastOne("sqlite.readers", size);
        HikariConfig config = base(file, "custodian-sqlite-readers");
        config.setMaximumPoolSize(size);
        config.setMinimumIdle(size);
        config.setReadOnly(true);
        Properties props = new Properties();
        props.setProperty("busy_timeout", Integer.toString(BUSY_TIMEOUT_MILLIS));
        props.setProperty("foreign_keys", "true");
        props.setProperty("open_mode", Integer.toString(SQLiteOpenMode.READONLY.flag));
        config.setDataSourceProperties(props);
        return config;
    }

    /** The driver properties of the writer: the recipe's pragmas and the open mode. */
    static Properties driverProperties(boolean create) {
        Properties props = new Properties();
        props.setProperty("journal_mode", DRIVER_PROPERTIES.get("journal_mode"));
        props.setProperty("busy_timeout", DRIVER_PROPERTIES.get("busy_timeout"));
        props.setProperty("foreign_keys", DRIVER_PROPERTIES.get("foreign_keys"));
        props.setProperty("synchronous", DRIVER_PROPERTIES.get("synchronous"));
        int mode = SQLiteOpenMode.READWRITE.flag | (create ? SQLiteOpenMode.CREATE.flag : 0);
        props.setProperty("open_mode", Integer.toString(mode));
        return props;
    }

    private static HikariConfig base(Path file, String poolName) {
        if (file == null) {
            throw new ConfigurationException("sqlite.file must be set");
        }
        HikariConfig config = new HikariConfig();
        config.setPoolName(poolName);
        config.setJdbcUrl("jdbc:sqlite:" + file.toAbsolutePath());
        config.setDriverClassName("org.sqlite.JDBC");
        config.setMaxLifetime(0);
        config.setIdleTimeout(0);
        config.setKeepaliveTime(0);
        return config;
    }
}
