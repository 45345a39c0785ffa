package dev.custodian.mysql.internal.backup;

import dev.custodian.spi.jdbc.Sql;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code LOAD DATA LOCAL INFILE} fed from a stream instead of a file, through each driver's own
 * statement method ({@code setLocalInfileInputStream} of MariaDB Connector/J's
 * {@code org.mariadb.jdbc.Statement} and MySQL Connector/J's {@code com.mysql.cj.jdbc.JdbcStatement}),
 * found by name so that neither driver is needed to compile or run.
 */
final class LocalInfile {
    private static final Logger LOG = LoggerFactory.getLogger(LocalInfile.class);
    private static final String[] STATEMENTS = {"org.mariadb.jdbc.Statement", "com.mysql.cj.jdbc.JdbcStatement"};

    private LocalInfile() {
    }

    /** Makes the next LOAD DATA LOCAL of the statement read {@code in}. */
    static void feed(Statement s, InputStream in) throws SQLException {
        for (String name : STATEMENTS) {
            Class<?> type;
            try {
                type = Class.forName(name, false, s.getClass().getClassLoader());
            } catch (ClassNotFoundException e) {
                continue;
            }
            if (s.isWrapperFor(type)) {
                Object target = s.unwrap(type);
                try {
                    Method m = type.getMethod("setLocalInfileInputStream", InputStream.class);
                    m.invoke(target, in);
                    return;
                } catch (InvocationTargetException e) {
                    throw e.getCause() instanceof SQLException sql ? sql
                            : new SQLException("setting the rows of LOAD DATA failed: " + e.getCause(), e.getCause());
                } catch (ReflectiveOperationException e) {
                    throw new SQLException("the driver's setLocalInfileInputStream cannot be called: " + e, e);
                }
            }
        }
        throw new SQLException("the JDBC driver " + s.getConnection().getMetaData().getDriverName()
                + " cannot stream LOAD DATA LOCAL INFILE");
    }

    /**
     * Whether LOAD DATA LOCAL INFILE works on this connection: the server allows it
     * ({@code local_infile}) and so does the driver ({@code allowLocalInfile} of MariaDB
     * Connector/J, {@code allowLoadLocalInfile} of MySQL Connector/J). Tried on a temporary table.
     */
    static boolean works(Connection c) throws SQLException {
        try {
            Sql.execute(c, "CREATE TEMPORARY TABLE `custodian_local_infile_probe` (x INT)");
        } catch (SQLException e) {
            LOG.info("LOAD DATA LOCAL INFILE cannot be tried without a temporary table ({}): rows are restored with"
                    + " INSERT statements", e.getMessage());
            return false;
        }
        try (Statement s = c.createStatement()) {
            feed(s, new ByteArrayInputStream("1\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
            s.executeUpdate("LOAD DATA LOCAL INFILE 'custodian-rows' INTO TABLE `custodian_local_infile_probe`");
            return true;
        } catch (SQLException e) {
            LOG.info("LOAD DATA LOCAL INFILE is not allowed ({}): rows are restored with INSERT statements", e.getMessage());
            return false;
        } finally {
            Sql.execute(c, "DROP TEMPORARY TABLE IF EXISTS `custodian_local_infile_probe`");
        }
    }
}
