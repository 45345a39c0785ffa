package dev.custodian.backup.internal;

import dev.custodian.backup.Compression;
import dev.custodian.backup.PartEntry;
import dev.custodian.backup.VerificationException;
import dev.custodian.backup.internal.crypto.CryptoException;
import dev.custodian.spi.BackupStore;
import java.io.IOException;
import java.io.InputStream;

/**
 * A part's decompressed bytes. When the stream reaches its end it checks the stored bytes' size
 * and SHA-256 (and the raw size) against the manifest and throws a {@link VerificationException}
 * naming the part on a mismatch; a stream that cannot be decompressed (corrupt, truncated) fails
 * the same way.
 */
public final class PartInputStream extends InputStream {
    private final PartEntry part;
    private final String setId;
    private final StoredBytesSource stored;
    private final InputStream decoded;
    private final ProgressMeter meter;
    private long rawBytes;
    private boolean checked;

    private PartInputStream(PartEntry part, String setId, StoredBytesSource stored, InputStream decoded,
            ProgressMeter meter) {
        this.part = part;
        this.setId = setId;
        this.stored = stored;
        this.decoded = decoded;
        this.meter = meter;
    }

    /**
     * Opens a part of a set in a store: decrypted (when the set is encrypted) and decompressed;
     * the meter, when given, hears of bytes read and the part's end.
     */
    public static PartInputStream open(BackupStore store, String setId, PartEntry part, Compression compression,
            SetCipher cipher, ProgressMeter meter) throws IOException {
        if (!ManifestFiles.safeFileName(part.file())) {
            throw new VerificationException("part " + part.name() + " of backup " + setId + " has an unsafe file name");
        }
        StoredBytesSource stored = new StoredBytesSource(stored(store, setId, part));
        try {
            InputStream decoded = Codecs.decompressor(compression, cipher.decrypt(stored, part.name()));
            if (meter != null) {
                meter.partOpened(part.name());
            }
            return new PartInputStream(part, setId, stored, decoded, meter);
        } catch (IOException | RuntimeException e) {
            stored.close();
            throw corrupt(part, setId, e);
        }
    }

    /** A part's stored bytes: its whole file, or its range of a pack file. */
    static InputStream stored(BackupStore store, String setId, PartEntry part) throws IOException {
        return part.packed() ? store.openPart(setId, part.file(), part.offset(), part.storedBytes())
                : store.openPart(setId, part.file());
    }

    /** The part's file for messages: its name, and where in it a packed part starts. */
    static String fileOf(PartEntry part) {
        return part.packed() ? part.file() + " at byte " + part.offset() : part.file();
    }

    /** Raw (decompressed) bytes read so far. */
    public long rawBytes() {
        return rawBytes;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        int n;
        try {
            n = decoded.read(b, off, len);
        } catch (IOException | RuntimeException e) {
            if (e instanceof VerificationException v) {
                throw v;
            }
            throw corrupt(part, setId, e);
        }
        if (n < 0) {
            checkAtEnd();
            return -1;
        }
        rawBytes += n;
        if (meter != null) {
            meter.add(0, n);
        }
        return n;
    }

    private void checkAtEnd() throws IOException {
        if (checked) {
            return;
        }
        checked = true;
        stored.drain();
        String where = "part " + part.name() + " (" + fileOf(part) + ") of backup " + setId;
        if (stored.count() != part.storedBytes()) {
            throw new VerificationException(where + " has " + stored.count() + " bytes, the manifest says "
                    + part.storedBytes() + "; the file is truncated or altered");
        }
        if (!stored.sha256Hex().equalsIgnoreCase(part.sha256())) {
            throw new VerificationException(where + " does not match its SHA-256; the file is corrupt");
        }
        if (rawBytes != part.rawBytes()) {
            throw new VerificationException(where + " decompresses to " + rawBytes + " bytes, the manifest says "
                    + part.rawBytes());
        }
        if (meter != null) {
            meter.partClosed(part.name());
        }
    }

    private static VerificationException corrupt(PartEntry part, String setId, Exception e) {
        if (e instanceof CryptoException) {
            return new VerificationException("backup " + setId + ": " + e.getMessage(), e);
        }
        return new VerificationException("part " + part.name() + " (" + fileOf(part) + ") of backup " + setId
                + " is corrupt: cannot decompress it: " + dev.custodian.internal.Messages.describe(e), e);
    }

    @Override
    public void close() throws IOException {
        try {
            decoded.close();
        } finally {
            stored.close();
        }
    }
}
