package dev.custodian.cli;

import dev.custodian.Custodian;
import dev.custodian.backup.BackupCheck;
import dev.custodian.backup.BackupManifest;
import dev.custodian.backup.BackupOptions;
import dev.custodian.backup.BackupRefusedException;
import dev.custodian.backup.Compression;
import dev.custodian.backup.Encryption;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * {@code backup}: takes a backup set into a store; the new id is the last line of stdout. With
 * {@code --check} it only lists what a backup would refuse.
 */
@Command(name = "backup", sortOptions = false,
        description = {"Takes a consistent backup into a store (a directory or object storage).",
            "Progress goes to stderr; the new backup's id is the last line of stdout.",
            "A backup refused for objects it cannot reproduce lists every one of them (on stderr, or on stdout "
                    + "with --json); --check lists them without taking a backup (exit 1 when any)."})
final class BackupCommand extends CliCommand {
    @Mixin
    UrlOption url;

    @Option(names = "--to", paramLabel = StoreOption.LABEL,
            description = StoreOption.DESCRIPTION + " Not needed with --check.")
    String store;

    @Option(names = "--encrypt-passphrase-file", paramLabel = "FILE",
            description = "Encrypts the set (AES-256-GCM, on this machine) with the passphrase on the first line of FILE.")
    Path passphraseFile;

    @Option(names = "--recipient", paramLabel = "FILE",
            description = "Encrypts the set for this public key file (from keygen); repeatable. Restoring it then "
                    + "needs the matching --identity.")
    List<Path> recipients = List.of();

    @Option(names = {"--check", "--dry-run"}, description = "Take no backup: list the objects a backup would refuse.")
    boolean check;

    @Option(names = "--json", description = "Print the result (the backup, the refused objects, or the check) as JSON.")
    boolean json;

    @Mixin
    PrivilegeFlags privileges;

    @ArgGroup(exclusive = true)
    Scope scope = new Scope();

    @Option(names = "--tables", split = ",", paramLabel = "TABLE",
            description = "Only these tables (comma-separated). Default: all.")
    List<String> tables = List.of();

    @Option(names = "--compression", paramLabel = "ALGO", defaultValue = "zstd", converter = CompressionConverter.class,
            description = "zstd, gzip or none. Default: ${DEFAULT-VALUE}.")
    Compression compression;

    @Option(names = "--mode", paramLabel = "MODE",
            description = "The engine's backup strategy: rdb for a Redis RDB snapshot (redis-rdb); any other value is "
                    + "a strategy name. Default: the engine's default strategy.")
    String mode;

    // Read before anything is written: a passphrase or key that cannot be used refuses the backup.
    private Encryption encryption() {
        Encryption e = passphraseFile == null ? null : Encryption.passphraseFile(passphraseFile);
        for (Path r : recipients) {
            e = e == null ? Encryption.recipientFile(r) : e.withRecipientFile(r);
        }
        return e;
    }

    /** Definitions only or rows only. */
    static final class Scope {
        @Option(names = "--schema-only", description = "Definitions only, no rows.")
        boolean schemaOnly;

        @Option(names = "--data-only", description = "Rows only, no definitions.")
        boolean dataOnly;
    }

    @Override
    public Integer call() {
        BackupOptions options = new BackupOptions(scope.schemaOnly, scope.dataOnly, tables, compression, null)
                .withStrategy("rdb".equals(mode) ? "redis-rdb" : mode);
        privileges.applyTo(url.properties);
        if (check) {
            BackupCheck result;
            try (Custodian db = url.connect()) {
                result = db.checkBackup(options);
            }
            print(json ? result.toJson() : result.toText());
            return result.ok() ? ExitCodes.OK : ExitCodes.FAILED;
        }
        if (store == null) {
            throw new ParameterException(spec.commandLine(), "Missing required option: '--to=STORE' (or --check)");
        }
        options = options.withEncryption(encryption());
        BackupManifest manifest;
        try (Custodian db = url.connect()) {
            manifest = db.backups(store).backup(options, progress());
        } catch (BackupRefusedException e) {
            if (json) {
                print(JsonOutput.write(Map.of("refused", e.objects())));
            }
            throw e;
        }
        if (json) {
            Map<String, Object> done = new LinkedHashMap<>();
            done.put("id", manifest.id());
            done.put("parts", manifest.parts().size());
            done.put("rows", manifest.totalRows());
            done.put("storedBytes", manifest.storedBytes());
            done.put("rawBytes", manifest.rawBytes());
            print(JsonOutput.write(done));
            return ExitCodes.OK;
        }
        print("Backup complete: " + manifest.parts().size() + " part(s), " + manifest.totalRows() + " rows, "
                + Formats.bytes(manifest.storedBytes()) + " stored (" + Formats.bytes(manifest.rawBytes())
                + " raw" + (manifest.encrypted() ? ", encrypted" : "") + ") in " + dev.custodian.Secrets.mask(store));
        print(manifest.id());
        return ExitCodes.OK;
    }
}
