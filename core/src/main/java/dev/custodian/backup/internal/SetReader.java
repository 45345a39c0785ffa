package dev.custodian.backup.internal;

import dev.custodian.backup.BackupManifest;
import dev.custodian.backup.BackupReader;
import dev.custodian.backup.PartEntry;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;

/** The {@link BackupReader} over a complete set directory. */
public final class SetReader implements BackupReader {
    private final Path dir;
    private final BackupManifest manifest;
    private final ProgressMeter meter;

    /** @param meter hears of bytes read and parts finished; may be null */
    public SetReader(Path dir, BackupManifest manifest, ProgressMeter meter) {
        this.dir = dir;
        this.manifest = manifest;
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
        return PartInputStream.open(dir, manifest.id(), part, manifest.compression(), meter);
    }
}
