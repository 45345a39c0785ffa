package dev.custodian.redis.internal.backup;

import dev.custodian.backup.BackupException;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The record format of a {@code redis-logical} part: one logical database's keys, binary safe.
 *
 * <pre>
 * part    = "CRL1" db:u32 record* trailer
 * record  = 'K' key expireAt:i64 payload          a whole key: its DUMP payload
 *         | 'B' key expireAt:i64 type:u8          a large key rebuilt from chunks, then
 *           ('C' count:u32 item*)* group* 'E'   items by type, stream groups, end
 * group   = 'G' item ('U' item)* ('P' count:u32 item*)*
 *                                                  the stream's id (a first 'G' of four fields), then
 *                                                  each consumer group, its consumers, its pending
 *                                                  entries in chunks
 * item    = fields:u32 bytes*                     hash: field value; list, set: element;
 *                                                  zset: member score; stream: id field value…;
 *                                                  string: a slice; 'G': name last-id entries-read
 *                                                  (stream id: "" last-id entries-added max-deleted-id);
 *                                                  'U': consumer idle-ms; 'P': id consumer idle-ms deliveries
 * trailer = 'Z' keys:i64
 * bytes   = length:u32 byte*
 * </pre>
 *
 * {@code expireAt} is the key's absolute expiry in Unix milliseconds, or -1 when it has none.
 * Integers are big-endian. Parts written before consumers and pending entries were kept have no
 * 'U' or 'P' records and read the same way.
 */
public final class KeyRecords {
    static final byte[] MAGIC = "CRL1".getBytes(StandardCharsets.US_ASCII);
    static final int WHOLE = 'K';
    static final int BEGIN = 'B';
    static final int CHUNK = 'C';
    static final int GROUP = 'G';
    static final int CONSUMER = 'U';
    static final int PENDING = 'P';
    static final int END = 'E';
    static final int TRAILER = 'Z';

    private KeyRecords() {
    }

    /** Writes one part. */
    public static final class Writer {
        private final DataOutputStream out;
        private long keys;

        public Writer(OutputStream out, int db) throws IOException {
            this.out = new DataOutputStream(out);
            this.out.write(MAGIC);
            this.out.writeInt(db);
        }

        public void whole(byte[] key, long expireAt, byte[] payload) throws IOException {
            out.write(WHOLE);
            bytes(key);
            out.writeLong(expireAt);
            bytes(payload);
            keys++;
        }

        public void begin(byte[] key, long expireAt, KeyType type) throws IOException {
            out.write(BEGIN);
            bytes(key);
            out.writeLong(expireAt);
            out.write(type.code);
            keys++;
        }

        public void chunk(List<byte[][]> items) throws IOException {
            out.write(CHUNK);
            out.writeInt(items.size());
            for (byte[][] item : items) {
                item(item);
            }
        }

        public void group(byte[][] item) throws IOException {
            out.write(GROUP);
            item(item);
        }

        /** A consumer of the consumer group written last. */
        public void consumer(byte[][] item) throws IOException {
            out.write(CONSUMER);
            item(item);
        }

        /** A chunk of the pending entries list of the consumer group written last. */
        public void pending(List<byte[][]> items) throws IOException {
            out.write(PENDING);
            out.writeInt(items.size());
            for (byte[][] item : items) {
                item(item);
            }
        }

        public void end() throws IOException {
            out.write(END);
        }

        /** Writes the trailer and flushes; the caller closes the part. */
        public void finish() throws IOException {
            out.write(TRAILER);
            out.writeLong(keys);
            out.flush();
        }

        public long keys() {
            return keys;
        }

        private void item(byte[][] fields) throws IOException {
            out.writeInt(fields.length);
            for (byte[] f : fields) {
                bytes(f);
            }
        }

        private void bytes(byte[] b) throws IOException {
            out.writeInt(b.length);
            out.write(b);
        }
    }

    /** What a reader hands its visitor. */
    public interface Visitor {
        void whole(byte[] key, long expireAt, byte[] payload) throws Exception;

        void begin(byte[] key, long expireAt, KeyType type) throws Exception;

        void chunk(List<byte[][]> items) throws Exception;

        void group(byte[][] item) throws Exception;

        /** A consumer (name, idle ms) of the group handed last; absent from older parts. */
        default void consumer(byte[][] item) throws Exception {
        }

        /** Pending entries (id, consumer, idle ms, deliveries) of the group handed last; absent from older parts. */
        default void pending(List<byte[][]> items) throws Exception {
        }

        void end() throws Exception;
    }

    /**
     * Reads a part to its end, handing each record to the visitor and the database to
     * {@code dbSeen}; returns the keys read.
     */
    public static long read(InputStream in, String part, IntConsumerWithDb dbSeen, Visitor visitor) throws Exception {
        try {
            return records(new DataInputStream(in), part, dbSeen, visitor);
        } catch (EOFException e) {
            throw corrupt(part, "it ends inside a record (truncated)");
        }
    }

    private static long records(DataInputStream data, String part, IntConsumerWithDb dbSeen, Visitor visitor)
            throws Exception {
        byte[] magic = new byte[4];
        try {
            data.readFully(magic);
        } catch (EOFException e) {
            throw corrupt(part, "it is empty");
        }
        if (!java.util.Arrays.equals(magic, MAGIC)) {
            throw corrupt(part, "it does not start with CRL1");
        }
        dbSeen.db(data.readInt());
        long keys = 0;
        boolean inKey = false;
        while (true) {
            int tag = data.read();
            switch (tag) {
                case WHOLE -> {
                    visitor.whole(bytes(data, part), data.readLong(), bytes(data, part));
                    keys++;
                }
                case BEGIN -> {
                    byte[] key = bytes(data, part);
                    long expireAt = data.readLong();
                    visitor.begin(key, expireAt, KeyType.of(data.readUnsignedByte(), part));
                    inKey = true;
                    keys++;
                }
                case CHUNK -> visitor.chunk(items(data, part));
                case GROUP -> visitor.group(item(data, part));
                case CONSUMER -> visitor.consumer(item(data, part));
                case PENDING -> visitor.pending(items(data, part));
                case END -> {
                    visitor.end();
                    inKey = false;
                }
                case TRAILER -> {
                    long declared = data.readLong();
                    if (declared != keys || inKey) {
                        throw corrupt(part, "its trailer says " + declared + " keys, " + keys + " were read");
                    }
                    if (data.read() != -1) {
                        throw corrupt(part, "bytes follow its trailer");
                    }
                    return keys;
                }
                case -1 -> throw corrupt(part, "it ends without its trailer (truncated)");
                default -> throw corrupt(part, "unknown record tag " + tag);
            }
        }
    }

    /** Receives the part's logical database number. */
    @FunctionalInterface
    public interface IntConsumerWithDb {
        void db(int db);
    }

    private static List<byte[][]> items(DataInputStream in, String part) throws IOException {
        int n = in.readInt();
        if (n < 0) {
            throw corrupt(part, "a chunk claims " + n + " items");
        }
        List<byte[][]> items = new ArrayList<>(Math.min(n, 4096));
        for (int i = 0; i < n; i++) {
            items.add(item(in, part));
        }
        return items;
    }

    private static byte[][] item(DataInputStream in, String part) throws IOException {
        int n = in.readInt();
        if (n < 0 || n > 1_000_000) {
            throw corrupt(part, "an item claims " + n + " fields");
        }
        byte[][] fields = new byte[n][];
        for (int i = 0; i < n; i++) {
            fields[i] = bytes(in, part);
        }
        return fields;
    }

    private static byte[] bytes(DataInputStream in, String part) throws IOException {
        int n = in.readInt();
        if (n < 0) {
            throw corrupt(part, "a negative length");
        }
        byte[] b = in.readNBytes(n);
        if (b.length != n) {
            throw corrupt(part, "it ends inside a record (truncated)");
        }
        return b;
    }

    private static BackupException corrupt(String part, String why) {
        return new BackupException("part " + part + " is not a redis-logical part: " + why);
    }
}
