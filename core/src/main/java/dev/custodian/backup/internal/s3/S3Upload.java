package dev.custodian.backup.internal.s3;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedMultipartUpload;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.NoSuchUploadException;

/**
 * One object being written as a stream of unknown length, in bounded memory: bytes fill a part
 * buffer; a full buffer is uploaded as a multipart part on a background thread while the next one
 * fills, and at most one part is in flight, so memory is two part buffers. The first buffer starts
 * small and doubles as bytes come, up to the part size, so an object that ends before its first
 * part fills (most of a backup's parts are small tables) costs memory of its own size and goes up
 * in one PUT. Nothing is visible under the key until
 * {@link #complete()}; {@link #abort()}, any failure, and {@link #close()} without completing
 * abort the multipart upload. Parts are sent from byte arrays, so the SDK can retry them.
 *
 * <p>Part sizes grow for very large objects, to stay within S3's 10,000 parts: the base size for
 * parts 1 to 2,500, then twice it, four and eight times it (8 MiB parts reach 300 GB).
 * Used by one thread at a time.
 */
public final class S3Upload extends OutputStream {
    private static final Logger LOG = LoggerFactory.getLogger(S3Upload.class);
    private static final int PARTS_PER_STEP = 2500;
    private static final int MAX_PARTS = 10_000;
    /** The first buffer's size before it grows. */
    static final int FIRST_BUFFER = 64 * 1024;

    private enum State { OPEN, COMPLETED, ABORTED, FAILED }

    private final S3Client s3;
    private final ExecutorService executor;
    private final String bucket;
    private final String name;
    private final String key;
    private final int basePartSize;
    private final List<CompletedPart> parts = new ArrayList<>();
    private byte[] current;
    private int filled;
    private byte[] spare;
    private Future<CompletedPart> inFlight;
    private byte[] inFlightBuffer;
    private String uploadId;
    private int nextPart = 1;
    private long size;
    private State state = State.OPEN;
    private boolean nothingLeft = true;

    S3Upload(S3Client s3, ExecutorService executor, String bucket, String name, String key, int basePartSize) {
        this.s3 = s3;
        this.executor = executor;
        this.bucket = bucket;
        this.name = name;
        this.key = key;
        this.basePartSize = basePartSize;
        this.current = new byte[Math.min(FIRST_BUFFER, basePartSize)];
    }

    private int partSize(int partNumber) {
        int step = Math.min(3, (partNumber - 1) / PARTS_PER_STEP);
        return basePartSize << step;
    }

    /** The full key being written. */
    public String key() {
        return key;
    }

    /** The bytes written so far. */
    public long size() {
        return size;
    }

    /** The bytes of the part buffers this upload holds now. */
    long bufferBytes() {
        return length(current) + length(spare) + length(inFlightBuffer);
    }

    private static long length(byte[] buffer) {
        return buffer == null ? 0 : buffer.length;
    }

    @Override
    public void write(int b) throws IOException {
        checkOpen();
        if (filled == current.length) {
            makeRoom();
        }
        current[filled++] = (byte) b;
        size++;
    }

    // A full buffer: the first one grows until it is a whole part; a whole part goes up.
    private void makeRoom() throws IOException {
        if (current.length < basePartSize) {
            current = Arrays.copyOf(current, Math.min(basePartSize, current.length * 2));
        } else {
            submitPart(false);
        }
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        checkOpen();
        while (len > 0) {
            if (filled == current.length) {
                makeRoom();
            }
            int n = Math.min(len, current.length - filled);
            System.arraycopy(b, off, current, filled, n);
            filled += n;
            off += n;
            len -= n;
            size += n;
        }
    }

    /** Does nothing: bytes go up a part at a time; {@link #complete()} sends the rest. */
    @Override
    public void flush() throws IOException {
        checkOpen();
    }

    private void checkOpen() throws IOException {
        if (state != State.OPEN) {
            throw new IOException("the upload of key '" + key + "' in bucket '" + bucket + "' is "
                    + state.name().toLowerCase(java.util.Locale.ROOT) + ": it takes no more bytes");
        }
    }

    /** Sends the current buffer as the next part; unless it is the last, a buffer is readied for more. */
    private void submitPart(boolean last) throws IOException {
        try {
            if (uploadId == null) {
                uploadId = s3.createMultipartUpload(r -> r.bucket(bucket).key(key)).uploadId();
            }
            awaitInFlight();
            if (nextPart > MAX_PARTS) {
                throw new IOException("the object is too large for S3 (more than " + MAX_PARTS + " parts)");
            }
            byte[] buffer = current;
            int length = filled;
            int partNumber = nextPart++;
            inFlightBuffer = buffer;
            inFlight = executor.submit(() -> uploadPart(buffer, length, partNumber));
            int nextSize = partSize(nextPart);
            current = last ? null : spare != null && spare.length == nextSize ? spare : new byte[nextSize];
            spare = null;
            filled = 0;
        } catch (IOException e) {
            throw fail(e);
        } catch (RuntimeException e) {
            throw fail(S3Errors.failure("upload", bucket, key, e));
        }
    }

    private CompletedPart uploadPart(byte[] buffer, int length, int partNumber) {
        String eTag = s3.uploadPart(r -> r.bucket(bucket).key(key).uploadId(uploadId).partNumber(partNumber)
                        .contentLength((long) length),
                RequestBody.fromContentProvider(() -> new ByteArrayInputStream(buffer, 0, length), length,
                        "application/octet-stream")).eTag();
        return CompletedPart.builder().partNumber(partNumber).eTag(eTag).build();
    }

    /** Waits for the part in flight, records it, and keeps its buffer for reuse. */
    private void awaitInFlight() throws IOException {
        if (inFlight == null) {
            return;
        }
        try {
            parts.add(inFlight.get());
            spare = inFlightBuffer;
        } catch (InterruptedException e) {
            // the part is still in flight: the abort that follows waits for it
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while uploading key '" + key + "' to bucket '" + bucket
                    + "'");
        } catch (ExecutionException e) {
            inFlight = null;
            inFlightBuffer = null;
            throw S3Errors.failure("upload of part " + (parts.size() + 1), bucket, key, e.getCause());
        }
        inFlight = null;
        inFlightBuffer = null;
    }

    /**
     * Waits for the part in flight to end, however it ends, so an abort cannot race with it; an
     * interrupt is kept for the caller. Bounded: the SDK's timeouts and retries end every request.
     */
    private void awaitEndQuietly(Future<CompletedPart> part) {
        boolean interrupted = false;
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
        while (true) {
            try {
                part.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            } catch (ExecutionException | CancellationException | TimeoutException e) {
                break;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Sends what is left and makes the object visible under its key. On failure the upload is
     * aborted and nothing is visible.
     */
    public UploadResult complete() throws IOException {
        checkOpen();
        try {
            if (uploadId == null) {
                byte[] buffer = current;
                int length = filled;
                s3.putObject(r -> r.bucket(bucket).key(key).contentLength((long) length),
                        RequestBody.fromContentProvider(() -> new ByteArrayInputStream(buffer, 0, length), length,
                                "application/octet-stream"));
                finish(State.COMPLETED);
                return new UploadResult(name, key, size, 0);
            }
            if (filled > 0) {
                submitPart(true);
            }
            awaitInFlight();
            List<CompletedPart> done = List.copyOf(parts);
            try {
                s3.completeMultipartUpload(r -> r.bucket(bucket).key(key).uploadId(uploadId)
                        .multipartUpload(CompletedMultipartUpload.builder().parts(done).build()));
            } catch (NoSuchUploadException e) {
                // a retried completion whose first attempt the server finished (its answer was lost):
                // the object is there, of this size; anything else is a failure
                if (!completedEarlier()) {
                    throw e;
                }
                LOG.debug("upload of key '{}' in bucket '{}' was completed by an earlier attempt", key, bucket);
            }
            finish(State.COMPLETED);
            return new UploadResult(name, key, size, done.size());
        } catch (IOException e) {
            throw fail(e);
        } catch (RuntimeException e) {
            throw fail(S3Errors.failure("upload", bucket, key, e));
        }
    }

    private boolean completedEarlier() {
        try {
            return s3.headObject(r -> r.bucket(bucket).key(key)).contentLength() == size;
        } catch (RuntimeException e) {
            return false;
        }
    }

    /**
     * Gives the upload up: the part in flight is awaited, then the multipart upload is aborted so
     * its parts take no space. Never throws: a failed abort is logged and left for a later prune of
     * dangling uploads. Returns whether nothing is left behind.
     */
    public boolean abort() {
        if (state != State.OPEN) {
            return nothingLeft;
        }
        state = State.ABORTED;
        nothingLeft = abortQuietly();
        return nothingLeft;
    }

    private boolean abortQuietly() {
        // an interrupted thread still gives its upload up: the SDK would refuse to send the abort
        boolean interrupted = Thread.interrupted();
        try {
            if (inFlight != null) {
                awaitEndQuietly(inFlight);
                interrupted |= Thread.interrupted();
                inFlight = null;
            }
            current = null;
            spare = null;
            inFlightBuffer = null;
            if (uploadId == null) {
                return true;
            }
            try {
                s3.abortMultipartUpload(r -> r.bucket(bucket).key(key).uploadId(uploadId));
                return true;
            } catch (RuntimeException e) {
                LOG.warn("could not abort the multipart upload of key '{}' in bucket '{}' (a prune of dangling "
                        + "uploads removes it): {}", key, bucket, S3Errors.cause(e));
                return false;
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private IOException fail(IOException e) {
        if (state == State.OPEN) {
            state = State.FAILED;
            nothingLeft = abortQuietly();
        }
        return e;
    }

    private void finish(State end) {
        state = end;
        current = null;
        spare = null;
    }

    /** Aborts the upload unless it was completed: closing never makes a partial object visible. */
    @Override
    public void close() {
        abort();
    }
}
