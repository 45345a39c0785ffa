package dev.custodian.redis.internal.backup;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisDataException;

/**
 * Reads one large key in bounded chunks by type (GETRANGE, HSCAN, SSCAN, ZSCAN, LRANGE, XRANGE
 * plus the stream's id and groups), so memory holds one chunk at a time. Consumer groups keep
 * their last delivered id and entries read, their consumers, and their pending entries lists
 * (XPENDING in pages of the chunk size: id, consumer, idle time, delivery count).
 */
public final class ChunkedKeys {
    private static final int STRING_SLICE = 1024 * 1024;
    private final Jedis j;
    private final int count;

    ChunkedKeys(Jedis j, int count) {
        this.j = j;
        this.count = count;
    }

    void write(byte[] key, KeyType type, KeyRecords.Writer out) throws IOException {
        switch (type) {
            case STRING -> string(key, out);
            case HASH -> scan("HSCAN", key, 2, out);
            case SET -> scan("SSCAN", key, 1, out);
            case ZSET -> scan("ZSCAN", key, 2, out);
            case LIST -> list(key, out);
            case STREAM -> stream(key, out);
            default -> throw new IllegalStateException(type.name());
        }
    }

    private void string(byte[] key, KeyRecords.Writer out) throws IOException {
        long length = j.strlen(key);
        for (long start = 0; start < length; start += STRING_SLICE) {
            byte[] slice = j.getrange(key, start, Math.min(length, start + STRING_SLICE) - 1);
            if (slice.length == 0) {
                return;
            }
            out.chunk(List.<byte[][]>of(new byte[][] {slice}));
        }
    }

    private void scan(String command, byte[] key, int width, KeyRecords.Writer out) throws IOException {
        byte[] cursor = Raw.b("0");
        do {
            List<Object> reply = Raw.list(Raw.call(j, command, key, cursor, Raw.b("COUNT"), Raw.b(count)));
            cursor = (byte[]) reply.get(0);
            List<Object> flat = Raw.list(reply.get(1));
            List<byte[][]> items = new ArrayList<>(flat.size() / width);
            for (int i = 0; i + width - 1 < flat.size(); i += width) {
                byte[][] item = new byte[width][];
                for (int w = 0; w < width; w++) {
                    item[w] = (byte[]) flat.get(i + w);
                }
                items.add(item);
            }
            if (!items.isEmpty()) {
                out.chunk(items);
            }
        } while (!"0".equals(new String(cursor, StandardCharsets.US_ASCII)));
    }

    private void list(byte[] key, KeyRecords.Writer out) throws IOException {
        for (long start = 0;; start += count) {
            List<byte[]> page = j.lrange(key, start, start + count - 1);
            if (page.isEmpty()) {
                return;
            }
            List<byte[][]> items = new ArrayList<>(page.size());
            page.forEach(e -> items.add(new byte[][] {e}));
            out.chunk(items);
            if (page.size() < count) {
                return;
            }
        }
    }

    private void stream(byte[] key, KeyRecords.Writer out) throws IOException {
        byte[] start = Raw.b("-");
        while (true) {
            List<Object> page = Raw.list(Raw.call(j, "XRANGE", key, start, Raw.b("+"), Raw.b("COUNT"), Raw.b(count)));
            if (page.isEmpty()) {
                break;
            }
            List<byte[][]> items = new ArrayList<>(page.size());
            byte[] last = null;
            for (Object o : page) {
                List<Object> entry = Raw.list(o);
                last = (byte[]) entry.get(0);
                List<Object> fields = Raw.list(entry.get(1));
                byte[][] item = new byte[fields.size() + 1][];
                item[0] = last;
                for (int i = 0; i < fields.size(); i++) {
                    item[i + 1] = (byte[]) fields.get(i);
                }
                items.add(item);
            }
            out.chunk(items);
            if (page.size() < count) {
                break;
            }
            start = Raw.b("(" + new String(last, StandardCharsets.US_ASCII));
        }
        List<Object> info = Raw.list(Raw.call(j, "XINFO", Raw.b("STREAM"), key));
        out.group(new byte[][] {Raw.b(""), field(info, "last-generated-id"), field(info, "entries-added"),
                field(info, "max-deleted-entry-id")});
        for (Object g : Raw.list(Raw.call(j, "XINFO", Raw.b("GROUPS"), key))) {
            List<Object> group = Raw.list(g);
            byte[] name = field(group, "name");
            out.group(new byte[][] {name, field(group, "last-delivered-id"), field(group, "entries-read")});
            try {
                consumers(key, name, out);
                pending(key, name, out);
            } catch (JedisDataException e) {
                if (!String.valueOf(e.getMessage()).startsWith("NOGROUP")) {
                    throw e;
                }
                // the group was destroyed while the key was read: it is kept as it was first seen
            }
        }
    }

    private void consumers(byte[] key, byte[] group, KeyRecords.Writer out) throws IOException {
        for (Object c : Raw.list(Raw.call(j, "XINFO", Raw.b("CONSUMERS"), key, group))) {
            List<Object> consumer = Raw.list(c);
            out.consumer(new byte[][] {field(consumer, "name"), field(consumer, "idle")});
        }
    }

    /** The group's pending entries list, paged by id so a page holds at most the chunk size. */
    private void pending(byte[] key, byte[] group, KeyRecords.Writer out) throws IOException {
        byte[] start = Raw.b("-");
        while (start != null) {
            List<Object> page = Raw.list(Raw.call(j, "XPENDING", key, group, start, Raw.b("+"), Raw.b(count)));
            if (page.isEmpty()) {
                return;
            }
            List<byte[][]> items = new ArrayList<>(page.size());
            byte[] last = null;
            for (Object o : page) {
                List<Object> entry = Raw.list(o);
                last = (byte[]) entry.get(0);
                items.add(new byte[][] {last, (byte[]) entry.get(1), Raw.b(Raw.s(entry.get(2))),
                        Raw.b(Raw.s(entry.get(3)))});
            }
            out.pending(items);
            start = page.size() < count ? null : following(last);
        }
    }

    /** The smallest stream id after {@code id} (exclusive ranges need Redis 6.2); null after the last. */
    public static byte[] following(byte[] id) {
        String text = new String(id, StandardCharsets.US_ASCII);
        int dash = text.indexOf('-');
        long ms = Long.parseUnsignedLong(text.substring(0, dash));
        long seq = Long.parseUnsignedLong(text.substring(dash + 1));
        if (seq != -1L) {
            return Raw.b(Long.toUnsignedString(ms) + "-" + Long.toUnsignedString(seq + 1));
        }
        return ms == -1L ? null : Raw.b(Long.toUnsignedString(ms + 1) + "-0");
    }

    /** A value of a flat name/value reply, as bytes; empty when absent or nil. */
    private static byte[] field(List<Object> flat, String name) {
        for (int i = 0; i + 1 < flat.size(); i += 2) {
            if (name.equals(Raw.s(flat.get(i)))) {
                Object v = flat.get(i + 1);
                if (v == null) {
                    return new byte[0];
                }
                return v instanceof byte[] b ? b : Raw.b(String.valueOf(v));
            }
        }
        return new byte[0];
    }
}
