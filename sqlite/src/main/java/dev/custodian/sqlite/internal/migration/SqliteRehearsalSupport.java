package dev.custodian.sqlite.internal.migration;

import dev.custodian.migration.LockSampler;
import dev.custodian.migration.MigrationRehearsalSupport;
import dev.custodian.migration.SchemaDump;
import dev.custodian.spi.jdbc.Sql;
import dev.custodian.sqlite.SqliteEngineProvider;
import dev.custodian.sqlite.internal.SqliteCatalog;
import dev.custodian.sqlite.internal.SqliteDatabase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * What a migration rehearsal needs from SQLite: the schema as {@code sqlite_schema} holds it (the
 * statements that created each object, as SQLite keeps them), the file's real path as the
 * database's identity, the write lock seen from a side connection, and {@code total_changes()} as
 * the counter of changed rows.
 */
public final class SqliteRehearsalSupport implements MigrationRehearsalSupport {
    static final String SCHEMA = "SELECT type, name, sql FROM main.sqlite_schema WHERE sql IS NOT NULL"
            + " AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY type, name";
    private static final String DROP_ORDER = "SELECT type, name FROM main.sqlite_schema"
            + " WHERE type IN ('view', 'trigger', 'table') AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'"
            + " ORDER BY CASE type WHEN 'view' THEN 0 WHEN 'trigger' THEN 1 ELSE 2 END, name";

    private final SqliteDatabase db;

    public SqliteRehearsalSupport(SqliteDatabase db) {
        this.db = db;
    }

    @Override
    public SchemaDump schema(Connection connection) throws SQLException {
        List<String> definitions = new ArrayList<>();
        for (Map<String, Object> r : Sql.rows(connection, SCHEMA)) {
            definitions.add(Sql.text(r, "sql"));
        }
        return new SchemaDump(definitions);
    }

    @Override
    public String databaseIdentity(Connection connection) throws SQLException {
        for (Map<String, Object> r : Sql.rows(connection, "PRAGMA database_list")) {
            if ("main".equals(Sql.text(r, "name"))) {
                String file = Sql.text(r, "file");
                return file == null || file.isEmpty() ? "sqlite in-memory database" : real(Path.of(file));
            }
        }
        throw new SQLException("PRAGMA database_list names no main database");
    }

    @Override
    public Optional<String> databaseIdentity(String url) {
        try {
            return Optional.of(real(SqliteEngineProvider.fileOf(url)));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    /** The file's real path (links resolved) when it exists, else its absolute normalized path. */
    private static String real(Path file) {
        Path absolute = file.toAbsolutePath().normalize();
        try {
            return Files.exists(absolute) ? absolute.toRealPath().toString() : absolute.toString();
        } catch (IOException e) {
            return absolute.toString();
        }
    }

    @Override
    public LockSampler lockSampler(Connection watched) throws SQLException {
        return new WriteLockSampler(db.file());
    }

    @Override
    public OptionalLong rowsChangedSoFar(Connection connection) throws SQLException {
        return OptionalLong.of(Sql.number(connection, "SELECT total_changes()"));
    }

    /** Drops views, triggers and tables (their indexes with them), then gives the space back. */
    @Override
    public void empty(Connection connection) throws SQLException {
        boolean auto = connection.getAutoCommit();
        connection.setAutoCommit(true);
        try {
            Sql.execute(connection, "PRAGMA foreign_keys = OFF");
            for (Map<String, Object> r : Sql.rows(connection, DROP_ORDER)) {
                String type = Sql.text(r, "type").toUpperCase(java.util.Locale.ROOT);
                Sql.execute(connection, "DROP " + type + " IF EXISTS main." + SqliteCatalog.q(Sql.text(r, "name")));
            }
            Sql.execute(connection, "VACUUM");
        } finally {
            Sql.execute(connection, "PRAGMA foreign_keys = ON");
            connection.setAutoCommit(auto);
        }
    }
}
