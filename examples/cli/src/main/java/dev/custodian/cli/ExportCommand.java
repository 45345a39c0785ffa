package dev.custodian.cli;

import dev.custodian.backup.BackupException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code export}: writes a set in the engine's own standard form, the escape hatch from Custodian. */
@Command(name = "export", sortOptions = false,
        description = {"Writes a backup set in the engine's own standard form: a SQLite database file, a plain SQL "
                + "script for psql or mariadb, an RDB file for Redis.", "An existing file is never overwritten."})
final class ExportCommand extends CliCommand {
    @Mixin
    BackupSelection selection;

    @Option(names = "--to", required = true, paramLabel = "FILE", description = "The file to write; must not exist.")
    Path file;

    @Override
    public Integer call() throws IOException {
        if (Files.exists(file)) {
            throw new BackupException("export: " + file + " exists; remove it or choose another file");
        }
        String id;
        Path written;
        try (BackupSelection opened = selection) {
            id = selection.resolveId();
            written = selection.catalog().export(id, file);
        }
        long size;
        try {
            size = Files.size(written);
        } catch (IOException e) {
            throw new UncheckedIOException("export: cannot read the size of " + written, e);
        }
        print("Exported " + id + " to " + written + " (" + Formats.bytes(size) + ")");
        return ExitCodes.OK;
    }
}
