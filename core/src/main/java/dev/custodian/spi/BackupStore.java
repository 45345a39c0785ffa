package dev.custodian.spi;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import java.util.Optional;

/**
 * Where backup sets are kept: a directory, S3-compatible object storage. A store keeps bytes and
 * nothing else: core writes parts through it already compressed, encrypted and hashed, writes
 * the manifest last (its presence is what makes a set complete), and does listing, verification,
 * retention and restore safety itself, the same for every store.
 *
 * <p>A set being written holds a lock or a lease for its whole life, so that a running backup is
 * never mistaken for one a crashed writer left behind. Names are set ids ({@code 20261121T025412.123Z-3f9a})
 * and plain part file names; anything else found in a store is not ours and is left alone.
 */
public interface BackupStore extends AutoCloseable {

    /** Where the store is, for messages and reports; never holds a secret. */
    String location();

    /** Whether the store is there to be listed (a directory that exists, a bucket that answers). */
    boolean exists() throws IOException;

    /** The ids of every set in the store, complete or not, sorted (which is by creation time). */
    List<String> ids() throws IOException;

    /** A set's manifest, or empty when the set has none (incomplete, or no such set). */
    Optional<byte[]> readManifest(String id) throws IOException;

    /** The stored size of a part; {@link java.nio.file.NoSuchFileException} when it is missing. */
    long partSize(String id, String file) throws IOException;

    /** A part's stored bytes, streamed; {@link java.nio.file.NoSuchFileException} when it is missing. */
    InputStream openPart(String id, String file) throws IOException;

    /**
     * A range of a part file's stored bytes (a small part packed with others), streamed: at most
     * {@code length} bytes from {@code offset}, fewer when the file is shorter; by default read
     * from the whole file's stream. {@link java.nio.file.NoSuchFileException} when it is missing.
     */
    default InputStream openPart(String id, String file, long offset, long length) throws IOException {
        InputStream in = openPart(id, file);
        try {
            in.skipNBytes(offset);
        } catch (java.io.EOFException e) {
            in.close();
            return InputStream.nullInputStream();
        }
        return new java.io.FilterInputStream(in) {
            private long left = length;

            @Override
            public int read() throws IOException {
                if (left <= 0) {
                    return -1;
                }
                int b = super.read();
                if (b >= 0) {
                    left--;
                }
                return b;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (left <= 0) {
                    return -1;
                }
                int n = super.read(b, off, (int) Math.min(len, left));
                if (n > 0) {
                    left -= n;
                }
                return n;
            }

            @Override
            public long skip(long n) throws IOException {
                long skipped = super.skip(Math.min(n, left));
                left -= skipped;
                return skipped;
            }

            @Override
            public int available() throws IOException {
                return (int) Math.min(super.available(), left);
            }

            @Override
            public boolean markSupported() {
                return false;
            }
        };
    }

    /**
     * Starts a new set with its lock or lease already held; {@link java.nio.file.FileAlreadyExistsException}
     * when the id is taken (core then picks another).
     */
    NewSet create(String id) throws IOException;

    /** Whether a set without a manifest is being written now: its writer's lock or lease is live. */
    boolean inProgress(String id) throws IOException;

    /**
     * Removes a set without a manifest whose writer is gone; returns whether it was such a set.
     * A set in progress, or one that completed meanwhile, is left alone.
     */
    boolean removeIfStale(String id) throws IOException;

    /**
     * Removes a complete set: the manifest first, so that an interrupted removal leaves an
     * incomplete set, never a complete one with parts missing.
     */
    void removeComplete(String id) throws IOException;

    /**
     * What dead writers left that is not a set (a directory never renamed into place, an upload
     * never completed), removed when asked; returns a line for each.
     */
    List<String> staleLeftovers(boolean remove) throws IOException;

    /** Replaces a complete set's manifest atomically (rotating its encryption keys). */
    void replaceManifest(String id, byte[] manifest) throws IOException;

    /** Releases what the store holds (clients, threads). */
    @Override
    void close();

    /** A set being written. It ends committed (its manifest written last) or discarded (removed). */
    interface NewSet {

        /** The set's id. */
        String id();

        /** Opens a part file for writing; closing the stream completes it, {@link PartSink#abort()} drops it. */
        PartSink createPart(String file) throws IOException;

        /** Writes the manifest, which makes the set complete, and releases the lock or lease. */
        void commit(byte[] manifest) throws IOException;

        /** Removes what was written, best effort, and releases the lock or lease. */
        void discard();
    }

    /**
     * Where one part's stored bytes go. {@link #close()} completes it; it is durable at the latest
     * when {@link NewSet#commit} has written the manifest (a store may finish it in the background,
     * and then fails the commit when it cannot).
     */
    abstract class PartSink extends OutputStream {

        /** Drops the part: nothing of it stays in the store. Never throws. */
        public abstract void abort();
    }
}
