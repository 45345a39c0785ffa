package dev.custodian.mysql.internal.schedule;

import dev.custodian.spi.jdbc.JdbcClusterLock;
import dev.custodian.spi.jdbc.Sql;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.HexFormat;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * MySQL's and MariaDB's schedule lock: {@code GET_LOCK} on a connection of its own, named per
 * database (locks are server-wide). On a Galera cluster ({@code wsrep_on}) {@code GET_LOCK} is not
 * replicated (or refused), and the lock falls back to a lease row.
 */
public final class MysqlClusterLock extends JdbcClusterLock {
    private final String database;

    public MysqlClusterLock(DataSource dataSource, String database, Mode mode) {
        super(dataSource, mode);
        this.database = database;
    }

    @Override
    protected String nativeKind() {
        return "get-lock";
    }

    @Override
    protected String databaseTimeSql() {
        return "SELECT CAST(UNIX_TIMESTAMP(NOW(3)) * 1000 AS SIGNED)";
    }

    @Override
    protected Optional<NativeHold> tryNative(String name) throws SQLException, UnsafeLockException {
        String lock = lockName(name);
        Connection c = dataSource().getConnection();
        try {
            c.setAutoCommit(true);
            if (galera(c)) {
                c.close();
                throw new UnsafeLockException("GET_LOCK is not cluster-wide on a Galera cluster (wsrep_on is ON)");
            }
            String taken;
            try {
                taken = Sql.string(c, "SELECT GET_LOCK(?, 0)", lock);
            } catch (SQLException refused) {
                c.close();
                throw new UnsafeLockException("the server refused GET_LOCK: " + refused.getMessage());
            }
            if (!"1".equals(taken)) {
                c.close();
                return Optional.empty();
            }
            return Optional.of(new ConnectionHold(c,
                    conn -> "1".equals(Sql.string(conn, "SELECT IS_USED_LOCK(?) = CONNECTION_ID()", lock)),
                    conn -> Sql.string(conn, "SELECT RELEASE_LOCK(?)", lock)));
        } catch (SQLException | RuntimeException e) {
            c.close();
            throw e;
        }
    }

    private static boolean galera(Connection c) {
        try {
            String on = Sql.string(c, "SELECT @@wsrep_on");
            return "1".equals(on) || "ON".equalsIgnoreCase(on);
        } catch (SQLException noSuchVariable) {
            return false;
        }
    }

    /** A server-wide lock name of at most 64 characters, unique per database and job. */
    String lockName(String name) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest((database + "\0" + name).getBytes(StandardCharsets.UTF_8));
            return "custodian:" + HexFormat.of().formatHex(d, 0, 24);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
