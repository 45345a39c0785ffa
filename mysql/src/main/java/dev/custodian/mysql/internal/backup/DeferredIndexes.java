package dev.custodian.mysql.internal.backup;

import dev.custodian.mysql.internal.MysqlDatabase;
import dev.custodian.mysql.internal.MysqlQuoting;
import dev.custodian.spi.jdbc.Sql;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The plain secondary indexes of tables about to be loaded, dropped before the load and added
 * back after it: InnoDB builds an index over loaded rows by sorting them, far faster than
 * inserting every row into it at random places. Unique, full-text and spatial indexes stay, and
 * so does a plain index that is the only one whose leading columns are a foreign key's (on either
 * side of it): MySQL 8 refuses to drop it even with foreign key checks off. Each index comes back
 * from its own line of {@code SHOW CREATE TABLE}, in the same order, so the table's definition is
 * the same as before.
 */
final class DeferredIndexes {
    private static final Pattern KEY = Pattern.compile("^  KEY (`(?:[^`]|``)+`) \\(.*\\)[^`]*$");
    private final Map<String, List<String>> dropped = new LinkedHashMap<>();

    /** Drops the plain secondary indexes of a table, remembering their definitions. */
    void drop(Connection c, String table) throws SQLException {
        List<Map<String, Object>> rows = Sql.show(c, "SHOW CREATE TABLE " + MysqlQuoting.q(table));
        if (rows.isEmpty()) {
            return;
        }
        String ddl = String.valueOf(rows.get(0).get("create table"));
        Map<String, String> plain = new LinkedHashMap<>();
        for (String line : ddl.split("\n")) {
            String def = line.endsWith(",") ? line.substring(0, line.length() - 1) : line;
            Matcher m = KEY.matcher(def);
            if (m.matches()) {
                plain.put(unquote(m.group(1)), def.trim());
            }
        }
        if (plain.isEmpty()) {
            return;
        }
        Set<String> kept = neededByForeignKeys(c, table, plain.keySet());
        List<String> after = new ArrayList<>();
        StringBuilder drop = new StringBuilder();
        boolean droppedBefore = false;
        for (Map.Entry<String, String> e : plain.entrySet()) {
            String name = MysqlQuoting.q(e.getKey());
            if (!kept.contains(e.getKey())) {
                drop.append(drop.length() == 0 ? "" : ", ").append("DROP INDEX ").append(name);
                after.add("ADD " + e.getValue());
                droppedBefore = true;
            } else if (droppedBefore) {
                // a kept index after a dropped one is rebuilt in its place, so the indexes keep their order
                after.add(0, "DROP INDEX " + name);
                after.add("ADD " + e.getValue());
            }
        }
        if (drop.length() > 0) {
            Sql.execute(c, "ALTER TABLE " + MysqlQuoting.q(table) + " " + drop);
            dropped.put(table, after);
        }
    }

    /**
     * The plain indexes to keep: for every foreign key of the table, or referencing it, whose
     * columns lead no index that stays (primary, unique, full-text, or a plain one kept already),
     * the first plain index they lead.
     */
    private static Set<String> neededByForeignKeys(Connection c, String table, Set<String> plain) throws SQLException {
        List<List<String>> foreignKeys = new ArrayList<>();
        collect(foreignKeys, Sql.rows(c, "SELECT CONSTRAINT_NAME AS k, COLUMN_NAME AS col FROM information_schema.KEY_COLUMN_USAGE"
                + " WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ? AND REFERENCED_TABLE_NAME IS NOT NULL"
                + " ORDER BY CONSTRAINT_NAME, ORDINAL_POSITION", table));
        collect(foreignKeys, Sql.rows(c, "SELECT CONCAT(TABLE_NAME, '.', CONSTRAINT_NAME) AS k, REFERENCED_COLUMN_NAME AS col"
                + " FROM information_schema.KEY_COLUMN_USAGE WHERE REFERENCED_TABLE_SCHEMA = DATABASE()"
                + " AND REFERENCED_TABLE_NAME = ? ORDER BY TABLE_NAME, CONSTRAINT_NAME, POSITION_IN_UNIQUE_CONSTRAINT", table));
        if (foreignKeys.isEmpty()) {
            return Set.of();
        }
        Map<String, List<String>> indexes = new LinkedHashMap<>();
        for (Map<String, Object> r : Sql.rows(c, "SELECT INDEX_NAME AS i, COLUMN_NAME AS col, SUB_PART AS part"
                + " FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ?"
                + " ORDER BY INDEX_NAME = 'PRIMARY' DESC, INDEX_NAME, SEQ_IN_INDEX", table)) {
            // a prefix of a column (or an expression) cannot serve a foreign key: it ends what the index offers
            String column = r.get("part") == null ? Sql.text(r, "col") : null;
            indexes.computeIfAbsent(Sql.text(r, "i"), i -> new ArrayList<>()).add(column);
        }
        Set<String> kept = new HashSet<>();
        for (List<String> fk : foreignKeys) {
            boolean covered = indexes.entrySet().stream().anyMatch(e -> (!plain.contains(e.getKey())
                    || kept.contains(e.getKey())) && leads(fk, e.getValue()));
            if (!covered) {
                plain.stream().filter(name -> indexes.containsKey(name) && leads(fk, indexes.get(name))).findFirst()
                        .ifPresent(kept::add);
            }
        }
        return kept;
    }

    private static void collect(List<List<String>> into, List<Map<String, Object>> rows) {
        Map<String, List<String>> byKey = new LinkedHashMap<>();
        for (Map<String, Object> r : rows) {
            byKey.computeIfAbsent(Sql.text(r, "k"), k -> new ArrayList<>()).add(Sql.text(r, "col"));
        }
        into.addAll(byKey.values());
    }

    /** Whether the foreign key's columns are the index's first columns (case-insensitive, as MySQL compares them). */
    private static boolean leads(List<String> fk, List<String> index) {
        if (index.size() < fk.size()) {
            return false;
        }
        for (int i = 0; i < fk.size(); i++) {
            if (index.get(i) == null || !index.get(i).equalsIgnoreCase(fk.get(i))) {
                return false;
            }
        }
        return true;
    }

    private static String unquote(String quoted) {
        return quoted.substring(1, quoted.length() - 1).replace("``", "`");
    }

    /**
     * Adds back every index dropped, in their first order, one ALTER TABLE per table: on
     * {@code c} alone, or, with several tables and {@code builders} above one, on that many new
     * connections at once (each table's indexes are built by sorting its rows, which keeps a core
     * busy; two ALTERs of one table would wait for each other, so parallelism is across tables).
     */
    void restore(MysqlDatabase db, Connection c, int builders) throws SQLException {
        List<String> statements = new ArrayList<>();
        dropped.forEach((table, changes) -> statements.add("ALTER TABLE " + MysqlQuoting.q(table) + " "
                + String.join(", ", changes)));
        dropped.clear();
        if (builders <= 1 || statements.size() <= 1) {
            for (String sql : statements) {
                Sql.execute(c, sql);
            }
            return;
        }
        ConcurrentLinkedQueue<String> queue = new ConcurrentLinkedQueue<>(statements);
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(builders, statements.size()), r -> {
            Thread t = new Thread(r, "custodian-mysql-index-builder");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<Void>> done = new ArrayList<>();
            for (int i = 0; i < Math.min(builders, statements.size()); i++) {
                done.add(pool.submit(() -> {
                    Connection own = db.connection();
                    try {
                        own.setNetworkTimeout(Runnable::run, 0);
                        Sql.execute(own, SchemaDump.NAMES);
                        Sql.execute(own, SchemaDump.SESSION);
                        Sql.execute(own, "USE " + MysqlQuoting.q(db.name()));
                        String sql;
                        while ((sql = queue.poll()) != null) {
                            Sql.execute(own, sql);
                        }
                    } finally {
                        MysqlConnections.discard(db, own);
                    }
                    return null;
                }));
            }
            for (Future<Void> f : done) {
                try {
                    f.get();
                } catch (ExecutionException e) {
                    queue.clear();
                    if (e.getCause() instanceof SQLException sql) {
                        throw sql;
                    }
                    throw new SQLException("building indexes failed: " + e.getCause(), e.getCause());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SQLException("interrupted while building indexes", e);
        } finally {
            pool.shutdownNow();
        }
    }
}
