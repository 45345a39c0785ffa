package dev.custodian.mysql.internal;

import dev.custodian.spi.jdbc.Sql;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import dev.custodian.health.ProbeGroup;
import dev.custodian.spi.jdbc.JdbcSession;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One managed MySQL or MariaDB database: its pool, its name, where it is (masked) and which
 * server it runs on.
 */
public final class MysqlDatabase implements JdbcSession {
    /** Access denied: to a database, to a table or column, or lacking a global privilege. */
    private static final Set<Integer> ACCESS_DENIED = Set.of(1044, 1142, 1143, 1227);
    private static final Logger LOG = LoggerFactory.getLogger(MysqlDatabase.class);
    private final DataSource pool;
    private final String name;
    private final String target;
    private volatile Flavour flavour;

    /** Which server family. */
    public enum Flavour {
        MARIADB("MariaDB"),
        MYSQL("MySQL");

        private final String display;

        Flavour(String display) {
            this.display = display;
        }

        public String display() {
            return display;
        }
    }

    public MysqlDatabase(DataSource pool, String name, String target) {
        this.pool = pool;
        this.name = name;
        this.target = target;
    }

    public DataSource pool() {
        return pool;
    }

    /** The database name. */
    public String name() {
        return name;
    }

    /** Where it is, secrets masked. */
    public String target() {
        return target;
    }

    public Connection connection() throws SQLException {
        return pool.getConnection();
    }

    /** Diagnostic probes run under the statement time limit (see {@link #deep}); cheap ones on a plain connection. */
    @Override
    public <T> T probe(ProbeGroup group, Duration timeout, Sql.Work<T> work) throws SQLException {
        if (group == ProbeGroup.DIAGNOSTIC) {
            return deep(timeout, work);
        }
        try (Connection c = connection()) {
            return work.run(c);
        }
    }

    /**
     * A statement the application's account may not run (no PROCESS or REPLICATION CLIENT
     * privilege) is not a health problem: the probe says what it could not see.
     */
    @Override
    public Optional<String> notChecked(SQLException e) {
        return ACCESS_DENIED.contains(e.getErrorCode())
                ? Optional.of("this account lacks a privilege (" + e.getMessage() + ")") : Optional.empty();
    }

    /** {@code SHOW … STATUS}/{@code VARIABLES} as a map of lower-case names to values. */
    public static Map<String, String> variables(Connection c, String sql) throws SQLException {
        Map<String, String> out = new LinkedHashMap<>();
        for (Map<String, Object> row : Sql.show(c, sql)) {
            var it = row.values().iterator();
            String name = String.valueOf(it.next()).toLowerCase(Locale.ROOT);
            Object v = it.next();
            out.put(name, v == null ? null : v.toString());
        }
        return out;
    }

    /** MariaDB or MySQL, read once from {@code VERSION()}. */
    public Flavour flavour() throws SQLException {
        Flavour f = flavour;
        if (f == null) {
            try (Connection c = connection()) {
                f = flavourOf(Sql.string(c, "SELECT VERSION()"));
            }
            flavour = f;
        }
        return f;
    }

    public static Flavour flavourOf(String version) {
        return version != null && version.toLowerCase(Locale.ROOT).contains("mariadb") ? Flavour.MARIADB : Flavour.MYSQL;
    }

    /**
     * Runs deep work with the server's statement time limit ({@code max_statement_time} on
     * MariaDB, {@code max_execution_time} on MySQL) and {@code innodb_lock_wait_timeout} set from
     * the timeout, so it never hangs, and with live table statistics (see
     * {@link #withLiveStatistics}); the session is reset before the connection goes back.
     */
    public <T> T deep(Duration timeout, Sql.Work<T> work) throws SQLException {
        long millis = Math.max(100, timeout.toMillis());
        Flavour f = flavour();
        String limit = f == Flavour.MARIADB
                ? "max_statement_time = " + String.format(Locale.ROOT, "%.3f", millis / 1000.0)
                : "max_execution_time = " + millis + ", " + LIVE_STATISTICS;
        String reset = f == Flavour.MARIADB ? "max_statement_time = DEFAULT"
                : "max_execution_time = DEFAULT, information_schema_stats_expiry = DEFAULT";
        return session("SET SESSION " + limit + ", innodb_lock_wait_timeout = " + Math.max(1, millis / 1000),
                "SET SESSION " + reset + ", innodb_lock_wait_timeout = DEFAULT", work);
    }

    /**
     * Runs work that reads table statistics from information_schema (sizes, free space,
     * AUTO_INCREMENT, UPDATE_TIME). MySQL 8 caches them for {@code information_schema_stats_expiry}
     * (a day by default), so a table's numbers could be a day old or missing; there the session
     * reads them from the storage engine instead, and is reset afterwards. MariaDB's are always live.
     */
    public <T> T withLiveStatistics(Sql.Work<T> work) throws SQLException {
        if (flavour() == Flavour.MARIADB) {
            try (Connection c = connection()) {
                return work.run(c);
            }
        }
        return session("SET SESSION " + LIVE_STATISTICS, "SET SESSION information_schema_stats_expiry = DEFAULT", work);
    }

    private static final String LIVE_STATISTICS = "information_schema_stats_expiry = 0";

    private <T> T session(String set, String reset, Sql.Work<T> work) throws SQLException {
        try (Connection c = connection()) {
            Sql.execute(c, set);
            try {
                return work.run(c);
            } finally {
                try {
                    Sql.execute(c, reset);
                } catch (SQLException e) {
                    LOG.debug("cannot reset session settings: {}", e.toString());
                }
            }
        }
    }
}
