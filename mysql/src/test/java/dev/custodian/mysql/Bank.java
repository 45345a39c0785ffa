package dev.custodian.mysql;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The bank of the under-load tests: {@link #ACCOUNTS} accounts of 1000 each, transfers between
 * them each recorded in a ledger, and what a consistent copy must show.
 */
final class Bank {
    static final int ACCOUNTS = 50;

    private Bank() {
    }

    /** Transfers in transactions until stopped (at most 60 s or a million), counting them in {@code done}. */
    static void transfer(TestDatabase t, AtomicBoolean stop, AtomicLong done) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        try (Connection c = t.connect();
                PreparedStatement debit = c.prepareStatement("UPDATE accounts SET balance = balance - ? WHERE id = ?");
                PreparedStatement credit = c.prepareStatement("UPDATE accounts SET balance = balance + ? WHERE id = ?");
                PreparedStatement log = c.prepareStatement("INSERT INTO z_ledger (from_id, to_id, amount) VALUES (?, ?, ?)")) {
            c.setAutoCommit(false);
            while (!stop.get() && System.nanoTime() < deadline && done.get() < 1_000_000) {
                int from = ThreadLocalRandom.current().nextInt(1, ACCOUNTS + 1);
                int to = ThreadLocalRandom.current().nextInt(1, ACCOUNTS + 1);
                long amount = ThreadLocalRandom.current().nextInt(1, 50);
                debit.setLong(1, amount);
                debit.setInt(2, from);
                debit.executeUpdate();
                credit.setLong(1, amount);
                credit.setInt(2, to);
                credit.executeUpdate();
                log.setInt(1, from);
                log.setInt(2, to);
                log.setLong(3, amount);
                log.executeUpdate();
                c.commit();
                done.incrementAndGet();
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The total never changed, and every balance is its ledger's sum: the copy is one snapshot. */
    static void assertConsistent(TestDatabase copy) throws SQLException {
        assertThat(copy.value("SELECT SUM(balance) FROM accounts")).isEqualTo(String.valueOf(ACCOUNTS * 1000));
        assertThat(copy.value("SELECT COUNT(*) FROM accounts a WHERE balance <> 1000"
                + " + (SELECT COALESCE(SUM(amount), 0) FROM z_ledger WHERE to_id = a.id)"
                + " - (SELECT COALESCE(SUM(amount), 0) FROM z_ledger WHERE from_id = a.id)")).isEqualTo("0");
        assertThat(Long.parseLong(copy.value("SELECT COUNT(*) FROM z_ledger"))).isPositive();
    }
}
