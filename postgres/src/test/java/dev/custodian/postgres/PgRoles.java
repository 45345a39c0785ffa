package dev.custodian.postgres;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Roles of a test's own (roles are the server's, shared by every database): an owner and a reader,
 * with names no other test uses, dropped on close once the databases that name them are gone.
 */
final class PgRoles implements AutoCloseable {
    final String owner;
    final String reader;
    private final String adminUrl;

    private PgRoles(String adminUrl, String suffix) {
        this.adminUrl = adminUrl;
        this.owner = "custodian_owner_" + suffix;
        this.reader = "custodian_reader_" + suffix;
    }

    static PgRoles create(String adminUrl) throws SQLException {
        PgRoles roles = new PgRoles(adminUrl, UUID.randomUUID().toString().substring(0, 8));
        try (Connection c = DriverManager.getConnection(adminUrl); Statement s = c.createStatement()) {
            for (String role : roles.names()) {
                s.execute("CREATE ROLE " + role + " NOLOGIN");
            }
        }
        return roles;
    }

    List<String> names() {
        return List.of(owner, reader);
    }

    /** The roles as psql variables: {@code owner} and {@code reader}. */
    Map<String, String> variables() {
        return Map.of("owner", owner, "reader", reader);
    }

    @Override
    public void close() throws SQLException {
        try (Connection c = DriverManager.getConnection(adminUrl); Statement s = c.createStatement()) {
            for (String role : names()) {
                s.execute("DROP ROLE IF EXISTS " + role);
            }
        }
    }
}
