package dev.custodian.redis;

import dev.custodian.ConfigurationException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Properties;

/**
 * A parsed {@code redis://[user:password@]host:port[/db]} or {@code rediss://} (TLS) URL. The
 * properties {@code user} and {@code password} override the URL's. {@link #toString()} never
 * shows the password.
 *
 * @param tls whether the connection uses TLS ({@code rediss://})
 * @param host the host
 * @param port the port, 6379 unless given
 * @param database the logical database, 0 unless given
 * @param user the ACL user, or null for the default user
 * @param password the password, or null
 */
public record RedisUrl(boolean tls, String host, int port, int database, String user, String password) {
    /** The default port. */
    public static final int DEFAULT_PORT = 6379;
    private static final String EXPECTED = "expected redis://[user:password@]host:port[/db] or rediss://…";

    public RedisUrl {
        if (host == null || host.isBlank()) {
            throw new ConfigurationException("redis: a host is required; " + EXPECTED);
        }
        if (port < 1 || port > 65535) {
            throw new ConfigurationException("redis: port must be between 1 and 65535, was " + port);
        }
        if (database < 0) {
            throw new ConfigurationException("redis: the database number must be 0 or more, was " + database);
        }
    }

    /** Whether the text is a Redis URL this class parses. */
    public static boolean accepts(String url) {
        if (url == null) {
            return false;
        }
        String lower = url.toLowerCase(Locale.ROOT);
        return lower.startsWith("redis://") || lower.startsWith("rediss://");
    }

    /** Parses a URL; {@code user} and {@code password} properties override its credentials. */
    public static RedisUrl parse(String url, Properties properties) {
        if (!accepts(url)) {
            throw new ConfigurationException("not a Redis URL: " + masked(url) + "; " + EXPECTED);
        }
        boolean tls = url.toLowerCase(Locale.ROOT).startsWith("rediss://");
        String rest = url.substring(url.indexOf("://") + 3);
        String user = null;
        String password = null;
        int at = rest.lastIndexOf('@');
        if (at >= 0) {
            String info = rest.substring(0, at);
            rest = rest.substring(at + 1);
            int colon = info.indexOf(':');
            if (colon >= 0) {
                user = decode(info.substring(0, colon));
                password = decode(info.substring(colon + 1));
            } else {
                password = decode(info);
            }
            user = user == null || user.isEmpty() ? null : user;
            password = password == null || password.isEmpty() ? null : password;
        }
        int query = rest.indexOf('?');
        if (query >= 0) {
            rest = rest.substring(0, query);
        }
        String hostPort = rest;
        String path = "";
        int slash = rest.indexOf('/');
        if (slash >= 0) {
            hostPort = rest.substring(0, slash);
            path = rest.substring(slash + 1);
        }
        String host = hostPort;
        int port = DEFAULT_PORT;
        int colon = hostPort.lastIndexOf(':');
        if (hostPort.startsWith("[")) {
            int close = hostPort.indexOf(']');
            host = close > 0 ? hostPort.substring(1, close) : hostPort;
            colon = close > 0 && hostPort.length() > close + 1 && hostPort.charAt(close + 1) == ':' ? close + 1 : -1;
        } else if (colon >= 0) {
            host = hostPort.substring(0, colon);
        }
        if (colon >= 0) {
            port = number(hostPort.substring(colon + 1), "port", url);
        }
        if (host.isBlank()) {
            throw new ConfigurationException("bad Redis URL " + masked(url) + ": no host; " + EXPECTED);
        }
        int database = path.isEmpty() ? 0 : number(path, "database number", url);
        if (properties != null) {
            user = properties.getProperty("user", user);
            password = properties.getProperty("password", password);
        }
        return new RedisUrl(tls, host, port, database, user, password);
    }

    private static int number(String text, String what, String url) {
        try {
            return Integer.parseInt(text.trim());
        } catch (NumberFormatException e) {
            throw new ConfigurationException("bad Redis URL " + masked(url) + ": the " + what + " '"
                    + (text.length() > 20 ? text.substring(0, 20) + "…" : text) + "' is not a number; " + EXPECTED);
        }
    }

    private static String decode(String s) {
        try {
            return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return s;
        }
    }

    /** A URL with everything between {@code ://} and the last {@code @} masked but the user name. */
    public static String masked(String url) {
        if (url == null) {
            return null;
        }
        int scheme = url.indexOf("://");
        int at = url.lastIndexOf('@');
        if (scheme < 0 || at < scheme) {
            return url;
        }
        String info = url.substring(scheme + 3, at);
        int colon = info.indexOf(':');
        String shown = colon >= 0 ? info.substring(0, colon) + ":****" : "****";
        return url.substring(0, scheme + 3) + shown + url.substring(at);
    }

    /** The URL with the password masked: {@code redis://app:****@host:6379/0}. */
    @Override
    public String toString() {
        String cred = user == null && password == null ? ""
                : (user == null ? "" : user) + (password == null ? "" : ":****") + "@";
        String h = host.contains(":") ? "[" + host + "]" : host;
        return (tls ? "rediss://" : "redis://") + cred + h + ":" + port + "/" + database;
    }

    /** {@code host:port}. */
    public String address() {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }

    /** The same server with another logical database. */
    public RedisUrl withDatabase(int db) {
        return new RedisUrl(tls, host, port, db, user, password);
    }
}
