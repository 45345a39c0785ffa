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

    private final BackupStore.NewSet set;
    private final Compression compression;
    private final SetCipher cipher;
    private final ProgressMeter meter;
    private final Set<String> names = new HashSet<>();
    private final List<PartFileOutput> open = new ArrayList<>();
    private final Map<Integer, PartEntry> done = new TreeMap<>();
    private final Map<PartFileOutput, Integer> indexes = new LinkedHashMap<>();
    private final Map<String, String> facts = new LinkedHashMap<>();
    private int next;
    private boolean finished;

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
        PartFileOutput part = new PartFileOutput(this, spec, set, fileName, compression, cipher, meter);
        open.add(part);
        indexes.put(part, index);
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
        done.put(indexes.get(part), entry);
        meter.partClosed(part.name());
    }

    synchronized void partFailed(PartFileOutput part) {
        open.remove(part);
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
    }

    static String safeName(String name) {
        String safe = name.replaceAll("[^A-Za-z0-9._-]", "_");
        return safe.length() > MAX_SAFE_NAME ? safe.substring(0, MAX_SAFE_NAME) : safe;
    }
}
