package dev.custodian.migration;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * What a migration rehearsal needs from a JDBC engine: the engine's own schema dump, who a
 * connection's database is, a lock sampler, and how to empty a scratch database. Core does the
 * rest: it restores a backup into the scratch database, applies, times, samples, rolls back,
 * compares and renders the report. Returned by {@link dev.custodian.spi.Engine#migrationRehearsal()}.
 */
public interface MigrationRehearsalSupport {

    /**
     * The schema of the connection's database as the engine's own DDL, without data (no sequence
     * values, no row counts such as a table's next auto-increment value), so that a schema rolled
     * back exactly compares equal to the schema before.
     */
    SchemaDump schema(Connection connection) throws SQLException;

    /**
     * What identifies the database a connection reaches, equal for any two connections to the same
     * database however they were addressed (host name or address, socket, relative path): server,
     * port and database, or the file's real path. A rehearsal refuses a scratch target whose
     * identity is the production database's.
     */
    String databaseIdentity(Connection connection) throws SQLException;

    /**
     * The identity of the database a URL of this engine names, in the form of
     * {@link #databaseIdentity(Connection)}, when it can be told without connecting (a file's real
     * path); empty otherwise. A rehearsal compares it with production's before it opens the scratch
     * database, since opening may change a file (SQLite switches it to WAL).
     */
    default Optional<String> databaseIdentity(String url) {
        return Optional.empty();
    }

    /**
     * A sampler of the locks held by the session of {@code watched}. It may read who that session
     * is from {@code watched} when created (its backend pid, its connection id), and never touches it
     * afterwards: it samples on a connection of its own. The default sees nothing and says so.
     */
    default LockSampler lockSampler(Connection watched) throws SQLException {
        return LockSampler.unavailable("this engine cannot observe locks");
    }

    /**
     * A counter of rows changed by the connection's session that only grows (SQLite's
     * {@code total_changes()}), read before and after each change; empty when the engine keeps
     * none, and core then sums the update counts the driver reports for each statement.
     */
    default OptionalLong rowsChangedSoFar(Connection connection) throws SQLException {
        return OptionalLong.empty();
    }

    /** Drops every user object of the connection's database: the scratch target after a rehearsal. */
    void empty(Connection connection) throws SQLException;
}
