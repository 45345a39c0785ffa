package dev.custodian.postgres.internal.migration;

import dev.custodian.migration.LockSampler;
import dev.custodian.migration.MigrationRehearsalSupport;
import dev.custodian.migration.SchemaDump;
import dev.custodian.postgres.internal.PgDatabase;
import dev.custodian.postgres.internal.backup.SchemaStatements;
import dev.custodian.spi.jdbc.Sql;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;

/**
 * What a migration rehearsal needs from PostgreSQL: the schema from the catalogs as the
 * {@code pg-logical} backup writes it (pre-data and post-data definitions), the server's own
 * identity (system identifier, port, start time) with the database's name, {@code pg_locks}
 * sampled from a second connection, and the emptying of a database the way a clean restore does.
 * Rows changed are the driver's update counts, which PostgreSQL reports exactly.
 */
public final class PgRehearsalSupport implements MigrationRehearsalSupport {
    static final String IDENTITY = "SELECT (SELECT system_identifier::text FROM pg_control_system()) AS system,"
            + " current_setting('port') AS port, pg_postmaster_start_time()::text AS started,"
            + " current_database() AS db";

    private final PgDatabase db;

    public PgRehearsalSupport(PgDatabase db) {
        this.db = db;
    }

    @Override
    public SchemaDump schema(Connection connection) throws SQLException {
        return new SchemaDump(SchemaStatements.read(connection));
    }

    @Override
    public String databaseIdentity(Connection connection) throws SQLException {
        Map<String, Object> r = Sql.rows(connection, IDENTITY).get(0);
        return "PostgreSQL system " + Sql.text(r, "system") + " on port " + Sql.text(r, "port") + " (started "
                + Sql.text(r, "started") + "), database " + Sql.text(r, "db");
    }

    @Override
    public LockSampler lockSampler(Connection watched) throws SQLException {
        long pid = Sql.number(watched, "SELECT pg_backend_pid()");
        return new PgLockSampler(db.connection(), pid);
    }

    @Override
    public void empty(Connection connection) throws SQLException {
        SchemaStatements.dropAll(connection);
    }
}
