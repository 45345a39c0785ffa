package dev.custodian.postgres.internal.backup;

import dev.custodian.spi.jdbc.Sql;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The catalog-based DDL of the {@code pg-logical} backup, for other uses than a backup: a
 * database's schema as pre-data and post-data definitions (no data: no sequence values, no
 * materialized view contents), and the emptying of a database the way a clean restore empties it.
 */
public final class SchemaStatements {
    private SchemaStatements() {
    }

    /**
     * The definitions of every object a backup would write (owners and privileges included), in
     * one read-only snapshot with pg_dump's session settings, so every name is qualified. Object
     * kinds the backup cannot reproduce fail, named, as they fail a backup.
     */
    public static List<String> read(Connection c) throws SQLException {
        boolean auto = c.getAutoCommit();
        c.setAutoCommit(false);
        try {
            Sql.execute(c, "SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY");
            PgLogicalStrategy.settings(c);
            UnsupportedObjects.check(c);
            SchemaDefinitions schema = SchemaDefinitions.read(c, null, false, UnsupportedObjects.superuser(c));
            List<String> definitions = new ArrayList<>();
            for (List<SqlScript.Tagged> part : List.of(schema.pre(), schema.post(), schema.privileges(), schema.late())) {
                part.forEach(t -> definitions.add(t.sql()));
            }
            return definitions;
        } finally {
            PgLogicalStrategy.endQuietly(c, auto);
        }
    }

    /** Drops every user object; {@code public} itself stays, with its owner and privileges. */
    public static void dropAll(Connection c) throws SQLException {
        boolean auto = c.getAutoCommit();
        c.setAutoCommit(false);
        try {
            TargetCleaner.clean(c);
            c.commit();
        } catch (SQLException | RuntimeException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(auto);
        }
    }
}
