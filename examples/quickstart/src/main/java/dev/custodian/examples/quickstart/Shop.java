package dev.custodian.examples.quickstart;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import javax.sql.DataSource;

/** The application's own work: customers placing orders. */
final class Shop {
    private static final String[] STATUSES = {"placed", "paid", "shipped", "delivered", "returned"};

    private final DataSource dataSource;

    Shop(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Writes customers and orders in one transaction; returns the orders written. */
    int seed(int customers, int orders) throws SQLException {
        Instant start = Instant.parse("2025-01-01T08:00:00Z");
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement p = c.prepareStatement("INSERT INTO customers (id, name, email) VALUES (?, ?, ?)")) {
                for (int i = 1; i <= customers; i++) {
                    p.setInt(1, i);
                    p.setString(2, "Customer " + i);
                    p.setString(3, "customer" + i + "@example.com");
                    p.addBatch();
                }
                p.executeBatch();
            }
            try (PreparedStatement p = c.prepareStatement(
                    "INSERT INTO orders (id, customer_id, amount_cents, status, placed_at) VALUES (?, ?, ?, ?, ?)")) {
                for (int i = 1; i <= orders; i++) {
                    p.setInt(1, i);
                    p.setInt(2, 1 + (i * 7) % customers);
                    p.setLong(3, 500 + (i * 7919L) % 100_000);
                    p.setString(4, STATUSES[i % STATUSES.length]);
                    p.setString(5, start.plus(i * 13L, ChronoUnit.MINUTES).toString());
                    p.addBatch();
                }
                p.executeBatch();
            }
            c.commit();
        }
        return orders;
    }
}
