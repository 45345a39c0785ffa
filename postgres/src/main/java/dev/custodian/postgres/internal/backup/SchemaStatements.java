package dev.custodian.postgres.internal.backup;

import dev.custodian.spi.jdbc.Sql;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The catalog-based DDL of the {@code pg-logical} backup, for other uses than a backup: a
 * database's schema as pre-data and post-data definitions (no data: no sequence values, no
 * materialized view contents), and the emptying of a database the way a clean restore empties it.
 */
public final class SchemaStatements {
    /** A column's options, as {@link TableDefinitions} writes them. */
    private static final Pattern COLUMN_OPTIONS = Pattern.compile("^(ALTER TABLE ONLY .+ ALTER COLUMN .+ SET \\()(.*)\\)$",
            Pattern.DOTALL);
    /** The column options PostgreSQL itself defines. */
    private static final Set<String> OPTIONS = Set.of("n_distinct", "n_distinct_inherited");

    private SchemaStatements() {
    }

    /**
     * The definitions of every object a backup would write, in one read-only snapshot with
     * pg_dump's session settings, so every name is qualified. Object kinds the backup cannot
     * reproduce fail, named, as they fail a backup.
     */
    public static List<String> read(Connection c) throws SQLException {
        boolean auto = c.getAutoCommit();
        c.setAutoCommit(false);
        try {
            Sql.execute(c, "SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY");
            PgLogicalStrategy.settings(c);
            UnsupportedObjects.check(c);
            List<String> out = new ArrayList<>(new PreData(c, null).statements());
            for (SqlScript.Tagged t : new PostData(c, null).definitions()) {
                out.add(t.sql());
            }
            List<String> definitions = new ArrayList<>();
            for (String statement : out) {
                String kept = ownOptionsOnly(statement);
                if (kept != null) {
                    definitions.add(kept);
                }
            }
            return definitions;
        } finally {
            PgLogicalStrategy.endQuietly(c, auto);
        }
    }

    /**
     * A column's options reduced to PostgreSQL's own ({@code n_distinct}…), or null when none is
     * left: a server may stamp columns with options of its own (a version per column, say), which
     * say nothing of the schema and which pg_dump leaves out too. Other statements pass unchanged.
     */
    static String ownOptionsOnly(String statement) {
        Matcher m = COLUMN_OPTIONS.matcher(statement);
        if (!m.matches()) {
            return statement;
        }
        List<String> kept = new ArrayList<>();
        for (String option : m.group(2).split(",\\s*")) {
            String name = option.contains("=") ? option.substring(0, option.indexOf('=')).strip() : option.strip();
            if (OPTIONS.contains(name)) {
                kept.add(option.strip());
            }
        }
        return kept.isEmpty() ? null : m.group(1) + String.join(", ", kept) + ")";
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
