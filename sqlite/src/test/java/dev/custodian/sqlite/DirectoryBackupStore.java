package dev.custodian.sqlite;

import dev.custodian.backup.BackupManifest;
import dev.custodian.backup.BackupOptions;
import dev.custodian.backup.BackupReader;
import dev.custodian.backup.BackupWriter;
import dev.custodian.backup.Compression;
import dev.custodian.backup.PartEntry;
import dev.custodian.backup.PartOutput;
import dev.custodian.backup.PartSpec;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A minimal, uncompressed stand-in for core's backup store, so a strategy can be tested on its
 * own: parts are plain files in a directory, the manifest lives in memory.
 */
final class DirectoryBackupStore implements BackupWriter, BackupReader {
    private final Path directory;
    private final BackupOptions options;
    private final List<PartEntry> parts = new ArrayList<>();
    private final Map<String, String> facts = new LinkedHashMap<>();
    private final Instant started = Instant.now();
    private int closedParts;

    DirectoryBackupStore(Path directory, BackupOptions options) throws IOException {
        this.directory = Files.createDirectories(directory);
        this.options = options;
    }

    /** How many parts were completed (closed normally). */
    synchronized int completedParts() {
        return closedParts;
    }

    @Override
    public PartOutput openPart(PartSpec spec) throws IOException {
        Path file = directory.resolve(spec.name() + ".part");
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IOException(e);
        }
        OutputStream raw = new DigestOutputStream(Files.newOutputStream(file), sha);
        return new PartOutput() {
            private long rows;
            private long bytes;

            @Override
            public void addRows(long n) {
                rows += n;
            }

            @Override
            public void write(int b) throws IOException {
                raw.write(b);
                bytes++;
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                raw.write(b, off, len);
                bytes += len;
            }

            @Override
            public void close() throws IOException {
                raw.close();
                synchronized (DirectoryBackupStore.this) {
                    parts.add(new PartEntry(spec.name(), file.getFileName().toString(), spec.kind(), spec.table(), rows,
                            bytes, bytes, HexFormat.of().formatHex(sha.digest())));
                    closedParts++;
                }
            }
        };
    }

    @Override
    public synchronized void fact(String key, String value) {
        facts.put(key, value);
    }

    @Override
    public synchronized BackupManifest manifest() {
        return new BackupManifest(BackupManifest.FORMAT_VERSION, "test-set", "sqlite", facts.get("serverVersion"), "db",
                "sqlite-file", started, Instant.now(), "test", options, Compression.NONE, parts, facts);
    }

    @Override
    public InputStream open(PartEntry part) throws IOException {
        return Files.newInputStream(directory.resolve(part.file()));
    }

    /** The stored file of a part. */
    Path file(PartEntry part) {
        return directory.resolve(part.file());
    }
}
