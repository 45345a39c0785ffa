package dev.custodian.redis.internal.backup;

import java.util.ArrayList;
import java.util.List;

/**
 * Turns the records of a {@code redis-logical} part into the commands that recreate its keys:
 * {@code RESTORE … REPLACE ABSTTL} for whole keys; for large keys {@code DEL}, then commands by
 * type, the stream's id and groups, and {@code PEXPIREAT}. A group's consumers come back with
 * {@code XGROUP CREATECONSUMER} and its pending entries with {@code XCLAIM … IDLE … RETRYCOUNT …
 * FORCE JUSTID}, one per entry, pipelined; XCLAIM skips ids no longer in the stream (entries
 * deleted after delivery), so their pending entries are not restored. The group's last delivered
 * id and entries read are then set again with {@code XGROUP SETID}.
 */
public final class RecordCommands implements KeyRecords.Visitor {
    private static final byte[] RESTORE = Raw.b("RESTORE");
    private static final byte[] REPLACE = Raw.b("REPLACE");
    private static final byte[] ABSTTL = Raw.b("ABSTTL");
    private static final byte[] ZERO = Raw.b(0);
    private final CommandSink sink;
    private final boolean absTtl;
    private final boolean createConsumers;
    private byte[] key;
    private long expireAt;
    private KeyType type;
    private long keys;
    private byte[][] group;
    private boolean claimed;

    RecordCommands(CommandSink sink, boolean absTtl) {
        this(sink, absTtl, true);
    }

    /**
     * With {@code createConsumers} false (a target older than 6.2 has no XGROUP CREATECONSUMER),
     * only consumers with pending entries come back, created by their claims.
     */
    RecordCommands(CommandSink sink, boolean absTtl, boolean createConsumers) {
        this.sink = sink;
        this.absTtl = absTtl;
        this.createConsumers = createConsumers;
    }

    long keys() {
        return keys;
    }

    @Override
    public void whole(byte[] k, long at, byte[] payload) throws Exception {
        keys++;
        if (absTtl) {
            sink.send(RESTORE, k, at > 0 ? Raw.b(at) : ZERO, payload, REPLACE, ABSTTL);
            return;
        }
        long ttl = at > 0 ? at - System.currentTimeMillis() : 0;
        if (at > 0 && ttl <= 0) {
            sink.send(Raw.b("DEL"), k);
            return;
        }
        sink.send(Raw.b("RESTORE"), k, Raw.b(ttl), payload, Raw.b("REPLACE"));
    }

    @Override
    public void begin(byte[] k, long at, KeyType t) throws Exception {
        keys++;
        key = k;
        expireAt = at;
        type = t;
        sink.send(Raw.b("DEL"), k);
    }

    @Override
    public void chunk(List<byte[][]> items) throws Exception {
        switch (type) {
            case STRING -> {
                for (byte[][] item : items) {
                    sink.send(Raw.b("APPEND"), key, item[0]);
                }
            }
            case HASH -> sink.send(flat("HSET", items, false));
            case SET -> sink.send(flat("SADD", items, false));
            case LIST -> sink.send(flat("RPUSH", items, false));
            case ZSET -> sink.send(flat("ZADD", items, true));
            case STREAM -> {
                for (byte[][] item : items) {
                    byte[][] cmd = new byte[item.length + 2][];
                    cmd[0] = Raw.b("XADD");
                    cmd[1] = key;
                    System.arraycopy(item, 0, cmd, 2, item.length);
                    sink.send(cmd);
                }
            }
            default -> throw new IllegalStateException(String.valueOf(type));
        }
    }

    private byte[][] flat(String command, List<byte[][]> items, boolean swap) {
        List<byte[]> args = new ArrayList<>();
        args.add(Raw.b(command));
        args.add(key);
        for (byte[][] item : items) {
            if (swap) {
                args.add(item[1]);
                args.add(item[0]);
            } else {
                for (byte[] f : item) {
                    args.add(f);
                }
            }
        }
        return args.toArray(new byte[0][]);
    }

    @Override
    public void group(byte[][] item) throws Exception {
        finishGroup();
        if (item.length == 4) {
            List<byte[]> args = new ArrayList<>(List.of(Raw.b("XSETID"), key, item[1]));
            if (item[2].length > 0 && item[3].length > 0) {
                args.addAll(List.of(Raw.b("ENTRIESADDED"), item[2], Raw.b("MAXDELETEDID"), item[3]));
            }
            sink.send(args.toArray(new byte[0][]));
        } else {
            List<byte[]> args = new ArrayList<>(List.of(Raw.b("XGROUP"), Raw.b("CREATE"), key, item[0], item[1],
                    Raw.b("MKSTREAM")));
            if (item[2].length > 0) {
                args.addAll(List.of(Raw.b("ENTRIESREAD"), item[2]));
            }
            sink.send(args.toArray(new byte[0][]));
            group = item;
        }
    }

    @Override
    public void consumer(byte[][] item) throws Exception {
        if (!createConsumers) {
            return;
        }
        sink.send(Raw.b("XGROUP"), Raw.b("CREATECONSUMER"), key, group[0], item[0]);
    }

    @Override
    public void pending(List<byte[][]> items) throws Exception {
        for (byte[][] item : items) {
            sink.send(Raw.b("XCLAIM"), key, group[0], item[1], Raw.b("0"), item[0], Raw.b("IDLE"), item[2],
                    Raw.b("RETRYCOUNT"), item[3], Raw.b("FORCE"), Raw.b("JUSTID"));
        }
        claimed |= !items.isEmpty();
    }

    /** Sets the group's last delivered id and entries read again where claims may have moved them. */
    private void finishGroup() throws Exception {
        if (group != null && claimed) {
            List<byte[]> args = new ArrayList<>(List.of(Raw.b("XGROUP"), Raw.b("SETID"), key, group[0], group[1]));
            if (group[2].length > 0) {
                args.addAll(List.of(Raw.b("ENTRIESREAD"), group[2]));
            }
            sink.send(args.toArray(new byte[0][]));
        }
        group = null;
        claimed = false;
    }

    @Override
    public void end() throws Exception {
        finishGroup();
        if (expireAt > 0) {
            sink.send(Raw.b("PEXPIREAT"), key, Raw.b(expireAt));
        }
        key = null;
        type = null;
    }
}
