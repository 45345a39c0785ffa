package dev.custodian.cli;

import dev.custodian.Custodian;
import dev.custodian.backup.BackupCatalog;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The {@code --from DIR} and {@code --id ID} options of commands that read one backup set. */
public final class BackupSelection {
    /** What {@code --id} means when it is not given. */
    public static final String LATEST = "latest";

    @Option(names = "--from", required = true, paramLabel = "DIR", description = "The backup store directory.")
    Path store;

    @Option(names = "--id", paramLabel = "ID", defaultValue = LATEST,
            description = "The backup set's id, or 'latest' (the newest complete set). Default: ${DEFAULT-VALUE}.")
    String id;

    public Path store() {
        return store;
    }

    public String id() {
        return id;
    }

    public BackupCatalog catalog() {
        return Custodian.catalog(store);
    }

    /** The concrete id the selection names, resolving {@code latest}; fails when the set is not complete. */
    public String resolveId() {
        return catalog().manifest(id).id();
    }
}
