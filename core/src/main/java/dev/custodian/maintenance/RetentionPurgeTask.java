package dev.custodian.maintenance;

import dev.custodian.ConfigurationException;
import dev.custodian.CustodianException;
import dev.custodian.internal.Messages;
import dev.custodian.internal.Require;
import dev.custodian.spi.JdbcAccess;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Objects;

/**
 * Deletes the rows of one table whose timestamp column is older than a maximum age, in bounded
 * batches, each in a short transaction of its own, so that the application keeps serving. Works on
 * every JDBC engine: the engine's dialect quotes the names and writes the batched delete.
 *
 * <pre>{@code
 * RetentionPurgeTask purge = RetentionPurgeTask.builder(jdbc)
 *         .table("audit.events").timestampColumn("created_at")
 *         .maxAge(Duration.ofDays(90)).batchSize(5_000).build();
 * }</pre>
 */
public final class RetentionPurgeTask implements MaintenanceTask {
    /** Batches per run when not set: a run deletes at most 100 batches. */
    public static final int DEFAULT_MAX_BATCHES = 100;
    /** Rows per batch when not set. */
    public static final int DEFAULT_BATCH_SIZE = 1000;

    private static final DateTimeFormatter SPACED_ISO_TEXT = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
            .withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter ISO_INSTANT_MILLIS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(ZoneOffset.UTC);

    /** How the timestamp column stores a point in time, and so how the cutoff is bound. */
    public enum ColumnEncoding {
        /** A SQL TIMESTAMP (or DATETIME) column, bound as {@link Timestamp} in the JVM's zone. */
        TIMESTAMP,
        /** Milliseconds since the epoch in an integer column. */
        EPOCH_MILLIS,
        /** Seconds since the epoch in an integer column. */
        EPOCH_SECONDS,
        /** UTC text as SQLite writes it ({@code CURRENT_TIMESTAMP}): {@code 2024-05-01 13:45:00}. */
        ISO_TEXT,
        /** UTC ISO-8601 instants as text: {@code 2024-05-01T13:45:00.000Z}. */
        ISO_INSTANT_TEXT
    }

    private final JdbcAccess jdbc;
    private final String table;
    private final String quotedTable;
    private final String column;
    private final String quotedColumn;
    private final Duration maxAge;
    private final ColumnEncoding encoding;
    private final int batchSize;
    private final int maxBatches;
    private final Clock clock;

    private RetentionPurgeTask(Builder b) {
        this.jdbc = b.jdbc;
        this.table = b.schema == null ? b.table : b.schema + "." + b.table;
        this.quotedTable = b.schema == null
                ? jdbc.dialect().quoteQualified(b.table)
                : jdbc.dialect().quoteIdentifier(b.schema) + "." + jdbc.dialect().quoteIdentifier(b.table);
        this.column = b.column;
        this.quotedColumn = jdbc.dialect().quoteIdentifier(b.column);
        this.maxAge = b.maxAge;
        this.encoding = b.encoding;
        this.batchSize = b.batchSize;
        this.maxBatches = b.maxBatches;
        this.clock = b.clock;
    }

    /** A builder for a purge on the database behind the JDBC access. */
    public static Builder builder(JdbcAccess jdbc) {
        return new Builder(Objects.requireNonNull(jdbc, "jdbc"));
    }

    @Override
    public String name() {
        return "retention-purge:" + table;
    }

    @Override
    public String description() {
        return "deletes rows of " + table + " whose " + column + " is older than " + maxAge + ", in batches of "
                + batchSize + ", at most " + maxBatches + " batches per run";
    }

    @Override
    public Intrusiveness intrusiveness() {
        return Intrusiveness.ONLINE;
    }

    @Override
    public boolean runsByDefault() {
        return true;
    }

    /** One action when rows are older than the cutoff, none otherwise; only counts. */
    @Override
    public List<MaintenanceAction> plan() throws SQLException {
        Instant cutoff = clock.instant().minus(maxAge);
        String count = "SELECT count(*) FROM " + quotedTable + " WHERE " + predicate();
        long due;
        try (Connection c = jdbc.dataSource().getConnection(); PreparedStatement ps = c.prepareStatement(count)) {
            bind(ps, cutoff);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                due = rs.getLong(1);
            }
        }
        if (due == 0) {
            return List.of();
        }
        String delete = jdbc.dialect().batchedDelete(quotedTable, predicate(), batchSize);
        String statement = delete + " -- ? = " + display(cutoff) + " (batches of " + batchSize + "; " + due
                + " row(s) older than " + cutoff + ")";
        return List.of(MaintenanceAction.of(table, statement, () -> purge(delete, cutoff)));
    }

    private String purge(String delete, Instant cutoff) {
        long deleted = 0;
        int batches = 0;
        int runs = 0;
        try (Connection c = jdbc.dataSource().getConnection()) {
            boolean autoCommit = c.getAutoCommit();
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement(delete)) {
                bind(ps, cutoff);
                while (runs < maxBatches) {
                    if (Thread.currentThread().isInterrupted()) {
                        return "deleted " + deleted + " row(s) in " + batches + " batch(es); stopped early: interrupted";
                    }
                    int n;
                    try {
                        n = ps.executeUpdate();
                        c.commit();
                    } catch (SQLException e) {
                        c.rollback();
                        throw e;
                    }
                    runs++;
                    if (n > 0) {
                        batches++;
                        deleted += n;
                    }
                    if (n < batchSize) {
                        return "deleted " + deleted + " row(s) in " + batches + " batch(es)";
                    }
                }
            } finally {
                c.setAutoCommit(autoCommit);
            }
            return "deleted " + deleted + " row(s) in " + batches + " batch(es); stopped at the limit of " + maxBatches
                    + " batches, more rows may be due";
        } catch (SQLException e) {
            throw new CustodianException("retention purge of " + table + " failed after deleting " + deleted
                    + " row(s): " + Messages.describe(e), e);
        }
    }

    private String predicate() {
        return quotedColumn + " < ?";
    }

    private void bind(PreparedStatement ps, Instant cutoff) throws SQLException {
        switch (encoding) {
            case TIMESTAMP -> ps.setTimestamp(1, Timestamp.from(cutoff));
            case EPOCH_MILLIS -> ps.setLong(1, cutoff.toEpochMilli());
            case EPOCH_SECONDS -> ps.setLong(1, cutoff.getEpochSecond());
            case ISO_TEXT -> ps.setString(1, SPACED_ISO_TEXT.format(cutoff));
            case ISO_INSTANT_TEXT -> ps.setString(1, ISO_INSTANT_MILLIS.format(cutoff));
            default -> throw new IllegalStateException("unknown encoding " + encoding);
        }
    }

    private String display(Instant cutoff) {
        return switch (encoding) {
            case TIMESTAMP -> "TIMESTAMP '" + Timestamp.from(cutoff) + "'";
            case EPOCH_MILLIS -> Long.toString(cutoff.toEpochMilli());
            case EPOCH_SECONDS -> Long.toString(cutoff.getEpochSecond());
            case ISO_TEXT -> "'" + SPACED_ISO_TEXT.format(cutoff) + "'";
            case ISO_INSTANT_TEXT -> "'" + ISO_INSTANT_MILLIS.format(cutoff) + "'";
        };
    }

    /** Builds a {@link RetentionPurgeTask}; {@link #build()} validates every field. */
    public static final class Builder {
        private final JdbcAccess jdbc;
        private String schema;
        private String table;
        private String column;
        private Duration maxAge;
        private ColumnEncoding encoding = ColumnEncoding.TIMESTAMP;
        private int batchSize = DEFAULT_BATCH_SIZE;
        private int maxBatches = DEFAULT_MAX_BATCHES;
        private Clock clock = Clock.systemUTC();

        private Builder(JdbcAccess jdbc) {
            this.jdbc = jdbc;
        }

        /** The table, as {@code table} or {@code schema.table}. */
        public Builder table(String name) {
            this.schema = null;
            this.table = name;
            return this;
        }

        /** The table in a schema, for names that themselves contain a dot. */
        public Builder table(String schema, String name) {
            this.schema = schema;
            this.table = name;
            return this;
        }

        /** The column holding each row's time. */
        public Builder timestampColumn(String name) {
            this.column = name;
            return this;
        }

        /** Rows older than this are deleted. */
        public Builder maxAge(Duration age) {
            this.maxAge = age;
            return this;
        }

        /** How the column stores time; {@link ColumnEncoding#TIMESTAMP} by default. */
        public Builder encoding(ColumnEncoding e) {
            this.encoding = e;
            return this;
        }

        /** Rows per batch, each batch its own transaction; 1000 by default. */
        public Builder batchSize(int rows) {
            this.batchSize = rows;
            return this;
        }

        /** Batches per run at most; 100 by default. */
        public Builder maxBatchesPerRun(int batches) {
            this.maxBatches = batches;
            return this;
        }

        /** The clock the cutoff is computed from. */
        public Builder clock(Clock c) {
            this.clock = c;
            return this;
        }

        public RetentionPurgeTask build() {
            if (schema != null && schema.isBlank()) {
                throw new ConfigurationException("retentionPurge.schema must not be blank");
            }
            if (table == null || table.isBlank()) {
                throw new ConfigurationException("retentionPurge.table must not be blank");
            }
            if (column == null || column.isBlank()) {
                throw new ConfigurationException("retentionPurge.timestampColumn must not be blank");
            }
            Require.positive("retentionPurge.maxAge", maxAge);
            if (encoding == null) {
                throw new ConfigurationException("retentionPurge.encoding must be set");
            }
            if (batchSize < 1) {
                throw new ConfigurationException("retentionPurge.batchSize must be 1 or more, was " + batchSize);
            }
            if (maxBatches < 1) {
                throw new ConfigurationException("retentionPurge.maxBatchesPerRun must be 1 or more, was " + maxBatches);
            }
            if (clock == null) {
                throw new ConfigurationException("retentionPurge.clock must be set");
            }
            return new RetentionPurgeTask(this);
        }
    }
}
