package dev.custodian.mysql.internal.migration;

import dev.custodian.migration.LockSampler;
import dev.custodian.migration.SampledLock;
import dev.custodian.mysql.internal.MysqlDatabase;
import dev.custodian.spi.jdbc.Sql;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The table metadata locks one connection holds or waits for, read on a connection of its own,
 * from what the server shows: {@code performance_schema.metadata_locks} (MySQL 8 by default;
 * MariaDB when performance_schema and its {@code wait/lock/metadata/sql/mdl} instrument are on),
 * else MariaDB's {@code information_schema.METADATA_LOCK_INFO} (the {@code metadata_lock_info}
 * plugin, granted locks only). Where neither is there, nothing is invented: the sampler says so.
 */
final class MetadataLockSampler implements LockSampler {
    /** The server's own schemas: a statement's reads of its statistics tables are not the change set's locks. */
    private static final String SYSTEM = "('mysql', 'information_schema', 'performance_schema', 'sys')";
    static final String PERFORMANCE_SCHEMA = "SELECT CONCAT(m.OBJECT_SCHEMA, '.', m.OBJECT_NAME) AS object,"
            + " m.LOCK_TYPE AS mode, m.LOCK_STATUS = 'GRANTED' AS granted FROM performance_schema.metadata_locks m"
            + " JOIN performance_schema.threads t ON t.THREAD_ID = m.OWNER_THREAD_ID"
            + " WHERE t.PROCESSLIST_ID = ? AND m.OBJECT_TYPE = 'TABLE' AND m.OBJECT_SCHEMA NOT IN " + SYSTEM
            + " ORDER BY 1, 2";
    static final String LOCK_INFO = "SELECT CONCAT(TABLE_SCHEMA, '.', TABLE_NAME) AS object, LOCK_MODE AS mode,"
            + " 1 AS granted FROM information_schema.METADATA_LOCK_INFO"
            + " WHERE THREAD_ID = ? AND LOCK_TYPE = 'Table metadata lock' AND TABLE_SCHEMA NOT IN " + SYSTEM
            + " ORDER BY 1, 2";
    private static final String INSTRUMENT = "SELECT COUNT(*) FROM performance_schema.setup_instruments"
            + " WHERE NAME = 'wait/lock/metadata/sql/mdl' AND ENABLED = 'YES'";
    private static final String PLUGIN = "SELECT COUNT(*) FROM information_schema.PLUGINS"
            + " WHERE PLUGIN_NAME = 'METADATA_LOCK_INFO' AND PLUGIN_STATUS = 'ACTIVE'";

    private final Connection connection;
    private final PreparedStatement query;
    private final String source;

    private MetadataLockSampler(Connection connection, PreparedStatement query, String source) {
        this.connection = connection;
        this.query = query;
        this.source = source;
    }

    /** A sampler of the connection's metadata locks, or one that says why the server does not show them. */
    static LockSampler open(MysqlDatabase db, long connectionId) throws SQLException {
        Connection c = db.connection();
        try {
            String sql;
            String source;
            String enabled = Sql.string(c, "SELECT @@performance_schema");
            boolean performanceSchema = "1".equals(enabled) || "ON".equalsIgnoreCase(enabled);
            if (performanceSchema && Sql.number(c, INSTRUMENT) > 0) {
                sql = PERFORMANCE_SCHEMA;
                source = "performance_schema.metadata_locks";
            } else if (Sql.number(c, PLUGIN) > 0) {
                sql = LOCK_INFO;
                source = "information_schema.METADATA_LOCK_INFO";
            } else {
                c.close();
                return LockSampler.unavailable(performanceSchema
                        ? "the server's performance_schema is on but its metadata lock instrument"
                                + " (wait/lock/metadata/sql/mdl) is off, and the metadata_lock_info plugin is not installed"
                        : "the server's performance_schema is off and the metadata_lock_info plugin is not installed"
                                + " (MariaDB: INSTALL SONAME 'metadata_lock_info')");
            }
            PreparedStatement query = c.prepareStatement(sql);
            query.setLong(1, connectionId);
            return new MetadataLockSampler(c, query, source);
        } catch (SQLException e) {
            c.close();
            throw e;
        }
    }

    @Override
    public String source() {
        return source;
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
        } catch (SQLException e) {
            // the connection closes below either way
        }
        try {
            connection.close();
        } catch (SQLException e) {
            // it only read lock tables
        }
    }
}
