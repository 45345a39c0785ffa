package dev.custodian.backup.internal;

import dev.custodian.backup.BackupManifest;
import dev.custodian.backup.BackupReader;
import dev.custodian.backup.PartEntry;
import java.io.IOException;
import java.io.InputStream;
import dev.custodian.spi.BackupStore;

/** The {@link BackupReader} over a complete set in a store. */
public final class SetReader implements BackupReader {
    private final BackupStore store;
    private final BackupManifest manifest;
    private final SetCipher cipher;
    private final ProgressMeter meter;

    /**
     * @param cipher decrypts the parts of an encrypted set
     * @param meter hears of bytes read and parts finished; may be null
     */
    public SetReader(BackupStore store, BackupManifest manifest, SetCipher cipher, ProgressMeter meter) {
        this.store = store;
        this.manifest = manifest;
        this.cipher = cipher;
        this.meter = meter;
    }

    @Override
    public BackupManifest manifest() {
        return manifest;
    }

    @Override
    public InputStream open(PartEntry part) throws IOException {
        return openPart(part);
    }

    /** Opens a part with access to its raw byte count. */
    public PartInputStream openPart(PartEntry part) throws IOException {
        return PartInputStream.open(store, manifest.id(), part, manifest.compression(), cipher, meter);
    }
}
