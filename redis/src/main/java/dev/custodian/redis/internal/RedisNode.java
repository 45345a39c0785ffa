package dev.custodian.redis.internal;

import dev.custodian.ConnectionException;
import dev.custodian.CustodianException;
import dev.custodian.redis.RedisUrl;
import java.net.Socket;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocketFactory;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.DefaultJedisSocketFactory;
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
    private final SSLSocketFactory tls;

    public RedisNode(RedisUrl url, JedisClientConfig config, JedisPool pool, String via, SSLSocketFactory tls) {
        this.url = url;
        this.config = config;
        this.pool = pool;
        this.via = via;
        this.tls = tls;
    }

    /**
     * A client configuration for the URL; with {@code rediss://}, TLS through the given socket
     * factory (null: the JVM's default trust) and the certificate checked against the host.
     */
    public static JedisClientConfig clientConfig(RedisUrl url, int connectMillis, int socketMillis, String clientName,
            int database, SSLSocketFactory tls) {
        DefaultJedisClientConfig.Builder b = DefaultJedisClientConfig.builder().connectionTimeoutMillis(connectMillis)
                .socketTimeoutMillis(socketMillis).database(database).ssl(url.tls()).resp2();
        if (url.tls()) {
            b.sslParameters(TlsSockets.verifyingHost());
            if (tls != null) {
                b.sslSocketFactory(tls);
            }
        }
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

    /** The TLS socket factory of {@code rediss://} connections, or null for the JVM's default. */
    public SSLSocketFactory tls() {
        return tls;
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
        return open(database, socketTimeoutMillis, socket -> { });
    }

    /**
     * A dedicated connection as {@link #open(int, int)}, handing its socket (TLS-wrapped when the
     * URL asks for TLS) to {@code socketSeen} when it is made, so that commands can be written to
     * it directly while the replies are read through the connection.
     */
    public Jedis open(int database, int socketTimeoutMillis, Consumer<Socket> socketSeen) {
        JedisClientConfig c = DefaultJedisClientConfig.builder().from(config).database(database)
                .socketTimeoutMillis(socketTimeoutMillis).clientName("custodian-worker").build();
        DefaultJedisSocketFactory sockets = new DefaultJedisSocketFactory(new HostAndPort(url.host(), url.port()), c);
        try {
            Jedis j = new Jedis(() -> {
                Socket socket = sockets.createSocket();
                socketSeen.accept(socket);
                return socket;
            }, c);
            j.ping();
            return j;
        } catch (JedisException e) {
            throw translate("connect", e);
        }
    }

    /**
     * In cluster mode, the manifest fact that a backup holds only the slots this node serves
     * (a backup is of the node the URL names, not of the whole cluster); null otherwise.
     */
    public String clusterNote() {
        if (!"1".equals(info("cluster").get("cluster_enabled"))) {
            return null;
        }
        String id = call("CLUSTER MYID", Jedis::clusterMyId);
        return "this node only (" + url.address() + ", id " + id + "): the keys of its own slots, not the whole cluster";
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
        String message = String.valueOf(e.getMessage());
        if (e instanceof JedisAccessControlException || message.startsWith("WRONGPASS")
                || message.startsWith("NOAUTH")) {
            return new ConnectionException("cannot authenticate to Redis at " + target() + ": " + firstLine(message)
                    + "; check the user and password", e);
        }
        SSLException ssl = TlsSockets.tlsCause(e);
        if (ssl != null) {
            return new ConnectionException("TLS handshake with Redis at " + target() + " failed (" + what + "): "
                    + firstLine(String.valueOf(ssl.getMessage()))
                    + "; check that the server's certificate is signed by a CA in custodian.redis.trustStore"
                    + " and names the host", e);
        }
        if (e instanceof JedisConnectionException) {
            Throwable cause = e.getCause();
            String detail = cause != null && cause.getMessage() != null ? cause.getMessage() : message;
            return new ConnectionException("cannot reach Redis at " + target() + " (" + what + "): "
                    + firstLine(detail) + "; check the host, the port and that the server runs"
                    + (!url.tls() && droppedByPeer(detail) ? ", and use rediss:// if the port speaks only TLS" : ""), e);
        }
        if (e instanceof JedisDataException) {
            return new CustodianException("Redis at " + target() + " refused " + what + ": " + firstLine(message), e);
        }
        return new CustodianException("Redis at " + target() + ": " + what + " failed: " + firstLine(message), e);
    }

    /** A server that accepted the connection and then dropped it: typical of a TLS port spoken to in clear. */
    private static boolean droppedByPeer(String detail) {
        String d = String.valueOf(detail).toLowerCase(java.util.Locale.ROOT);
        return d.contains("connection reset") || d.contains("unexpected end of stream") || d.contains("broken pipe");
    }

    private static String firstLine(String s) {
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl).trim();
    }
}
