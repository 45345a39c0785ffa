package dev.custodian.sqlite.internal.backup;

import dev.custodian.sqlite.internal.SqliteDatabase;

import dev.custodian.backup.BackupFormat;
import dev.custodian.backup.BackupReader;
import dev.custodian.backup.PartCheck;
import dev.custodian.backup.PartEntry;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.util.Map;

/**
 * The connection-free side of {@code sqlite-file}: a part decodes when it is a sound SQLite file
 * ({@code PRAGMA integrity_check}), and a set exports as that plain database file, which the
 * {@code sqlite3} shell and every SQLite library open as they are.
 */
public final class SqliteFileFormat implements BackupFormat {
    private final Path tempDirectory;

    /** A format that decodes parts through temporary files in the given directory. */
    public SqliteFileFormat(Path tempDirectory) {
        this.tempDirectory = tempDirectory;
    }

    @Override
    public String engine() {
        return "sqlite";
    }

    @Override
    public String strategy() {
        return SqliteFileStrategy.NAME;
    }

    @Override
    public PartCheck decode(PartEntry part, InputStream data) throws Exception {
        Path temp = TempFiles.newPath(tempDirectory, "verify", part.name());
        try {
            TempFiles.createPrivate(temp);
            Files.copy(data, temp, StandardCopyOption.REPLACE_EXISTING);
            try (Connection c = SqliteDatabase.openFile(temp, false, 0)) {
                SqliteCopy.requireIntact(c, "part " + part.name());
                Map<String, Long> rows = SqliteCopy.rowCounts(c);
                long total = rows.values().stream().mapToLong(Long::longValue).sum();
                return new PartCheck(total, "integrity_check ok, " + rows.size() + " table(s), " + total + " row(s)");
            }
        } finally {
            TempFiles.delete(temp);
        }
    }

    @Override
    public String exportExtension() {
        return "db";
    }

    @Override
    public void export(BackupReader reader, OutputStream out) throws Exception {
        PartEntry part = SqliteFileStrategy.databasePart(reader.manifest().parts());
        try (InputStream in = reader.open(part)) {
            in.transferTo(out);
        }
    }
}
