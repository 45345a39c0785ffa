package dev.custodian.cli;

import dev.custodian.backup.Encryption;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code keygen}: a new identity to encrypt backups for, and its public key file. */
@Command(name = "keygen", sortOptions = false,
        description = {"Writes a new identity (an X25519 private key, readable by its owner only) to FILE and its "
                + "public key to FILE.pub.", "Back up with --recipient FILE.pub; restore, verify or export with "
                + "--identity FILE. Neither file is ever overwritten."})
final class KeygenCommand extends CliCommand {
    @Option(names = "--out", required = true, paramLabel = "FILE", description = "The identity file to write.")
    Path out;

    @Override
    public Integer call() {
        Path pub = out.resolveSibling(out.getFileName() + ".pub");
        if (Files.exists(out) || Files.exists(pub)) {
            throw new dev.custodian.ConfigurationException("keygen: " + (Files.exists(out) ? out : pub)
                    + " exists; choose another file");
        }
        String key = Encryption.newIdentity(out);
        try {
            Files.writeString(pub, "custodian-recipient-v1\npublic-key: " + key + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException("keygen: cannot write " + pub, e);
        }
        print("Identity written to " + out + " (keep it secret: it opens the backups encrypted for it)");
        print("Public key written to " + pub + ": " + key);
        return ExitCodes.OK;
    }
}
