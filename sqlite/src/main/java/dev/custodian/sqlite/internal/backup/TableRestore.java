package dev.custodian.sqlite.internal.backup;

import dev.custodian.sqlite.internal.SqliteCatalog;

import dev.custodian.spi.jdbc.Sql;
import dev.custodian.backup.BackupException;
import dev.custodian.backup.RestoreResult;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Restores chosen tables of a backup image into a live database, leaving every other object as
 * it is. The image is attached to the target connection and, in one transaction:
 * <ul>
 *   <li>a chosen table missing from the target is created from the backup's definition, with its
 *       indexes and triggers;</li>
 *   <li>a chosen table present in the target has all its rows replaced by the backup's (its
 *       definition is the target's: the columns are matched by name);</li>
 *   <li>rowids and AUTOINCREMENT counters come from the backup;</li>
 *   <li>foreign keys are not enforced while rows are copied (no cascades into other tables), but
 *       a violation touching a restored table fails the restore and nothing changes;</li>
 *   <li>triggers of the restored tables fire on the inserted rows, as for any insert.</li>
 * </ul>
 */
final class TableRestore {
    private static final String SRC = "custodian_restore";
    private final Connection target;
    private final Path image;

    TableRestore(Connection target, Path image) {
        this.target = target;
        this.image = image;
    }

    RestoreResult restore(List<String> tables, boolean clean) throws SQLException {
        boolean foreignKeys = Sql.number(target, "PRAGMA foreign_keys") == 1;
        try (PreparedStatement attach = target.prepareStatement("ATTACH DATABASE ? AS " + SRC)) {
            attach.setString(1, image.toString());
            attach.execute();
        }
        try {
            List<String> available = SqliteCatalog.userTables(target, SRC);
            for (String t : tables) {
                if (!available.contains(t)) {
                    throw new BackupException("table '" + t + "' is not in the backup; tables: " + String.join(", ", available));
                }
            }
            Sql.execute(target, "PRAGMA foreign_keys = OFF");
            boolean autoCommit = target.getAutoCommit();
            target.setAutoCommit(false);
            try {
                Map<String, Long> rows = new LinkedHashMap<>();
                for (String t : tables) {
                    rows.put(t, copy(t, clean));
                }
                requireForeignKeys(tables);
                target.commit();
                return new RestoreResult(rows);
            } catch (SQLException | RuntimeException e) {
                target.rollback();
                throw e;
            } finally {
                target.setAutoCommit(autoCommit);
            }
        } finally {
            if (foreignKeys) {
                Sql.execute(target, "PRAGMA foreign_keys = ON");
            }
            Sql.execute(target, "DETACH DATABASE " + SRC);
        }
    }

    private long copy(String table, boolean clean) throws SQLException {
        String main = "main." + SqliteCatalog.q(table);
        if (SqliteCatalog.userTables(target, "main").contains(table)) {
            if (!clean && Sql.number(target, "SELECT count(*) FROM " + main) > 0) {
                throw new BackupException("table '" + table + "' is not empty; restore with clean to replace its rows");
            }
            Sql.execute(target, "DELETE FROM " + main);
        } else {
            for (String ddl : definitions(table)) {
                Sql.execute(target, ddl);
            }
        }
        List<String> columns = insertableColumns(table);
        String list = String.join(", ", columns);
        Sql.execute(target, "INSERT INTO " + main + " (" + list + ") SELECT " + list + " FROM " + SRC + "." + SqliteCatalog.q(table));
        copySequence(table);
        return Sql.number(target, "SELECT count(*) FROM " + main);
    }

    /** The table's CREATE statement, then its indexes and triggers, from the backup. */
    private List<String> definitions(String table) throws SQLException {
        List<String> ddl = new ArrayList<>();
        try (PreparedStatement ps = target.prepareStatement("SELECT sql FROM " + SRC + ".sqlite_schema"
                + " WHERE tbl_name = ? AND sql IS NOT NULL AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'"
                + " ORDER BY CASE type WHEN 'table' THEN 0 WHEN 'index' THEN 1 ELSE 2 END, rowid")) {
            ps.setString(1, table);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ddl.add(rs.getString(1));
                }
            }
        }
        return ddl;
    }

    /** Ordinary stored columns (not generated, not hidden), quoted, plus the rowid when there is one. */
    private List<String> insertableColumns(String table) throws SQLException {
        List<String> columns = new ArrayList<>();
        boolean rowidNameTaken = false;
        try (PreparedStatement ps = target.prepareStatement(
                "SELECT name FROM pragma_table_xinfo(?, '" + SRC + "') WHERE hidden = 0 ORDER BY cid")) {
            ps.setString(1, table);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String name = rs.getString(1);
                    rowidNameTaken |= name.equalsIgnoreCase("rowid");
                    columns.add(SqliteCatalog.q(name));
                }
            }
        }
        if (!rowidNameTaken && hasRowid(table)) {
            columns.add(0, "rowid");
        }
        return columns;
    }

    private boolean hasRowid(String table) throws SQLException {
        try {
            Sql.execute(target, "SELECT rowid FROM " + SRC + "." + SqliteCatalog.q(table) + " LIMIT 0");
            return true;
        } catch (SQLException withoutRowid) {
            return false;
        }
    }

    private void copySequence(String table) throws SQLException {
        if (Sql.number(target, "SELECT count(*) FROM " + SRC + ".sqlite_schema WHERE name = 'sqlite_sequence'") == 0
                || !SqliteCopy.hasSequence(target)) {
            return;
        }
        try (PreparedStatement del = target.prepareStatement("DELETE FROM main.sqlite_sequence WHERE name = ?");
                PreparedStatement ins = target.prepareStatement("INSERT INTO main.sqlite_sequence (name, seq)"
                        + " SELECT name, seq FROM " + SRC + ".sqlite_sequence WHERE name = ?")) {
            del.setString(1, table);
            del.execute();
            ins.setString(1, table);
            ins.execute();
        }
    }

    private void requireForeignKeys(List<String> tables) throws SQLException {
        List<String> bad = new ArrayList<>();
        try (Statement s = target.createStatement(); ResultSet rs = s.executeQuery("PRAGMA main.foreign_key_check")) {
            while (rs.next()) {
                String violation = rs.getString(1) + " -> " + rs.getString(3);
                if ((tables.contains(rs.getString(1)) || tables.contains(rs.getString(3))) && !bad.contains(violation)) {
                    bad.add(violation);
                }
            }
        }
        if (!bad.isEmpty()) {
            throw new BackupException("restoring " + tables + " would break foreign keys (" + String.join(", ", bad)
                    + "); restore the parent tables too, nothing was changed");
        }
    }
}
