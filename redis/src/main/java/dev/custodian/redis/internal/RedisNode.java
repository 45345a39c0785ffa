package dev.custodian.redis.internal;

import dev.custodian.ConnectionException;
import dev.custodian.CustodianException;
import dev.custodian.Secrets;
import dev.custodian.redis.RedisUrl;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.JedisPool;
import redis.clients.jedis.exceptions.JedisAccessControlException;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.exceptions.JedisException;

/**
 * One Redis server as the engine reaches it: the application's pool for short commands, and
 * dedicated connections with long timeouts for backups, restores and sweeps.
 */
public final class RedisNode {
    private final RedisUrl url;
    private final JedisClientConfig config;
    private final JedisPool pool;
    private final String via;

    public RedisNode(RedisUrl url, JedisClientConfig config, JedisPool pool, String via) {
        this.url = url;
        this.config = config;
        this.pool = pool;
        this.via = via;
    }

    /** A client configuration for the URL. */
    public static JedisClientConfig clientConfig(RedisUrl url, int connectMillis, int socketMillis, String clientName,
            int database) {
        DefaultJedisClientConfig.Builder b = DefaultJedisClientConfig.builder().connectionTimeoutMillis(connectMillis)
                .socketTimeoutMillis(socketMillis).database(database).ssl(url.tls()).resp2();
        if (url.user() != null) {
            b.user(url.user());
        }
        if (url.password() != null) {
            b.password(url.password());
        }
        if (clientName != null) {
            b.clientName(clientName);
        }
        return b.build();
    }

    public RedisUrl url() {
        return url;
    }

    public JedisPool pool() {
        return pool;
    }

    /** The masked target for reports. */
    public String target() {
        return via == null ? url.toString() : url + " (" + via + ")";
    }

    /** Runs a short command on a pooled connection, translating failures into one-line messages. */
    public <T> T call(String what, Function<Jedis, T> command) {
        try (Jedis j = pool.getResource()) {
            return command.apply(j);
        } catch (JedisException e) {
            throw translate(what, e);
        }
    }

    /**
     * A dedicated connection (not from the pool) to a logical database, with its own socket
     * timeout in milliseconds (0 for none): for long-running work.
     */
    public Jedis open(int database, int socketTimeoutMillis) {
        JedisClientConfig c = DefaultJedisClientConfig.builder().from(config).database(database)
                .socketTimeoutMillis(socketTimeoutMillis).clientName("custodian-worker").build();
        try {
            Jedis j = new Jedis(new HostAndPort(url.host(), url.port()), c);
            j.ping();
            return j;
        } catch (JedisException e) {
            throw translate("connect", e);
        }
    }

    /** INFO of one section, parsed into name → value. */
    public Map<String, String> info(String section) {
        return parseInfo(call("INFO " + section, j -> j.info(section)));
    }

    /** Parses INFO text. */
    public static Map<String, String> parseInfo(String text) {
        Map<String, String> out = new HashMap<>();
        for (String line : text.split("\r?\n")) {
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int colon = line.indexOf(':');
            if (colon > 0) {
                out.put(line.substring(0, colon), line.substring(colon + 1).trim());
            }
        }
        return out;
    }

    /** A one-line exception for a Jedis failure, the target masked. */
    public RuntimeException translate(String what, JedisException e) {
        String message = Secrets.mask(String.valueOf(e.getMessage()));
        if (e instanceof JedisAccessControlException || message.startsWith("WRONGPASS")
                || message.startsWith("NOAUTH")) {
            return new ConnectionException("cannot authenticate to Redis at " + target() + ": " + firstLine(message)
                    + "; check the user and password", e);
        }
        if (e instanceof JedisConnectionException) {
            Throwable cause = e.getCause();
            String detail = cause != null && cause.getMessage() != null ? cause.getMessage() : message;
            return new ConnectionException("cannot reach Redis at " + target() + " (" + what + "): "
                    + firstLine(Secrets.mask(detail)) + "; check the host, the port and that the server runs", e);
        }
        if (e instanceof JedisDataException) {
            return new CustodianException("Redis at " + target() + " refused " + what + ": " + firstLine(message), e);
        }
        return new CustodianException("Redis at " + target() + ": " + what + " failed: " + firstLine(message), e);
    }

    private static String firstLine(String s) {
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl).trim();
    }
}
