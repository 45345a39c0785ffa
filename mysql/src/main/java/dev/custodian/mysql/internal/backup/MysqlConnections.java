package dev.custodian.mysql.internal.backup;

import dev.custodian.mysql.internal.MysqlQuoting;
import dev.custodian.spi.jdbc.Sql;
import com.zaxxer.hikari.HikariDataSource;
import dev.custodian.mysql.internal.MysqlDatabase;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Connections whose session was changed, and the objects of a database. */
final class MysqlConnections {
    private static final Logger LOG = LoggerFactory.getLogger(MysqlConnections.class);

    private MysqlConnections() {
    }

    /**
     * Returns a connection whose session settings were changed without letting the pool hand it
     * out again: a HikariCP pool evicts it, any other pool gets it back after a rollback.
     */
    static void discard(MysqlDatabase db, Connection c) {
        try {
            if (db.pool() instanceof HikariDataSource hikari) {
                hikari.evictConnection(c);
                return;
            }
            try {
                if (!c.isClosed()) {
                    Sql.execute(c, "ROLLBACK");
                    Sql.execute(c, "SET SESSION foreign_key_checks = 1, unique_checks = 1");
                }
            } finally {
                c.close();
            }
        } catch (SQLException e) {
            LOG.debug("closing a backup connection failed: {}", e.toString());
        }
    }

    /** Every user object of the database, as {@code kind name}. */
    static List<String> objects(Connection c, String database) throws SQLException {
        List<String> out = new ArrayList<>();
        for (Map<String, Object> r : Sql.rows(c, "SELECT TABLE_TYPE AS k, TABLE_NAME AS n FROM information_schema.TABLES"
                + " WHERE TABLE_SCHEMA = ? UNION ALL SELECT ROUTINE_TYPE, ROUTINE_NAME FROM information_schema.ROUTINES"
                + " WHERE ROUTINE_SCHEMA = ? UNION ALL SELECT 'EVENT', EVENT_NAME FROM information_schema.EVENTS"
                + " WHERE EVENT_SCHEMA = ? ORDER BY 1, 2", database, database, database)) {
            out.add(String.valueOf(r.get("k")).toLowerCase(java.util.Locale.ROOT) + " " + r.get("n"));
        }
        return out;
    }

    /** Drops every view, table, sequence, routine and event of the database (triggers go with their tables). */
    static void dropAll(Connection c, String database) throws SQLException {
        String db = MysqlQuoting.q(database) + ".";
        for (Map<String, Object> r : Sql.rows(c, "SELECT TABLE_NAME AS n, TABLE_TYPE AS k FROM information_schema.TABLES"
                + " WHERE TABLE_SCHEMA = ? ORDER BY TABLE_TYPE = 'VIEW' DESC", database)) {
            String kind = String.valueOf(r.get("k"));
            String what = kind.equals("VIEW") ? "VIEW" : kind.equals("SEQUENCE") ? "SEQUENCE" : "TABLE";
            Sql.execute(c, "DROP " + what + " IF EXISTS " + db + MysqlQuoting.q(String.valueOf(r.get("n"))));
        }
        for (Map<String, Object> r : Sql.rows(c, "SELECT ROUTINE_NAME AS n, ROUTINE_TYPE AS k FROM information_schema.ROUTINES"
                + " WHERE ROUTINE_SCHEMA = ?", database)) {
            Sql.execute(c, "DROP " + r.get("k") + " IF EXISTS " + db + MysqlQuoting.q(String.valueOf(r.get("n"))));
        }
        for (Map<String, Object> r : Sql.rows(c, "SELECT EVENT_NAME AS n FROM information_schema.EVENTS WHERE EVENT_SCHEMA = ?",
                database)) {
            Sql.execute(c, "DROP EVENT IF EXISTS " + db + MysqlQuoting.q(String.valueOf(r.get("n"))));
        }
    }
}
