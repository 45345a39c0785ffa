package dev.custodian.testing;

import dev.custodian.backup.BackupManifest;
import dev.custodian.backup.BackupOptions;
import dev.custodian.backup.BackupReader;
import dev.custodian.backup.BackupWriter;
import dev.custodian.backup.Compression;
import dev.custodian.backup.PartEntry;
import dev.custodian.backup.PartOutput;
import dev.custodian.backup.PartSpec;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A backup set held in memory, uncompressed, so that an engine's strategy and format can be
 * tested on their own, without core's store: the strategy writes into it as a
 * {@link BackupWriter}, and reads back from it as a {@link BackupReader}. For small test data.
 *
 * <pre>{@code
 * MemoryBackupSet set = new MemoryBackupSet("sqlite", "sqlite-file", BackupOptions.defaults());
 * strategy.backup(BackupOptions.defaults(), set);
 * strategy.restore(RestoreOptions.defaults(), set);
 * }</pre>
 */
public final class MemoryBackupSet implements BackupWriter, BackupReader {
    private final String engine;
    private final String strategy;
    private final BackupOptions options;
    private final Instant started = Instant.now();
    private final List<PartEntry> parts = new ArrayList<>();
    private final Map<String, byte[]> data = new LinkedHashMap<>();
    private final Map<String, String> facts = new LinkedHashMap<>();

    /** An empty set that a strategy of the engine will write. */
    public MemoryBackupSet(String engine, String strategy, BackupOptions options) {
        this.engine = Objects.requireNonNull(engine, "engine");
        this.strategy = Objects.requireNonNull(strategy, "strategy");
        this.options = Objects.requireNonNull(options, "options");
    }

    @Override
    public PartOutput openPart(PartSpec spec) throws IOException {
        synchronized (this) {
            if (data.containsKey(spec.name())) {
                throw new IOException("part " + spec.name() + " was already written");
            }
        }
        return new PartOutput() {
            private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            private long rows;
            private boolean closed;

            @Override
            public void addRows(long n) {
                rows += n;
            }

            @Override
            public void write(int b) {
                bytes.write(b);
            }

            @Override
            public void write(byte[] b, int off, int len) {
                bytes.write(b, off, len);
            }

            @Override
            public void close() {
                if (closed) {
                    return;
                }
                closed = true;
                byte[] content = bytes.toByteArray();
                PartEntry entry = new PartEntry(spec.name(), String.format("%03d", parts.size() + 1), spec.kind(),
                        spec.table(), rows, content.length, content.length, sha256(content));
                synchronized (MemoryBackupSet.this) {
                    parts.add(entry);
                    data.put(spec.name(), content);
                }
            }
        };
    }

    @Override
    public synchronized void fact(String key, String value) {
        facts.put(key, value);
    }

    /** The parts completed so far (closed normally), in the order they completed. */
    public synchronized List<PartEntry> parts() {
        return List.copyOf(parts);
    }

    @Override
    public synchronized BackupManifest manifest() {
        return new BackupManifest(2, "memory-set", engine, facts.get("serverVersion"),
                "memory", strategy, started, Instant.now(), "test", options, Compression.NONE, parts, facts);
    }

    @Override
    public synchronized InputStream open(PartEntry part) throws IOException {
        byte[] content = data.get(part.name());
        if (content == null) {
            throw new IOException("no part " + part.name() + " in the set");
        }
        return new ByteArrayInputStream(content);
    }

    /** A part's bytes, as written. */
    public synchronized byte[] bytes(PartEntry part) {
        return data.get(part.name()).clone();
    }

    /** Replaces a part's bytes (to damage it); the manifest keeps the old size and checksum. */
    public synchronized void replace(PartEntry part, byte[] content) {
        data.put(part.name(), content.clone());
    }

    private static String sha256(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
