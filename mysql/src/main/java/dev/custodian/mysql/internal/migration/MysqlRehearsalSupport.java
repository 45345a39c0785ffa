package dev.custodian.mysql.internal.migration;

import dev.custodian.migration.LockSampler;
import dev.custodian.migration.MigrationRehearsalSupport;
import dev.custodian.migration.SchemaDump;
import dev.custodian.mysql.internal.MysqlDatabase;
import dev.custodian.mysql.internal.backup.SchemaDefinitions;
import dev.custodian.spi.jdbc.Sql;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;

/**
 * What a migration rehearsal needs from MySQL and MariaDB: the schema from {@code SHOW CREATE …}
 * as the {@code mysql-logical} backup writes it, the server's identity (host name, port, data
 * directory) with the database's name, metadata locks sampled from a second connection where the
 * server shows them, and the emptying of a database. Rows changed are the driver's update counts
 * (MariaDB Connector/J counts the rows an UPDATE matched unless {@code useAffectedRows} is set).
 */
public final class MysqlRehearsalSupport implements MigrationRehearsalSupport {
    static final String IDENTITY = "SELECT @@hostname AS host, @@port AS port, @@datadir AS datadir, DATABASE() AS db";

    private final MysqlDatabase db;

    public MysqlRehearsalSupport(MysqlDatabase db) {
        this.db = db;
    }

    @Override
    public SchemaDump schema(Connection connection) throws SQLException {
        return new SchemaDump(SchemaDefinitions.read(connection, db.name()));
    }

    @Override
    public String databaseIdentity(Connection connection) throws SQLException {
        Map<String, Object> r = Sql.rows(connection, IDENTITY).get(0);
        return "server " + Sql.text(r, "host") + ":" + Sql.text(r, "port") + " (data directory " + Sql.text(r, "datadir")
                + "), database " + Sql.text(r, "db");
    }

    @Override
    public LockSampler lockSampler(Connection watched) throws SQLException {
        long id = Sql.number(watched, "SELECT CONNECTION_ID()");
        return MetadataLockSampler.open(db, id);
    }

    @Override
    public void empty(Connection connection) throws SQLException {
        SchemaDefinitions.dropAll(connection, db.name());
    }
}
