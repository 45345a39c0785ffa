package dev.custodian.postgres.internal.schedule;

import dev.custodian.spi.jdbc.JdbcClusterLock;
import dev.custodian.spi.jdbc.Sql;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * PostgreSQL's schedule lock: a session advisory lock ({@code pg_try_advisory_lock}) held on a
 * connection of its own. Right after taking it, the lock is looked up in {@code pg_locks} from the
 * same connection: behind a transaction-mode pooler the next statement may reach another backend,
 * which does not hold it, and the lock then falls back to a lease row.
 */
public final class PgClusterLock extends JdbcClusterLock {
    private static final String TRY = "SELECT pg_try_advisory_lock(?)";
    private static final String UNLOCK = "SELECT pg_advisory_unlock(?)";
    private static final String HELD = "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND granted"
            + " AND pid = pg_backend_pid() AND objsubid = 1 AND classid::bigint = ? AND objid::bigint = ?";

    public PgClusterLock(DataSource dataSource, Mode mode) {
        super(dataSource, mode);
    }

    @Override
    protected String nativeKind() {
        return "advisory";
    }

    @Override
    protected String databaseTimeSql() {
        return "SELECT (extract(epoch FROM clock_timestamp()) * 1000)::bigint";
    }

    @Override
    protected Optional<NativeHold> tryNative(String name) throws SQLException, UnsafeLockException {
        long key = key(name);
        Connection c = dataSource().getConnection();
        try {
            c.setAutoCommit(true);
            String taken = Sql.string(c, TRY, key);
            if (!"true".equals(taken) && !"t".equals(taken)) {
                c.close();
                return Optional.empty();
            }
            if (!held(c, key)) {
                c.abort(Runnable::run);
                c.close();
                throw new UnsafeLockException("the advisory lock taken is not held by the session that took it"
                        + " (a transaction-mode pooler between the application and PostgreSQL?)");
            }
            return Optional.of(new ConnectionHold(c, conn -> held(conn, key), conn -> Sql.string(conn, UNLOCK, key)));
        } catch (SQLException | RuntimeException e) {
            c.close();
            throw e;
        }
    }

    private static boolean held(Connection c, long key) throws SQLException {
        return Sql.number(c, HELD, key >>> 32, key & 0xFFFFFFFFL) == 1;
    }

    /** The lock's 64-bit key: the first eight bytes of the SHA-256 of its name. */
    static long key(String name) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(("custodian:" + name).getBytes(StandardCharsets.UTF_8));
            long k = 0;
            for (int i = 0; i < 8; i++) {
                k = (k << 8) | (d[i] & 0xFF);
            }
            return k;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
