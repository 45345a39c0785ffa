package dev.custodian.cli;

import dev.custodian.backup.BackupCatalog;
import dev.custodian.backup.CopyReport;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code copy}: sets from one store to another, as stored, verified on the way. */
@Command(name = "copy", sortOptions = false,
        description = {"Copies backup sets from one store to another as they are stored (an encrypted set stays "
                + "encrypted), under the same ids, checking every part against the manifest on the way and writing "
                + "the manifest last.", "Sets the target already has are skipped."})
final class CopyCommand extends CliCommand {
    @Option(names = "--from", required = true, paramLabel = StoreOption.LABEL, description = StoreOption.DESCRIPTION)
    String from;

    @Option(names = "--to", required = true, paramLabel = StoreOption.LABEL, description = "The store to copy to.")
    String to;

    @ArgGroup(exclusive = true)
    Which which = new Which();

    @Option(names = "--json", description = "Print the report as JSON.")
    boolean json;

    /** One set, the newest, or all. */
    static final class Which {
        @Option(names = "--id", paramLabel = "ID", description = "The set's id, or 'latest'. Default: latest.")
        String id;

        @Option(names = "--all", description = "Every complete set.")
        boolean all;
    }

    @Override
    public Integer call() {
        String selection = which.all ? BackupCatalog.ALL : which.id == null ? BackupCatalog.LATEST : which.id;
        CopyReport report;
        try (BackupCatalog source = StoreOption.open(from); BackupCatalog target = StoreOption.open(to)) {
            report = source.copyTo(target, selection, progress());
        }
        print(json ? report.toJson() : report.toText());
        return ExitCodes.OK;
    }
}
