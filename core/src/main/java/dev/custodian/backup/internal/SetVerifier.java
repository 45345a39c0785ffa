package dev.custodian.backup.internal;

import dev.custodian.backup.BackupFormat;
import dev.custodian.backup.BackupManifest;
import dev.custodian.backup.PartCheck;
import dev.custodian.backup.PartEntry;
import dev.custodian.backup.VerificationException;
import dev.custodian.backup.VerifyLevel;
import dev.custodian.internal.Engines;
import dev.custodian.internal.Messages;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.NoSuchFileException;
import dev.custodian.backup.DecryptionKeys;
import dev.custodian.spi.BackupStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Verifies a complete set without a database: every part's size and SHA-256, then (DECODE) every
 * part decompressed and parsed by the engine's {@link BackupFormat}, rows and raw bytes compared
 * with the manifest. Problems are collected one line each, never thrown.
 */
public final class SetVerifier {
    private final BackupStore store;
    private final BackupManifest manifest;
    private final DecryptionKeys keys;
    private final ProgressMeter meter;
    private final List<String> checked = new ArrayList<>();
    private final List<String> problems = new ArrayList<>();

    /** @param keys open an encrypted set's parts for decoding; checksums need none */
    public SetVerifier(BackupStore store, BackupManifest manifest, DecryptionKeys keys, ProgressMeter meter) {
        this.store = store;
        this.manifest = manifest;
        this.keys = keys;
        this.meter = meter;
    }

    /** Runs the checks up to the level (TEST_RESTORE is checked here as DECODE). */
    public SetVerifier run(VerifyLevel level) {
        checked.add("manifest: " + manifest.engine() + " " + manifest.strategy() + ", " + manifest.parts().size()
                + " parts, " + manifest.totalRows() + " rows, " + ProgressMeter.humanBytes(manifest.storedBytes())
                + " stored");
        List<PartEntry> good = new ArrayList<>();
        for (PartEntry part : manifest.parts()) {
            if (checksum(part)) {
                good.add(part);
            }
        }
        if (level != VerifyLevel.CHECKSUMS) {
            decode(good);
        }
        return this;
    }

    public List<String> checked() {
        return List.copyOf(checked);
    }

    public List<String> problems() {
        return List.copyOf(problems);
    }

    private boolean checksum(PartEntry part) {
        String label = "part " + part.name() + " (" + PartInputStream.fileOf(part) + ")";
        try {
            long fileSize = store.partSize(manifest.id(), part.file());
            long size = part.packed() ? Math.max(0, Math.min(part.storedBytes(), fileSize - part.offset())) : fileSize;
            if (size != part.storedBytes()) {
                problems.add(label + ": " + size + " bytes, the manifest says " + part.storedBytes()
                        + "; truncated or altered");
                return false;
            }
            StoredBytesSource source = new StoredBytesSource(PartInputStream.stored(store, manifest.id(), part));
            try (source) {
                byte[] buffer = new byte[Codecs.BUFFER];
                int n;
                while ((n = source.read(buffer, 0, buffer.length)) >= 0) {
                    if (meter != null) {
                        meter.add(0, n);
                    }
                }
            }
            if (!source.sha256Hex().equalsIgnoreCase(part.sha256())) {
                problems.add(label + ": SHA-256 does not match the manifest; the file is corrupt");
                return false;
            }
            checked.add(label + ": " + size + " bytes, SHA-256 ok");
            return true;
        } catch (NoSuchFileException e) {
            problems.add(label + ": missing");
        } catch (IOException e) {
            problems.add(label + ": cannot be read: " + Messages.describe(e));
        }
        return false;
    }

    private void decode(List<PartEntry> parts) {
        Optional<BackupFormat> format = Engines.format(manifest.engine(), manifest.strategy());
        if (format.isEmpty()) {
            problems.add("cannot decode: no backup format for engine '" + manifest.engine() + "' strategy '"
                    + manifest.strategy() + "' on the class path; add the custodian-" + manifest.engine() + " module");
            return;
        }
        SetCipher cipher;
        try {
            cipher = SetCipher.forExistingSet(manifest.encryption(), manifest.id(), keys);
        } catch (RuntimeException e) {
            problems.add("cannot decode: " + Messages.describe(e));
            return;
        }
        if (cipher.encrypts()) {
            checked.add("encryption: " + manifest.encryption().cipher() + ", data key opened; every chunk is authenticated");
        }
        for (PartEntry part : parts) {
            decodeOne(format.get(), part, cipher);
        }
    }

    private void decodeOne(BackupFormat format, PartEntry part, SetCipher cipher) {
        String label = "part " + part.name() + " (" + PartInputStream.fileOf(part) + ")";
        try (PartInputStream in = PartInputStream.open(store, manifest.id(), part, manifest.compression(), cipher, meter)) {
            PartCheck check = format.decode(part, in);
            drain(in);
            if (check.rows() != part.rows()) {
                problems.add(label + ": decodes to " + check.rows() + " rows, the manifest says " + part.rows());
            } else if (in.rawBytes() != part.rawBytes()) {
                problems.add(label + ": decompresses to " + in.rawBytes() + " bytes, the manifest says "
                        + part.rawBytes());
            } else {
                checked.add(label + ": decodes, " + check.rows() + " rows"
                        + (check.detail() == null || check.detail().isBlank() ? "" : ", " + check.detail()));
            }
        } catch (VerificationException e) {
            problems.add(label + ": " + Messages.describe(e));
        } catch (Exception e) {
            problems.add(label + ": does not decode: " + Messages.describe(e));
        }
    }

    private static void drain(InputStream in) throws IOException {
        byte[] buffer = new byte[Codecs.BUFFER];
        while (in.read(buffer) >= 0) {
            // reading to the end runs the stream's own checks
        }
    }
}
