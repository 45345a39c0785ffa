package dev.custodian.backup.internal;

import dev.custodian.backup.Compression;
import dev.custodian.backup.PartEntry;
import dev.custodian.backup.PartOutput;
import dev.custodian.backup.PartSpec;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Path;

/**
 * One part being written: raw bytes are counted, compressed, hashed as stored and written to a
 * temporary dot-file, which closing fsyncs and renames into place. Nothing is held in memory
 * beyond fixed-size buffers. Used by one thread at a time.
 */
final class PartFileOutput extends PartOutput {
    private final SetWriter owner;
    private final PartSpec spec;
    private final String fileName;
    private final Path temporary;
    private final Path target;
    private final StoredBytesSink sink;
    private final OutputStream raw;
    private final ProgressMeter meter;
    private long rawBytes;
    private long rows;
    private boolean closed;

    PartFileOutput(SetWriter owner, PartSpec spec, Path dir, String fileName, Compression compression,
            ProgressMeter meter) throws IOException {
        this.owner = owner;
        this.spec = spec;
        this.fileName = fileName;
        this.meter = meter;
        this.temporary = dir.resolve("." + fileName + ".tmp");
        this.target = dir.resolve(fileName);
        FileChannel channel = SafeFiles.createPrivateFile(temporary);
        try {
            this.sink = new StoredBytesSink(channel);
            this.raw = new BufferedOutputStream(Codecs.compressor(compression, sink), Codecs.BUFFER);
        } catch (IOException | RuntimeException e) {
            channel.close();
            SafeFiles.deleteQuietly(temporary);
            throw e;
        }
    }

    String name() {
        return spec.name();
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

    /** Completes the part: finishes compression, fsyncs, renames into place, records it. */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            raw.close();
            SafeFiles.commit(temporary, target);
        } catch (IOException | RuntimeException e) {
            discard();
            owner.partFailed(this);
            throw e;
        }
        owner.partDone(this, new PartEntry(spec.name(), fileName, spec.kind(), spec.table(), rows, sink.count(),
                rawBytes, sink.sha256Hex()));
    }

    /** Drops an unfinished part: the file is closed and removed, nothing is recorded. */
    void discard() {
        closed = true;
        try {
            sink.close();
        } catch (IOException | RuntimeException e) {
            // discarding after a failure: the failure is what gets reported
        }
        SafeFiles.deleteQuietly(temporary);
    }
}
