package dev.custodian.postgres;

import dev.custodian.testsupport.TestServers;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.postgresql.PostgreSQLContainer;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.LinkedHashMap;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A database of its own on the test server, created fresh and dropped (with its sessions) on close.
 * The server is the one {@link TestServers} finds, else a PostgreSQL container when Docker runs.
 */
final class PgTestDatabase implements AutoCloseable {
    private static final AtomicInteger COUNTER = new AtomicInteger();
    private static PostgreSQLContainer container;
    final String name;
    final String url;
    private final String adminUrl;
    private final boolean owned;

    private PgTestDatabase(String adminUrl, String name, boolean owned) {
        this.adminUrl = adminUrl;
        this.name = name;
        this.url = urlFor(adminUrl, name);
        this.owned = owned;
    }

    /** A database that exists already (and stays: closing it does nothing). */
    static PgTestDatabase attach(String adminUrl, String name) {
        return new PgTestDatabase(adminUrl, name, false);
    }

    /** A new empty database named custodian_test_… . */
    static PgTestDatabase create() throws SQLException {
        String admin = TestServers.url(TestServers.POSTGRES, PgTestDatabase::container);
        String name = "custodian_test_" + UUID.randomUUID().toString().substring(0, 8) + "_" + COUNTER.incrementAndGet();
        try (Connection c = DriverManager.getConnection(admin); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name + " TEMPLATE template0 ENCODING 'UTF8'");
        }
        return new PgTestDatabase(admin, name, true);
    }

    /** A PostgreSQL 15 container, started once for the test JVM, when Docker runs here. */
    private static synchronized Optional<String> container() {
        if (container == null) {
            try {
                if (!DockerClientFactory.instance().isDockerAvailable()) {
                    return Optional.empty();
                }
            } catch (RuntimeException e) {
                return Optional.empty();
            }
            container = new PostgreSQLContainer("postgres:15-alpine");
            container.start();
        }
        String url = container.getJdbcUrl();
        return Optional.of(url + (url.contains("?") ? "&" : "?") + "user=" + container.getUsername() + "&password="
                + container.getPassword());
    }

    /** The URL of another database on the same server. */
    static String urlFor(String adminUrl, String database) {
        int q = adminUrl.indexOf('?');
        String base = q < 0 ? adminUrl : adminUrl.substring(0, q);
        String query = q < 0 ? "" : adminUrl.substring(q);
        return base.substring(0, base.lastIndexOf('/') + 1) + database + query;
    }

    /** A URL of the same database for another role, with its password. */
    static String urlAs(String url, String user, String password) {
        int q = url.indexOf('?');
        StringBuilder query = new StringBuilder();
        if (q >= 0) {
            for (String param : url.substring(q + 1).split("&")) {
                if (!param.startsWith("user=") && !param.startsWith("password=") && !param.isEmpty()) {
                    query.append(param).append('&');
                }
            }
        }
        return (q < 0 ? url : url.substring(0, q)) + "?" + query + "user=" + user + "&password=" + password;
    }

    String adminUrl() {
        return adminUrl;
    }

    Connection connect() throws SQLException {
        return DriverManager.getConnection(url);
    }

    void execute(String sql) throws SQLException {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    String value(String sql) throws SQLException {
        try (Connection c = connect(); Statement s = c.createStatement(); var rs = s.executeQuery(sql)) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    List<String> column(String sql) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Connection c = connect(); Statement s = c.createStatement(); var rs = s.executeQuery(sql)) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    /**
     * md5 of every row of every user table, ordered, by table: an independent checksum of the data.
     * A row is its columns by name ({@code name='value'}), so that a child table whose inherited
     * columns come in another order (as pg_dump also gives them) has the same rows.
     */
    Map<String, String> checksums() throws SQLException {
        Map<String, String> out = new LinkedHashMap<>();
        for (String table : column("SELECT format('%I.%I', n.nspname, c.relname) FROM pg_class c"
                + " JOIN pg_namespace n ON n.oid = c.relnamespace"
                + " WHERE (c.relkind = 'r' OR (c.relkind = 'm' AND c.relispopulated))"
                + " AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg_toast%'"
                + " ORDER BY 1")) {
            out.put(table, value("SELECT count(*) || ':' || coalesce(md5(string_agg(r, E'\\n' ORDER BY r)), '')"
                    + " FROM (SELECT (SELECT string_agg(quote_ident(key) || '=' || coalesce(quote_literal(value), 'NULL'),"
                    + " ',' ORDER BY key) FROM json_each_text(row_to_json(whole_row))) AS r FROM " + table + " whole_row) x"));
        }
        return out;
    }

    /** Every sequence's state: last value and whether it was called. */
    Map<String, String> sequences() throws SQLException {
        Map<String, String> out = new LinkedHashMap<>();
        for (String seq : column("SELECT format('%I.%I', schemaname, sequencename) FROM pg_sequences ORDER BY 1")) {
            out.put(seq, value("SELECT last_value || '/' || is_called FROM " + seq));
        }
        return out;
    }

    /** The database's large objects: owner, privileges, comment and md5 of the contents, by oid. */
    Map<String, String> largeObjects() throws SQLException {
        Map<String, String> out = new LinkedHashMap<>();
        for (String oid : column("SELECT oid FROM pg_largeobject_metadata ORDER BY oid")) {
            out.put(oid, value("SELECT pg_get_userbyid(lomowner) || ' ' || coalesce(lomacl::text, '-') || ' '"
                    + " || coalesce(obj_description(oid, 'pg_largeobject'), '-') || ' ' || md5(lo_get(oid))"
                    + " FROM pg_largeobject_metadata WHERE oid = " + oid));
        }
        return out;
    }

    @Override
    public void close() throws SQLException {
        if (!owned) {
            return;
        }
        // a database a subscription belongs to cannot be dropped: detach each from its slot (none
        // exists, it never connected) and drop it first
        try (Connection c = connect(); Statement s = c.createStatement()) {
            for (String sub : column("SELECT quote_ident(subname) FROM pg_subscription WHERE subdbid ="
                    + " (SELECT oid FROM pg_database WHERE datname = current_database())")) {
                s.execute("ALTER SUBSCRIPTION " + sub + " DISABLE");
                s.execute("ALTER SUBSCRIPTION " + sub + " SET (slot_name = NONE)");
                s.execute("DROP SUBSCRIPTION " + sub);
            }
        } catch (SQLException e) {
            // the database may be gone already; dropping it below says so
        }
        try (Connection c = DriverManager.getConnection(adminUrl); Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        }
    }
}
