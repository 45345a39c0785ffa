package dev.custodian.backup.internal;

import dev.custodian.backup.Compression;
import dev.custodian.backup.PartEntry;
import dev.custodian.backup.PartOutput;
import dev.custodian.backup.PartSpec;
import java.io.BufferedOutputStream;
import dev.custodian.spi.BackupStore;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;

/**
 * One part being written: raw bytes are counted, compressed, encrypted when the set is, hashed as
 * stored and handed to the store, which completes the part durably when it is closed. Nothing is
 * held in memory beyond fixed-size buffers. Used by one thread at a time.
 */
final class PartFileOutput extends PartOutput {
    private final SetWriter owner;
    private final int index;
    private final PartSpec spec;
    private final String fileName;
    private final SmallPartSink file;
    private final StoredBytesSink sink;
    private final OutputStream raw;
    private final ProgressMeter meter;
    private long rawBytes;
    private long rows;
    private boolean closed;

    PartFileOutput(SetWriter owner, int index, PartSpec spec, BackupStore.NewSet set, String fileName, Compression compression,
            SetCipher cipher, ProgressMeter meter, int packLimit) throws IOException {
        this.owner = owner;
        this.index = index;
        this.spec = spec;
        this.fileName = fileName;
        this.meter = meter;
        this.file = new SmallPartSink(set, fileName, packLimit);
        try {
            this.sink = new StoredBytesSink(file);
            OutputStream compressed = Codecs.compressor(compression, cipher.encrypt(sink, spec.name()));
            // zstd's stream collects whole frames itself; a second buffer in front would only copy
            this.raw = compression == Compression.ZSTD ? compressed : new BufferedOutputStream(compressed, Codecs.BUFFER);
        } catch (IOException | RuntimeException e) {
            file.abort();
            throw e;
        }
    }

    String name() {
        return spec.name();
    }

    /** The part's number in the set, from 1, in the order parts were opened. */
    int index() {
        return index;
    }

    @Override
    public void write(int b) throws IOException {
        checkWritable();
        raw.write(b);
        rawBytes++;
        meter.add(0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        checkWritable();
        raw.write(b, off, len);
        rawBytes += len;
        meter.add(0, len);
    }

    @Override
    public void addRows(long n) {
        rows += n;
        meter.add(n, 0);
    }

    @Override
    public void flush() throws IOException {
        checkWritable();
        raw.flush();
    }

    private void checkWritable() throws IOException {
        if (closed) {
            throw new IOException("part " + spec.name() + " is closed");
        }
        if (Thread.currentThread().isInterrupted()) {
            throw new InterruptedIOException("interrupted while writing part " + spec.name());
        }
    }

    /**
     * Completes the part: finishes compression and encryption, completes it in the store (in its
     * own file, or appended to the set's pack when it stayed small), records it.
     */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            raw.close();
            PartEntry entry = new PartEntry(spec.name(), fileName, spec.kind(), spec.table(), rows, sink.count(),
                    rawBytes, sink.sha256Hex());
            byte[] small = file.held();
            if (small == null) {
                owner.partDone(this, entry);
            } else {
                owner.smallPartDone(this, entry, small);
            }
        } catch (IOException | RuntimeException e) {
            discard();
            owner.partFailed(this);
            throw e;
        }
    }

    /** Drops an unfinished part: nothing of it stays in the store, nothing is recorded. */
    void discard() {
        closed = true;
        sink.abort();
    }
}
