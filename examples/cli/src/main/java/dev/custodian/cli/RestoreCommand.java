package dev.custodian.cli;

import dev.custodian.Custodian;
import dev.custodian.backup.RestoreOptions;
import dev.custodian.backup.RestoreRefusedException;
import dev.custodian.backup.RestoreReport;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code restore}: restores a set into a database and prints rows per table. */
@Command(name = "restore", sortOptions = false,
        description = {"Restores a backup set into a database and prints the rows restored per table.",
            "A target that holds anything is refused unless --clean is given. For SQLite the target file "
                    + "may not exist yet; it is created."})
final class RestoreCommand extends CliCommand {
    @Mixin
    UrlOption url;

    @Mixin
    BackupSelection selection;

    @Option(names = "--clean", description = "Replace whatever the target holds.")
    boolean clean;

    @Option(names = "--tables", split = ",", paramLabel = "TABLE",
            description = "Only these tables (comma-separated). Default: all in the set.")
    List<String> tables = List.of();

    @Mixin
    PrivilegeFlags privileges;

    @Override
    public Integer call() {
        // Resolved before connecting, so that a wrong id or store never creates or touches the target.
        String id = selection.resolveId();
        selection.catalog().requireKeys(id);
        privileges.applyTo(url.properties);
        RestoreReport report;
        try (BackupSelection opened = selection; Custodian db = url.connectForRestore()) {
            report = db.backups(selection.store()).withKeys(selection.keys())
                    .restore(id, new RestoreOptions(clean, tables), progress());
        } catch (RestoreRefusedException e) {
            if (!clean && !e.getMessage().contains("--clean") && e.getMessage().contains("clean")) {
                throw new RestoreRefusedException(e.getMessage() + " (--clean)");
            }
            throw e;
        }
        print(report.toText());
        return ExitCodes.OK;
    }
}
