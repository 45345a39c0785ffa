package dev.custodian.redis;

import dev.custodian.ConfigurationException;
import dev.custodian.ConnectionException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisException;

/**
 * Finds the current master of a Sentinel-managed group:
 * {@code redis-sentinel://[user:password@]host:port[,host:port…]/master-name[/db]}. The
 * credentials are the master's; a sentinel that needs a password of its own gets it from the
 * property {@code custodian.redis.sentinelPassword} (engine property). The master is resolved when the engine
 * opens: after a failover, open the engine again.
 */
public final class RedisSentinel {
    /** The URL scheme. */
    public static final String SCHEME = "redis-sentinel://";
    private static final String EXPECTED = "expected redis-sentinel://[user:password@]host:port[,host:port…]/master[/db]";

    private RedisSentinel() {
    }

    /** Whether the text is a Sentinel URL. */
    public static boolean accepts(String url) {
        return url != null && url.toLowerCase(Locale.ROOT).startsWith(SCHEME);
    }

    /** The master name of a Sentinel URL. */
    public static String masterName(String url) {
        String rest = url.substring(SCHEME.length());
        rest = rest.substring(rest.lastIndexOf('@') + 1);
        String[] path = rest.split("/");
        return path.length > 1 ? path[1] : "";
    }

    /**
     * Asks the sentinels in turn for the master's address and returns a {@code redis://} URL for
     * it with the credentials and database of the Sentinel URL.
     *
     * @param properties client properties: {@code user} and {@code password} of the master
     * @param sentinelPassword the Sentinels' own password, or null
     */
    public static RedisUrl resolve(String url, Properties properties, String sentinelPassword) {
        if (!accepts(url)) {
            throw new ConfigurationException("not a Sentinel URL: " + RedisUrl.masked(url) + "; " + EXPECTED);
        }
        String rest = url.substring(SCHEME.length());
        int at = rest.lastIndexOf('@');
        String credentials = at >= 0 ? rest.substring(0, at + 1) : "";
        rest = at >= 0 ? rest.substring(at + 1) : rest;
        String[] path = rest.split("/");
        if (path.length < 2 || path[1].isBlank()) {
            throw new ConfigurationException("bad Sentinel URL " + RedisUrl.masked(url) + ": no master name; " + EXPECTED);
        }
        String master = path[1];
        String db = path.length > 2 ? "/" + path[2] : "";
        List<HostAndPort> sentinels = new ArrayList<>();
        for (String hp : path[0].split(",")) {
            RedisUrl parsed = RedisUrl.parse("redis://" + hp.trim(), new Properties());
            sentinels.add(new HostAndPort(parsed.host(), parsed.port() == RedisUrl.DEFAULT_PORT && !hp.contains(":")
                    ? 26379 : parsed.port()));
        }
        List<String> failures = new ArrayList<>();
        for (HostAndPort sentinel : sentinels) {
            DefaultJedisClientConfig.Builder c = DefaultJedisClientConfig.builder().connectionTimeoutMillis(2000)
                    .socketTimeoutMillis(2000);
            if (sentinelPassword != null) {
                c.password(sentinelPassword);
            }
            try (Jedis j = new Jedis(sentinel, c.build())) {
                List<String> address = j.sentinelGetMasterAddrByName(master);
                if (address == null || address.size() < 2) {
                    failures.add(sentinel + " does not know master '" + master + "'");
                    continue;
                }
                String host = address.get(0).contains(":") ? "[" + address.get(0) + "]" : address.get(0);
                return RedisUrl.parse("redis://" + credentials + host + ":" + address.get(1) + db, properties);
            } catch (JedisException e) {
                failures.add(sentinel + ": " + String.valueOf(e.getMessage()));
            }
        }
        throw new ConnectionException("cannot find master '" + master + "' through Sentinel " + RedisUrl.masked(url)
                + ": " + String.join("; ", failures) + "; check the sentinel addresses and the master name");
    }
}
