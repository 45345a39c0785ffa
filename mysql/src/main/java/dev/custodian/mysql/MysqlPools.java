package dev.custodian.mysql;

import com.zaxxer.hikari.HikariConfig;
import dev.custodian.mysql.internal.MysqlUrl;
import dev.custodian.pool.PoolRecipe;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * The pool recipe for MySQL and MariaDB, with each driver's own properties.
 *
 * <p>MariaDB Connector/J ({@code org.mariadb.jdbc}) is used for {@code jdbc:mariadb:} URLs, and for
 * {@code jdbc:mysql:} URLs unless MySQL Connector/J ({@code com.mysql.cj.jdbc.Driver}) is on the
 * class path; MariaDB Connector/J 3 only accepts {@code jdbc:mysql:} with {@code permitMysqlScheme},
 * which is added. Both get server-side prepared statements with a statement cache, batched writes,
 * connect and socket timeouts and TCP keep-alive; every connection runs with a strict
 * {@code sql_mode} and {@code utf8mb4}. {@code maxLifetime} (30 min) is lowered below the server's
 * {@code wait_timeout} when that is shorter, so the server never drops a pooled connection first.
 */
public final class MysqlPools {
    /** How long a pooled connection lives at most, unless the server's wait_timeout is shorter. */
    public static final Duration MAX_LIFETIME = Duration.ofMinutes(30);
    /** The socket timeout: a read that waits longer fails instead of hanging. */
    public static final Duration SOCKET_TIMEOUT = Duration.ofMinutes(5);
    /** The driver class of MySQL Connector/J. */
    public static final String MYSQL_DRIVER = "com.mysql.cj.jdbc.Driver";
    /** The driver class of MariaDB Connector/J. */
    public static final String MARIADB_DRIVER = "org.mariadb.jdbc.Driver";

    /** Makes every connection strict without dropping the modes the server already has. */
    static final String INIT_SQL = "SET SESSION sql_mode = IF(@@SESSION.sql_mode LIKE '%STRICT\\_%', @@SESSION.sql_mode,"
            + " CONCAT_WS(',', NULLIF(@@SESSION.sql_mode, ''), 'STRICT_TRANS_TABLES'))";

    private MysqlPools() {
    }

    /** Whether MySQL Connector/J serves this URL (a {@code jdbc:mysql:} URL with the driver present). */
    public static boolean usesMysqlDriver(String url) {
        return usesMysqlDriver(url, null);
    }

    /**
     * Whether MySQL Connector/J serves this URL.
     *
     * @param driver {@code mysql} or {@code mariadb} to choose the driver of a {@code jdbc:mysql:}
     *     URL, or null to use MySQL Connector/J when it is on the class path
     */
    public static boolean usesMysqlDriver(String url, String driver) {
        MysqlUrl parsed = MysqlUrl.parse(url);
        if (!parsed.scheme().equals("mysql") || "mariadb".equalsIgnoreCase(driver)) {
            return false;
        }
        if ("mysql".equalsIgnoreCase(driver)) {
            return true;
        }
        try {
            Class.forName(MYSQL_DRIVER, false, MysqlPools.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }

    /** The recipe as a report shows it. */
    public static PoolRecipe recipe() {
        Map<String, String> s = new LinkedHashMap<>();
        s.put("maximumPoolSize", "10 (per instance; pool size x instances must stay under max_connections)");
        s.put("minimumIdle", "10 (a fixed-size pool)");
        s.put("maxLifetime", MAX_LIFETIME.toMinutes() + " min, and below the server's wait_timeout");
        s.put("idleTimeout", "10 min");
        s.put("keepaliveTime", "5 min");
        s.put("connectionTimeout", "10 s");
        s.put("MariaDB Connector/J", "useServerPrepStmts=true, cachePrepStmts=true, prepStmtCacheSize=250,"
                + " useBulkStmts=true, connectTimeout=10000, socketTimeout=" + SOCKET_TIMEOUT.toMillis() + ", tcpKeepAlive=true");
        s.put("MySQL Connector/J", "useServerPrepStmts=true, cachePrepStmts=true, prepStmtCacheSize=250,"
                + " prepStmtCacheSqlLimit=2048, rewriteBatchedStatements=true, useLocalSessionState=true,"
                + " cacheServerConfiguration=true, characterEncoding=UTF-8, connectTimeout=10000, socketTimeout="
                + SOCKET_TIMEOUT.toMillis() + ", tcpKeepAlive=true");
        s.put("connectionInitSql", "strict sql_mode (STRICT_TRANS_TABLES added when no strict mode is set)");
        return new PoolRecipe("mysql", s, List.of(
                "The server closes a connection idle for wait_timeout seconds: maxLifetime must be shorter.",
                "Pool size x application instances (plus admin and replication threads) must stay under max_connections.",
                "Server-side prepared statements with a client cache save parsing on every execution.",
                "Batched writes: MariaDB Connector/J sends bulk (COM_STMT_BULK_EXECUTE), MySQL Connector/J rewrites into multi-row INSERTs.",
                "A strict sql_mode turns silent truncation into errors.",
                "utf8mb4 is the only character set that holds every Unicode character (MariaDB Connector/J always uses it)."));
    }

    /**
     * The recipe's HikariCP configuration for a URL.
     *
     * @param url a {@code jdbc:mariadb:} or {@code jdbc:mysql:} URL naming a database
     * @param properties user, password and driver properties, overriding the recipe's
     * @param poolSize the maximum (and minimum idle) pool size
     */
    public static HikariConfig config(String url, Properties properties, int poolSize) {
        return config(url, properties, poolSize, null);
    }

    /** The recipe's configuration with the driver chosen ({@code mysql}, {@code mariadb} or null for the default). */
    public static HikariConfig config(String url, Properties properties, int poolSize, String driver) {
        MysqlUrl parsed = MysqlUrl.parse(url);
        boolean mysqlDriver = usesMysqlDriver(url, driver);
        HikariConfig config = new HikariConfig();
        config.setPoolName("custodian-mysql-" + parsed.database());
        config.setDriverClassName(mysqlDriver ? MYSQL_DRIVER : MARIADB_DRIVER);
        config.setJdbcUrl(mysqlDriver ? parsed.asGiven() : parsed.forMariadbDriver());
        config.setMaximumPoolSize(poolSize);
        config.setMinimumIdle(poolSize);
        config.setMaxLifetime(MAX_LIFETIME.toMillis());
        config.setIdleTimeout(Duration.ofMinutes(10).toMillis());
        config.setKeepaliveTime(Duration.ofMinutes(5).toMillis());
        config.setConnectionTimeout(Duration.ofSeconds(10).toMillis());
        config.setInitializationFailTimeout(1);
        config.setConnectionInitSql(INIT_SQL);
        Properties props = mysqlDriver ? mysqlDriverProperties() : mariadbDriverProperties();
        if (properties != null) {
            properties.stringPropertyNames().forEach(k -> props.setProperty(k, properties.getProperty(k)));
        }
        config.setDataSourceProperties(props);
        return config;
    }

    static Properties mariadbDriverProperties() {
        Properties p = new Properties();
        p.setProperty("useServerPrepStmts", "true");
        p.setProperty("cachePrepStmts", "true");
        p.setProperty("prepStmtCacheSize", "250");
        p.setProperty("useBulkStmts", "true");
        p.setProperty("connectTimeout", "10000");
        p.setProperty("socketTimeout", Long.toString(SOCKET_TIMEOUT.toMillis()));
        p.setProperty("tcpKeepAlive", "true");
        return p;
    }

    static Properties mysqlDriverProperties() {
        Properties p = new Properties();
        p.setProperty("useServerPrepStmts", "true");
        p.setProperty("cachePrepStmts", "true");
        p.setProperty("prepStmtCacheSize", "250");
        p.setProperty("prepStmtCacheSqlLimit", "2048");
        p.setProperty("rewriteBatchedStatements", "true");
        p.setProperty("useLocalSessionState", "true");
        p.setProperty("cacheServerConfiguration", "true");
        p.setProperty("characterEncoding", "UTF-8");
        p.setProperty("connectTimeout", "10000");
        p.setProperty("socketTimeout", Long.toString(SOCKET_TIMEOUT.toMillis()));
        p.setProperty("tcpKeepAlive", "true");
        return p;
    }
}
