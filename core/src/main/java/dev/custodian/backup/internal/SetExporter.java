package dev.custodian.backup.internal;

import dev.custodian.backup.BackupException;
import dev.custodian.backup.DecryptionKeys;
import dev.custodian.backup.BackupFormat;
import dev.custodian.internal.Messages;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Writes a set in the engine's own standard form through its {@link BackupFormat}: to a temporary
 * dot-file beside the target, fsynced, then renamed; an existing file is never overwritten.
 */
public final class SetExporter {
    private SetExporter() {
    }

    /** Exports the set to the file and returns the file; an encrypted set needs keys that open it. */
    public static Path export(LocatedSet set, BackupFormat format, Path file, DecryptionKeys keys) {
        Path target = file.toAbsolutePath();
        if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
            throw refused(target);
        }
        SetCipher cipher = SetCipher.forExistingSet(set.manifest().encryption(), set.id(), keys);
        Path temporary = target.resolveSibling("." + target.getFileName() + "."
                + String.format(Locale.ROOT, "%08x", ThreadLocalRandom.current().nextInt()) + ".tmp");
        try {
            SafeFiles.createPrivateDirectories(target.getParent());
            try (FileChannel channel = SafeFiles.createPrivateFile(temporary);
                    OutputStream out = new BufferedOutputStream(Channels.newOutputStream(channel), Codecs.BUFFER)) {
                format.export(new SetReader(set.store(), set.manifest(), cipher, null), out);
                out.flush();
                channel.force(true);
            }
            Files.move(temporary, target);
            SafeFiles.fsyncDirectory(target.getParent());
            return target;
        } catch (FileAlreadyExistsException e) {
            SafeFiles.deleteQuietly(temporary);
            throw refused(target);
        } catch (Exception e) {
            SafeFiles.deleteQuietly(temporary);
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw Failures.wrap("export of backup " + set.id() + " to " + target + " failed: "
                    + Messages.describe(e), e);
        }
    }

    private static BackupException refused(Path target) {
        return new BackupException("export refused: " + target + " exists; choose another file or remove it first");
    }
}
