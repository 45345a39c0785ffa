package dev.custodian.postgres.internal.migration;

import dev.custodian.migration.LockSampler;
import dev.custodian.migration.SampledLock;
import dev.custodian.spi.jdbc.Sql;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The relation locks one backend holds or waits for, from {@code pg_locks} joined to
 * {@code pg_class}, read on a connection of its own: tables, indexes, sequences and views of the
 * database by their qualified names, with the lock mode ({@code AccessExclusiveLock},
 * {@code ShareLock}…). A relation the change set created is not in {@code pg_class} for another
 * session until the commit: it shows as a new relation by its oid. Locks on the system catalogs are
 * left out: every statement takes them.
 */
final class PgLockSampler implements LockSampler {
    static final String LOCKS = "SELECT CASE WHEN c.oid IS NULL THEN 'new relation ' || l.relation || ' (uncommitted)'"
            + " ELSE format('%I.%I', n.nspname, c.relname) END AS object, l.mode, l.granted"
            + " FROM pg_locks l LEFT JOIN pg_class c ON c.oid = l.relation LEFT JOIN pg_namespace n ON n.oid = c.relnamespace"
            + " WHERE l.pid = ? AND l.locktype = 'relation'"
            + " AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())"
            + " AND (n.nspname IS NULL OR n.nspname NOT IN ('pg_catalog', 'information_schema')"
            + " AND n.nspname NOT LIKE 'pg\\_toast%') ORDER BY 1, 2";

    private final Connection connection;
    private final PreparedStatement query;

    PgLockSampler(Connection connection, long pid) throws SQLException {
        this.connection = connection;
        try {
            connection.setAutoCommit(true);
            Sql.execute(connection, "SET statement_timeout = 2000");
            this.query = connection.prepareStatement(LOCKS);
            query.setLong(1, pid);
        } catch (SQLException e) {
            connection.close();
            throw e;
        }
    }

    @Override
    public String source() {
        return "pg_locks";
    }

    @Override
    public List<SampledLock> sample() throws SQLException {
        List<SampledLock> out = new ArrayList<>();
        try (ResultSet rs = query.executeQuery()) {
            while (rs.next()) {
                out.add(new SampledLock(rs.getString(1), rs.getString(2), rs.getBoolean(3)));
            }
        }
        return out;
    }

    @Override
    public void close() {
        try {
            query.close();
            Sql.execute(connection, "RESET statement_timeout");
        } catch (SQLException e) {
            // the connection goes back to the pool either way
        } finally {
            try {
                connection.close();
            } catch (SQLException e) {
                // nothing held: it only read pg_locks
            }
        }
    }
}
