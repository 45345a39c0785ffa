package dev.custodian.spi.jdbc;

import dev.custodian.CustodianException;
import dev.custodian.internal.Messages;
import dev.custodian.spi.RunLedger;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * The run ledger of a JDBC database: two small tables, created on first use with portable SQL
 * (PostgreSQL, MySQL/MariaDB, SQLite), removable with {@link #drop()}:
 *
 * <pre>
 * custodian_runs  (job, slot_ms) primary key, instance, started_ms, ended_ms, outcome, token, set_id, detail
 * custodian_locks (name) primary key, token, holder, expires_ms
 * </pre>
 *
 * Times are epoch milliseconds of the database server's clock.
 */
public final class JdbcRunLedger implements RunLedger {
    static final String RUNS = "custodian_runs";
    static final String LOCKS = "custodian_locks";
    private static final String CREATE_RUNS = "CREATE TABLE IF NOT EXISTS " + RUNS + " (job VARCHAR(190) NOT NULL,"
            + " slot_ms BIGINT NOT NULL, instance VARCHAR(190) NOT NULL, started_ms BIGINT NOT NULL, ended_ms BIGINT,"
            + " outcome VARCHAR(20) NOT NULL, token BIGINT NOT NULL, set_id VARCHAR(100), detail VARCHAR(1000),"
            + " PRIMARY KEY (job, slot_ms))";
    private static final String CREATE_LOCKS = "CREATE TABLE IF NOT EXISTS " + LOCKS + " (name VARCHAR(190) NOT NULL"
            + " PRIMARY KEY, token BIGINT NOT NULL, holder VARCHAR(190), expires_ms BIGINT)";
    private static final String COLUMNS = "job, slot_ms, instance, started_ms, ended_ms, outcome, token, set_id, detail";

    private final DataSource dataSource;
    private volatile boolean created;

    public JdbcRunLedger(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Creates both tables when they are missing; several instances may race to do it. */
    void ensureTables() {
        if (created) {
            return;
        }
        SQLException last = null;
        for (int attempt = 0; attempt < 5; attempt++) {
            try (Connection c = dataSource.getConnection()) {
                c.setAutoCommit(true);
                Sql.execute(c, CREATE_RUNS);
                Sql.execute(c, CREATE_LOCKS);
                created = true;
                return;
            } catch (SQLException e) {
                // two instances creating the tables at once: one of them fails on the catalog; try again
                last = e;
                sleep(50L * (attempt + 1));
            }
        }
        throw new CustodianException("cannot create the run ledger tables " + RUNS + " and " + LOCKS + ": "
                + Messages.describe(last), last);
    }

    <T> T withConnection(String what, Sql.Work<T> work) {
        ensureTables();
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(true);
            return work.run(c);
        } catch (SQLException e) {
            throw new CustodianException("run ledger: " + what + " failed: " + Messages.describe(e), e);
        }
    }

    @Override
    public boolean claim(Entry e) {
        return withConnection("claim of " + e.job() + " at " + e.slot(), c -> {
            try {
                Sql.update(c, "INSERT INTO " + RUNS + " (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", e.job(),
                        e.slot().toEpochMilli(), e.instance(), e.started().toEpochMilli(),
                        e.ended() == null ? null : e.ended().toEpochMilli(), e.outcome(), e.token(), e.setId(),
                        clip(e.detail()));
                return true;
            } catch (SQLException duplicate) {
                if (entry(c, e.job(), e.slot()).isPresent()) {
                    return false;
                }
                throw duplicate;
            }
        });
    }

    @Override
    public boolean finish(String job, Instant slot, long token, String outcome, Instant ended, String setId,
            String detail) {
        return withConnection("closing " + job + " at " + slot, c -> Sql.update(c, "UPDATE " + RUNS
                + " SET outcome = ?, ended_ms = ?, set_id = ?, detail = COALESCE(?, detail) WHERE job = ? AND slot_ms = ? AND token = ?"
                + " AND ended_ms IS NULL", outcome, ended.toEpochMilli(), setId, clip(detail), job, slot.toEpochMilli(),
                token) == 1);
    }

    @Override
    public int abandonOlder(String job, long token, Instant ended) {
        return withConnection("closing abandoned runs of " + job, c -> Sql.update(c, "UPDATE " + RUNS
                + " SET outcome = 'abandoned', ended_ms = ?, detail = 'its holder lost the lock' WHERE job = ?"
                + " AND ended_ms IS NULL AND token < ?", ended.toEpochMilli(), job, token));
    }

    @Override
    public Optional<Entry> entry(String job, Instant slot) {
        return withConnection("reading " + job + " at " + slot, c -> entry(c, job, slot));
    }

    private static Optional<Entry> entry(Connection c, String job, Instant slot) throws SQLException {
        List<Entry> found = query(c, "SELECT " + COLUMNS + " FROM " + RUNS + " WHERE job = ? AND slot_ms = ?", job,
                slot.toEpochMilli());
        return found.stream().findFirst();
    }

    @Override
    public List<Entry> recent(String job, int limit) {
        ensureTablesQuietly();
        if (!created) {
            return List.of();
        }
        String where = job == null ? "" : " WHERE job = ?";
        Object[] args = job == null ? new Object[0] : new Object[] {job};
        return withConnection("reading the recent runs", c -> {
            List<Entry> all = query(c, "SELECT " + COLUMNS + " FROM " + RUNS + where
                    + " ORDER BY slot_ms DESC, job", args);
            return all.size() > limit ? List.copyOf(all.subList(0, limit)) : all;
        });
    }

    private void ensureTablesQuietly() {
        try {
            ensureTables();
        } catch (CustodianException e) {
            // a read-only user may not create the tables; reading then finds no ledger
        }
    }

    @Override
    public long currentToken(String lockName) {
        return withConnection("reading the token of " + lockName,
                c -> Sql.number(c, "SELECT token FROM " + LOCKS + " WHERE name = ?", lockName));
    }

    /**
     * Hands out the next fencing token of a lock name: the row is created at 0 when missing, then
     * incremented and read in one transaction.
     */
    long nextToken(String lockName) {
        return withConnection("a fencing token for " + lockName, c -> {
            insertLockRow(c, lockName);
            c.setAutoCommit(false);
            try {
                Sql.update(c, "UPDATE " + LOCKS + " SET token = token + 1 WHERE name = ?", lockName);
                long token = Sql.number(c, "SELECT token FROM " + LOCKS + " WHERE name = ?", lockName);
                c.commit();
                return token;
            } catch (SQLException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        });
    }

    static void insertLockRow(Connection c, String lockName) throws SQLException {
        if (Sql.string(c, "SELECT name FROM " + LOCKS + " WHERE name = ?", lockName) != null) {
            return;
        }
        try {
            Sql.update(c, "INSERT INTO " + LOCKS + " (name, token) VALUES (?, 0)", lockName);
        } catch (SQLException e) {
            if (Sql.string(c, "SELECT name FROM " + LOCKS + " WHERE name = ?", lockName) == null) {
                throw e;
            }
        }
    }

    @Override
    public void drop() {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(true);
            Sql.execute(c, "DROP TABLE IF EXISTS " + RUNS);
            Sql.execute(c, "DROP TABLE IF EXISTS " + LOCKS);
            created = false;
        } catch (SQLException e) {
            throw new CustodianException("cannot drop the run ledger: " + Messages.describe(e), e);
        }
    }

    private static List<Entry> query(Connection c, String sql, Object... args) throws SQLException {
        List<Entry> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    long ended = rs.getLong(5);
                    boolean open = rs.wasNull();
                    out.add(new Entry(rs.getString(1), Instant.ofEpochMilli(rs.getLong(2)), rs.getString(3),
                            Instant.ofEpochMilli(rs.getLong(4)), open ? null : Instant.ofEpochMilli(ended),
                            rs.getString(6), rs.getLong(7), rs.getString(8), rs.getString(9)));
                }
            }
        }
        return out;
    }

    private static String clip(String detail) {
        return detail == null || detail.length() <= 1000 ? detail : detail.substring(0, 997) + "...";
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
