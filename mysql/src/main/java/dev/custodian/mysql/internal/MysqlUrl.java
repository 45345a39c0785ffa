package dev.custodian.mysql.internal;

import dev.custodian.ConfigurationException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * A {@code jdbc:mariadb:} or {@code jdbc:mysql:} URL taken apart: scheme, hosts, database and
 * query. The database is required: every feature works on one database.
 *
 * @param scheme {@code mariadb} or {@code mysql}
 * @param hosts what lies between {@code //} and the database
 * @param database the database name (decoded)
 * @param query the query without {@code ?}, possibly empty
 */
public record MysqlUrl(String scheme, String hosts, String database, String query) {

    /** Whether the URL is one of the two schemes. */
    public static boolean accepts(String url) {
        return url != null && (url.regionMatches(true, 0, "jdbc:mariadb:", 0, 13)
                || url.regionMatches(true, 0, "jdbc:mysql:", 0, 11));
    }

    /** Parses a URL; the message of a failure never shows a secret. */
    public static MysqlUrl parse(String url) {
        if (!accepts(url)) {
            throw new ConfigurationException("not a MySQL or MariaDB URL (expected jdbc:mariadb://host:port/database"
                    + " or jdbc:mysql://…): " + url);
        }
        String scheme = url.substring(5, url.indexOf(':', 5)).toLowerCase(Locale.ROOT);
        String rest = url.substring(url.indexOf(':', 5) + 1);
        if (rest.regionMatches(true, 0, "replication:", 0, 12) || rest.regionMatches(true, 0, "loadbalance:", 0, 12)
                || rest.regionMatches(true, 0, "sequential:", 0, 11)) {
            rest = rest.substring(rest.indexOf(':') + 1);
        }
        if (!rest.startsWith("//")) {
            throw new ConfigurationException("the URL " + url + " has no //host part");
        }
        rest = rest.substring(2);
        String query = "";
        int q = rest.indexOf('?');
        if (q >= 0) {
            query = rest.substring(q + 1);
            rest = rest.substring(0, q);
        }
        int slash = rest.indexOf('/');
        String database = slash < 0 ? "" : URLDecoder.decode(rest.substring(slash + 1), StandardCharsets.UTF_8);
        String hosts = slash < 0 ? rest : rest.substring(0, slash);
        if (database.isBlank()) {
            throw new ConfigurationException("the URL " + url + " names no database;"
                    + " add it after the host: jdbc:mariadb://host:3306/app");
        }
        return new MysqlUrl(scheme, hosts, database, query);
    }

    /** The URL the MariaDB driver accepts: {@code jdbc:mysql:} gets {@code permitMysqlScheme}. */
    public String forMariadbDriver() {
        String base = "jdbc:" + scheme + "://" + hosts + "/" + encodedDatabase();
        String q = query;
        if (scheme.equals("mysql") && !q.toLowerCase(Locale.ROOT).contains("permitmysqlscheme")) {
            q = q.isEmpty() ? "permitMysqlScheme" : q + "&permitMysqlScheme";
        }
        return q.isEmpty() ? base : base + "?" + q;
    }

    /** The URL as given, for MySQL Connector/J. */
    public String asGiven() {
        String base = "jdbc:" + scheme + "://" + hosts + "/" + encodedDatabase();
        return query.isEmpty() ? base : base + "?" + query;
    }

    /** The same server with another database, for scratch databases and tests. */
    public MysqlUrl withDatabase(String other) {
        return new MysqlUrl(scheme, hosts, other, query);
    }

    /** The URL as given, for messages: exceptions and reports mask its secrets themselves. */
    public String display() {
        return asGiven();
    }

    private String encodedDatabase() {
        return java.net.URLEncoder.encode(database, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
