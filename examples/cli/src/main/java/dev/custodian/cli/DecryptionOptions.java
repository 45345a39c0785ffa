package dev.custodian.cli;

import dev.custodian.backup.DecryptionKeys;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Option;

/** {@code --passphrase-file} and {@code --identity}: what opens an encrypted set. */
final class DecryptionOptions {
    @Option(names = "--passphrase-file", paramLabel = "FILE",
            description = "Opens encrypted sets with the passphrase on the first line of FILE.")
    Path passphraseFile;

    @Option(names = "--identity", paramLabel = "FILE",
            description = "Opens encrypted sets written for this identity (a private key file from keygen); repeatable.")
    List<Path> identities = List.of();

    DecryptionKeys keys() {
        DecryptionKeys keys = passphraseFile == null ? DecryptionKeys.none() : DecryptionKeys.passphraseFile(passphraseFile);
        for (Path identity : identities) {
            keys = keys.withIdentityFile(identity);
        }
        return keys;
    }
}
