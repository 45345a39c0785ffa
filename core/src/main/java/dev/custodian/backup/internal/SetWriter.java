package dev.custodian.backup.internal;

import dev.custodian.backup.BackupWriter;
import dev.custodian.backup.Compression;
import dev.custodian.backup.PartEntry;
import dev.custodian.backup.PartOutput;
import dev.custodian.backup.PartSpec;
import dev.custodian.spi.BackupStore;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** The {@link BackupWriter} core hands a strategy: the parts of one new set in a store. Thread-safe. */
public final class SetWriter implements BackupWriter {
    /** The fact a strategy sets to record the server version it saw. */
    public static final String SERVER_VERSION_FACT = "serverVersion";
    private static final int MAX_SAFE_NAME = 60;
    /**
     * Parts whose stored bytes stay within this (256 KiB) are appended to a pack file shared with
     * other small parts rather than each getting a file (and a sync, an object) of its own; the
     * system property {@code custodian.backup.packPartBytes} changes it, 0 turns packing off.
     */
    static final int PACK_PART_BYTES = 256 * 1024;
    static final String PACK_PART_PROPERTY = "custodian.backup.packPartBytes";
    /** A pack file is closed, and the next small part starts another, past this size (64 MiB). */
    static final long PACK_FILE_BYTES = 64L << 20;

    private final BackupStore.NewSet set;
    private final Compression compression;
    private final SetCipher cipher;
    private final ProgressMeter meter;
    private final Set<String> names = new HashSet<>();
    private final List<PartFileOutput> open = new ArrayList<>();
    private final Map<Integer, PartEntry> done = new TreeMap<>();
    private final Map<String, String> facts = new LinkedHashMap<>();
    private final int packLimit = Math.max(0, Integer.getInteger(PACK_PART_PROPERTY, PACK_PART_BYTES));
    private BackupStore.PartSink pack;
    private String packFile;
    private long packBytes;
    private int packs;
    private int next;
    private boolean finished;

    /** The set's first small part, whose stored bytes wait in memory for a second one. */
    private Held firstSmall;

    private record Held(int index, PartEntry entry, byte[] stored) {
    }

    public SetWriter(BackupStore.NewSet set, Compression compression, SetCipher cipher, ProgressMeter meter) {
        this.set = set;
        this.compression = compression;
        this.cipher = cipher;
        this.meter = meter;
    }

    @Override
    public synchronized PartOutput openPart(PartSpec spec) throws IOException {
        if (finished) {
            throw new IOException("the backup set is finished; part " + spec.name() + " cannot be added");
        }
        if (!names.add(spec.name())) {
            throw new IOException("part " + spec.name() + " was already written in this set");
        }
        int index = ++next;
        String fileName = String.format(Locale.ROOT, "%03d-%s.%s", index, safeName(spec.name()),
                Codecs.extension(compression));
        PartFileOutput part = new PartFileOutput(this, index, spec, set, fileName, compression, cipher, meter, packLimit);
        open.add(part);
        meter.partOpened(spec.name());
        return part;
    }

    @Override
    public synchronized void fact(String key, String value) {
        if (key == null || key.isBlank()) {
            throw new IllegalArgumentException("a backup fact needs a name");
        }
        facts.put(key, value);
    }

    synchronized void partDone(PartFileOutput part, PartEntry entry) {
        open.remove(part);
        done.put(part.index(), entry);
        meter.partClosed(part.name());
    }

    synchronized void partFailed(PartFileOutput part) {
        open.remove(part);
    }

    /**
     * Records a part that stayed small: its stored bytes go to the current pack file (started when
     * needed), except the set's first small part's, which wait for a second one; should none come,
     * it gets a file of its own at the end, so a set of one small part is written as before packs.
     */
    synchronized void smallPartDone(PartFileOutput part, PartEntry entry, byte[] stored) throws IOException {
        if (finished) {
            throw new IOException("the backup set is finished; part " + part.name() + " cannot be added");
        }
        int index = part.index();
        if (pack == null && firstSmall == null) {
            firstSmall = new Held(index, entry, stored);
            partDone(part, entry);
            return;
        }
        if (firstSmall != null) {
            Held first = firstSmall;
            firstSmall = null;
            done.put(first.index(), append(first.entry(), first.stored()));
        }
        partDone(part, append(entry, stored));
    }

    /** Appends a small part's stored bytes to the current pack file, starting one when needed. */
    private PartEntry append(PartEntry entry, byte[] stored) throws IOException {
        if (pack != null && packBytes + stored.length > PACK_FILE_BYTES) {
            closePack();
        }
        if (pack == null) {
            packFile = String.format(Locale.ROOT, "pack-%03d.%s", ++packs, Codecs.extension(compression));
            pack = set.createPart(packFile);
            packBytes = 0;
        }
        long at = packBytes;
        try {
            pack.write(stored);
        } catch (IOException | RuntimeException e) {
            pack.abort();
            pack = null;
            throw e;
        }
        packBytes += stored.length;
        return new PartEntry(entry.name(), packFile, entry.kind(), entry.table(), entry.rows(), entry.storedBytes(),
                entry.rawBytes(), entry.sha256(), at);
    }

    private void closePack() throws IOException {
        if (pack != null) {
            BackupStore.PartSink p = pack;
            pack = null;
            p.close();
        }
    }

    /** Ends writing: every part must be closed. Returns the parts in the order they were opened. */
    public synchronized List<PartEntry> finish() throws IOException {
        finished = true;
        if (!open.isEmpty()) {
            throw new IOException("the strategy returned with part " + open.get(0).name() + " still open");
        }
        if (done.isEmpty()) {
            throw new IOException("the strategy wrote no parts");
        }
        if (firstSmall != null) {
            BackupStore.PartSink own = set.createPart(firstSmall.entry().file());
            try {
                own.write(firstSmall.stored());
            } catch (IOException | RuntimeException e) {
                own.abort();
                throw e;
            }
            own.close();
            firstSmall = null;
        }
        closePack();
        return List.copyOf(done.values());
    }

    /** Facts recorded, without the server version. */
    public synchronized Map<String, String> facts() {
        Map<String, String> copy = new LinkedHashMap<>(facts);
        copy.remove(SERVER_VERSION_FACT);
        return copy;
    }

    /** The server version the strategy recorded, or null. */
    public synchronized String serverVersion() {
        return facts.get(SERVER_VERSION_FACT);
    }

    /** Stops writing after a failure: open parts are closed and their temporary files removed. */
    public synchronized void abort() {
        finished = true;
        for (PartFileOutput part : List.copyOf(open)) {
            part.discard();
        }
        open.clear();
        firstSmall = null;
        if (pack != null) {
            pack.abort();
            pack = null;
        }
    }

    static String safeName(String name) {
        String safe = name.replaceAll("[^A-Za-z0-9._-]", "_");
        return safe.length() > MAX_SAFE_NAME ? safe.substring(0, MAX_SAFE_NAME) : safe;
    }
}
