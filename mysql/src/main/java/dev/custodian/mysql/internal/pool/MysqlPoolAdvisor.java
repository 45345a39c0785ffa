package dev.custodian.mysql.internal.pool;

import dev.custodian.mysql.internal.MysqlDatabase;

import dev.custodian.spi.jdbc.Sql;
import dev.custodian.pool.PoolAdvisor;
import dev.custodian.pool.PoolFinding;
import dev.custodian.pool.PoolFinding.Severity;
import dev.custodian.pool.PoolSettings;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Checks a pool against the server: pool size x instances against {@code max_connections} (and
 * {@code max_user_connections}), {@code maxLifetime} and {@code idleTimeout} against
 * {@code wait_timeout}.
 */
public final class MysqlPoolAdvisor implements PoolAdvisor {
    /** Connections kept free for administrators, replication and tools. */
    static final int RESERVED = 5;
    private final MysqlDatabase db;

    public MysqlPoolAdvisor(MysqlDatabase db) {
        this.db = db;
    }

    @Override
    public List<PoolFinding> advise(PoolSettings settings) throws Exception {
        Map<String, Object> v;
        long userLimit;
        try (Connection c = db.connection()) {
            v = Sql.rows(c, "SELECT @@GLOBAL.max_connections AS maxc, @@GLOBAL.max_user_connections AS maxu,"
                    + " @@SESSION.wait_timeout AS waitt, @@GLOBAL.interactive_timeout AS inter").get(0);
            userLimit = Sql.number(c, "SELECT COALESCE(MAX(max_user_connections), 0) FROM mysql.user WHERE"
                    + " CONCAT(User, '@', Host) = CURRENT_USER()");
        } catch (java.sql.SQLException noMysqlUser) {
            try (Connection c = db.connection()) {
                v = Sql.rows(c, "SELECT @@GLOBAL.max_connections AS maxc, @@GLOBAL.max_user_connections AS maxu,"
                        + " @@SESSION.wait_timeout AS waitt, @@GLOBAL.interactive_timeout AS inter").get(0);
            }
            userLimit = 0;
        }
        long maxConnections = Sql.asLong(v.get("maxc"));
        long maxUser = Sql.asLong(v.get("maxu"));
        if (userLimit > 0) {
            maxUser = maxUser == 0 ? userLimit : Math.min(maxUser, userLimit);
        }
        long waitMillis = Sql.asLong(v.get("waitt")) * 1000;
        long total = (long) settings.maximumPoolSize() * settings.expectedInstances();
        List<PoolFinding> findings = new ArrayList<>();
        String pools = settings.maximumPoolSize() + " x " + settings.expectedInstances() + " instance(s) = " + total;
        if (total > maxConnections - RESERVED) {
            findings.add(new PoolFinding(Severity.CRITICAL, "maximumPoolSize", pools,
                    "at most " + Math.max(1, (maxConnections - RESERVED) / settings.expectedInstances()) + " per instance",
                    "the pools can open more connections than max_connections (" + maxConnections + ") less " + RESERVED
                            + " kept for administrators: new connections will be refused"));
        } else if (total > (maxConnections - RESERVED) * 0.8) {
            findings.add(new PoolFinding(Severity.WARNING, "maximumPoolSize", pools, "under 80 % of max_connections",
                    "the pools can take " + Math.round(100.0 * total / maxConnections) + " % of max_connections ("
                            + maxConnections + "), leaving little room for deploys that overlap"));
        }
        if (maxUser > 0 && total > maxUser) {
            findings.add(new PoolFinding(Severity.CRITICAL, "maximumPoolSize", pools, "at most " + maxUser,
                    "max_user_connections limits this account to " + maxUser + " connections"));
        }
        long lifetime = settings.maxLifetime().toMillis();
        if (lifetime == 0 || lifetime >= waitMillis) {
            findings.add(new PoolFinding(Severity.CRITICAL, "maxLifetime", lifetime == 0 ? "0 (no limit)" : lifetime + " ms",
                    "under " + waitMillis + " ms (wait_timeout " + waitMillis / 1000 + " s) less 30 s",
                    "the server closes connections idle for wait_timeout; the pool would hand out dead connections"));
        }
        long idle = settings.idleTimeout().toMillis();
        long keepalive = settings.keepaliveTime().toMillis();
        if ((idle == 0 || idle >= waitMillis) && (keepalive == 0 || keepalive >= waitMillis)
                && settings.minimumIdle() > 0) {
            findings.add(new PoolFinding(Severity.WARNING, "idleTimeout", idle == 0 ? "0 (never)" : idle + " ms",
                    "under " + waitMillis + " ms, or a keepaliveTime under it",
                    "idle connections outlive wait_timeout and are closed by the server"));
        }
        long interactive = Sql.asLong(v.get("inter")) * 1000;
        if (interactive > 0 && interactive < waitMillis) {
            findings.add(new PoolFinding(Severity.OK, "interactive_timeout", interactive / 1000 + " s",
                    "not used by JDBC", "JDBC connections are not interactive: wait_timeout applies to them"));
        }
        findings.sort(Comparator.comparing(PoolFinding::severity).reversed());
        return findings;
    }
}
