package dev.custodian.backup.internal;

import dev.custodian.backup.BackupCatalog;
import dev.custodian.backup.BackupException;
import dev.custodian.backup.BackupManifest;
import dev.custodian.backup.BackupSummary;
import dev.custodian.backup.CopyReport;
import dev.custodian.backup.PartEntry;
import dev.custodian.backup.ProgressListener;
import dev.custodian.internal.Messages;
import dev.custodian.spi.BackupStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.FileAlreadyExistsException;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Copies complete sets from one store to another as they are stored (an encrypted set stays
 * encrypted; no key is needed), under the same id, checking every part's size and SHA-256 on the
 * way and writing the manifest last, so the copy is complete only when all of it arrived intact.
 * Sets the target already has complete are skipped.
 */
final class SetCopier {
    /** Copies every complete set. */
    static final String ALL = "all";
    private static final Logger LOG = LoggerFactory.getLogger(SetCopier.class);

    private final StoreCatalog from;
    private final StoreCatalog to;
    private final ProgressListener listener;

    SetCopier(StoreCatalog from, StoreCatalog to, ProgressListener listener) {
        this.from = from;
        this.to = to;
        this.listener = listener;
    }

    CopyReport copy(String idOrLatestOrAll) {
        long start = System.nanoTime();
        List<LocatedSet> sets = new ArrayList<>();
        if (ALL.equalsIgnoreCase(String.valueOf(idOrLatestOrAll).trim())) {
            for (BackupSummary s : from.list()) {
                sets.add(new LocatedSet(from.store(), s.manifest()));
            }
        } else {
            sets.add(from.locate(idOrLatestOrAll == null ? BackupCatalog.LATEST : idOrLatestOrAll));
        }
        List<String> copied = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        long bytes = 0;
        for (LocatedSet set : sets) {
            if (completeInTarget(set.id())) {
                skipped.add(set.id());
                continue;
            }
            bytes += copyOne(set);
            copied.add(set.id());
        }
        CopyReport report = new CopyReport(from.location(), to.location(), copied, skipped, bytes,
                Duration.ofNanos(System.nanoTime() - start));
        LOG.info("copy from {} to {}: {} copied, {} already there", from.location(), to.location(), copied.size(),
                skipped.size());
        return report;
    }

    private boolean completeInTarget(String id) {
        try {
            return to.store().exists() && to.store().readManifest(id).isPresent();
        } catch (IOException e) {
            throw failed(id, "cannot read the target", e);
        }
    }

    private long copyOne(LocatedSet set) {
        String id = set.id();
        BackupStore source = set.store();
        BackupStore target = to.store();
        BackupManifest m = set.manifest();
        byte[] manifestBytes;
        BackupStore.NewSet copy;
        try {
            manifestBytes = source.readManifest(id).orElseThrow(() -> new IOException("its manifest vanished"));
            copy = createInTarget(target, id);
        } catch (IOException e) {
            throw failed(id, "cannot start it", e);
        }
        ProgressMeter meter = new ProgressMeter("copy", id, listener);
        long total = 0;
        try {
            Map<String, List<PartEntry>> packs = new LinkedHashMap<>();
            for (PartEntry part : m.parts()) {
                if (part.packed()) {
                    packs.computeIfAbsent(part.file(), f -> new ArrayList<>()).add(part);
                } else {
                    total += copyPart(source, copy, id, part, meter);
                }
            }
            for (Map.Entry<String, List<PartEntry>> pack : packs.entrySet()) {
                total += copyPack(source, copy, id, pack.getKey(), pack.getValue(), meter);
            }
            copy.commit(manifestBytes);
            meter.finish();
            return total;
        } catch (IOException | RuntimeException e) {
            copy.discard();
            throw failed(id, "nothing of it was kept", e);
        }
    }

    // A set left incomplete by an earlier, interrupted copy is replaced; one being written is not.
    private static BackupStore.NewSet createInTarget(BackupStore target, String id) throws IOException {
        try {
            return target.create(id);
        } catch (FileAlreadyExistsException e) {
            if (target.readManifest(id).isEmpty() && target.removeIfStale(id)) {
                return target.create(id);
            }
            throw new IOException("the target has a set " + id + " being written now");
        }
    }

    private static long copyPart(BackupStore source, BackupStore.NewSet copy, String id, PartEntry part,
            ProgressMeter meter) throws IOException {
        meter.partOpened(part.name());
        StoredBytesSink sink = new StoredBytesSink(copy.createPart(part.file()));
        try (InputStream in = source.openPart(id, part.file())) {
            byte[] buffer = new byte[Codecs.BUFFER];
            int n;
            while ((n = in.read(buffer)) >= 0) {
                sink.write(buffer, 0, n);
                meter.add(0, n);
            }
        } catch (IOException | RuntimeException e) {
            sink.abort();
            throw e;
        }
        if (sink.count() != part.storedBytes() || !sink.sha256Hex().equalsIgnoreCase(part.sha256())) {
            sink.abort();
            throw new IOException("part " + part.name() + " (" + part.file() + ") does not match its manifest in the"
                    + " source (" + sink.count() + " bytes read, " + part.storedBytes() + " expected, or its SHA-256"
                    + " differs); the source set is damaged");
        }
        sink.close();
        meter.partClosed(part.name());
        return part.storedBytes();
    }

    /**
     * Copies a pack file as it is, in one pass, checking each part packed in it against its
     * manifest entry on the way.
     */
    private static long copyPack(BackupStore source, BackupStore.NewSet copy, String id, String file,
            List<PartEntry> parts, ProgressMeter meter) throws IOException {
        List<PartEntry> inOrder = new ArrayList<>(parts);
        inOrder.sort(Comparator.comparingLong(PartEntry::offset));
        BackupStore.PartSink sink = copy.createPart(file);
        long copied = 0;
        try (InputStream in = source.openPart(id, file)) {
            byte[] buffer = new byte[Codecs.BUFFER];
            for (PartEntry part : inOrder) {
                meter.partOpened(part.name());
                if (part.offset() < copied) {
                    throw new IOException("parts " + part.name() + " and the one before it overlap in " + file
                            + "; the source set's manifest is damaged");
                }
                copied += transfer(in, sink, part.offset() - copied, buffer, null, meter);
                MessageDigest digest = StoredBytesSink.sha256();
                long n = transfer(in, sink, part.storedBytes(), buffer, digest, meter);
                copied += n;
                if (n != part.storedBytes()
                        || !HexFormat.of().formatHex(digest.digest()).equalsIgnoreCase(part.sha256())) {
                    throw new IOException("part " + part.name() + " (" + file + " at byte " + part.offset()
                            + ") does not match its manifest in the source (" + n + " bytes read, " + part.storedBytes()
                            + " expected, or its SHA-256 differs); the source set is damaged");
                }
                meter.partClosed(part.name());
            }
            copied += transfer(in, sink, Long.MAX_VALUE, buffer, null, meter);
        } catch (IOException | RuntimeException e) {
            sink.abort();
            throw e;
        }
        sink.close();
        return copied;
    }

    /** Copies up to {@code max} bytes (fewer at the end of the stream), hashing them when asked. */
    private static long transfer(InputStream in, OutputStream out, long max, byte[] buffer, MessageDigest digest,
            ProgressMeter meter) throws IOException {
        long done = 0;
        while (done < max) {
            int n = in.read(buffer, 0, (int) Math.min(buffer.length, max - done));
            if (n < 0) {
                break;
            }
            out.write(buffer, 0, n);
            if (digest != null) {
                digest.update(buffer, 0, n);
            }
            meter.add(0, n);
            done += n;
        }
        return done;
    }

    private BackupException failed(String id, String what, Exception e) {
        return new BackupException("copy of backup " + id + " from " + from.location() + " to " + to.location()
                + " failed (" + what + "): " + Messages.describe(e), e);
    }

}
