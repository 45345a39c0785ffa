package dev.custodian.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.custodian.Custodian;
import dev.custodian.backup.BackupOptions;
import dev.custodian.backup.ProgressListener;
import dev.custodian.backup.RestoreOptions;
import dev.custodian.backup.VerifyLevel;
import dev.custodian.backup.VerifyReport;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.params.XClaimParams;
import redis.clients.jedis.params.XReadGroupParams;

/**
 * Consumer groups of streams round trip through a logical backup with their consumers and pending
 * entries lists, both for a stream read in chunks (above the large-key threshold) and for a small
 * one kept as its DUMP payload; XINFO STREAM FULL is the oracle.
 */
class RedisStreamGroupsTest {
    private static final String BIG = "big:stream";
    private static final String SMALL = "small:stream";
    private static final long THRESHOLD = 192 * 1024;

    @Test
    void consumersAndPendingEntriesSurviveBackupFlushallRestore(@TempDir Path dir) throws Exception {
        try (RedisServerProcess server = RedisServerProcess.start(dir.resolve("server"))) {
            Set<String> deleted;
            try (Jedis j = server.jedis()) {
                deleted = fill(j, BIG, 3000);
                fill(j, SMALL, 200);
                assertThat(j.memoryUsage(BIG)).isGreaterThan(2 * THRESHOLD);
                assertThat(j.memoryUsage(SMALL)).isLessThan(THRESHOLD);
            }
            Map<String, Object> big = full(server, BIG);
            Map<String, Object> small = full(server, SMALL);
            Set<String> pendingAtSource = new java.util.HashSet<>(pel(big, "g1").keySet());
            pendingAtSource.addAll(pel(big, "g2").keySet());
            assertThat(pendingAtSource).as("deleted entries still pending at the source").containsAll(deleted);
            String digest = server.digest();
            Path store = dir.resolve("store");
            long backupStart = System.currentTimeMillis();
            try (RedisEngine engine = RedisEngine.builder(server.url()).largeKeyBytes(THRESHOLD)
                    .scanCount(100).build(); Custodian db = Custodian.builder(engine).build()) {
                assertThat(db.backups(store).backup(BackupOptions.defaults(), ProgressListener.none()).totalRows())
                        .isEqualTo(2);
                try (Jedis j = server.jedis()) {
                    j.flushAll();
                }
                db.backups(store).restore("latest", RestoreOptions.defaults(), ProgressListener.none());
            }
            long restoreEnd = System.currentTimeMillis();
            assertThat(server.digest()).isEqualTo(digest);
            assertSame(full(server, BIG), big, deleted, restoreEnd - backupStart);
            assertSame(full(server, SMALL), small, Set.of(), restoreEnd - backupStart);

            VerifyReport v = Custodian.catalog(store).verify("latest", VerifyLevel.DECODE, ProgressListener.none());
            assertThat(v.problems()).isEmpty();
            assertThat(String.join("\n", v.checked())).contains("db0: 2 key(s)");
        }
    }

    @Test
    void theRespExportRebuildsTheGroupsToo(@TempDir Path dir) throws Exception {
        try (RedisServerProcess source = RedisServerProcess.start(dir.resolve("source"));
                RedisServerProcess target = RedisServerProcess.start(dir.resolve("target"))) {
            Set<String> deleted;
            try (Jedis j = source.jedis()) {
                deleted = fill(j, BIG, 1500);
            }
            Map<String, Object> big = full(source, BIG);
            Path store = dir.resolve("store");
            long backupStart = System.currentTimeMillis();
            try (RedisEngine engine = RedisEngine.builder(source.url()).largeKeyBytes(THRESHOLD)
                    .scanCount(64).build(); Custodian db = Custodian.builder(engine).build()) {
                db.backups(store).backup(BackupOptions.defaults(), ProgressListener.none());
            }
            Path file = Custodian.catalog(store).export("latest", dir.resolve("export.resp"));
            Process p = new ProcessBuilder("redis-cli", "-p", Integer.toString(target.port()), "--pipe")
                    .redirectInput(file.toFile()).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(out).contains("errors: 0");
            assertSame(full(target, BIG), big, deleted, System.currentTimeMillis() - backupStart);
            assertThat(target.digest()).isEqualTo(source.digest());
        }
    }

    /**
     * A stream of {@code n} entries with two groups: g1 (alice, bob, carol with nothing pending;
     * some of alice's pending entries deleted from the stream, some acknowledged, some claimed by
     * bob with other delivery counts and idle times) and g2 (dave reading most of the stream, and
     * erin whose only pending entries were deleted). Returns the ids deleted while pending.
     */
    private static Set<String> fill(Jedis j, String key, int n) {
        Pipeline p = j.pipelined();
        for (int i = 0; i < n; i++) {
            p.xadd(key, StreamEntryID.NEW_ENTRY, Map.of("i", Integer.toString(i), "pad", "x".repeat(20)));
        }
        p.sync();
        j.xgroupCreate(key, "g1", new StreamEntryID(), false);
        j.xgroupCreate(key, "g2", new StreamEntryID(), false);
        j.xgroupCreate(key, "g3-untouched", StreamEntryID.XGROUP_LAST_ENTRY, false);
        List<String> alice = read(j, key, "g1", "alice", n / 10);
        List<String> bob = read(j, key, "g1", "bob", n / 20);
        j.xgroupCreateConsumer(key, "g1", "carol");
        j.xack(key, "g1", id(alice.get(0)), id(alice.get(1)));
        j.xclaimJustId(key, "g1", "bob", 0, XClaimParams.xClaimParams().idle(60_000).retryCount(5),
                id(alice.get(2)), id(alice.get(3)), id(alice.get(4)));
        j.xclaimJustId(key, "g1", "alice", 0, XClaimParams.xClaimParams().idle(3_600_000).retryCount(2),
                id(bob.get(bob.size() - 1)));
        read(j, key, "g2", "dave", n * 2 / 3);
        List<String> erin = read(j, key, "g2", "erin", 2);
        Set<String> deleted = Set.of(alice.get(10), alice.get(11), erin.get(0), erin.get(1));
        deleted.forEach(d -> j.xdel(key, id(d)));
        return deleted;
    }

    private static List<String> read(Jedis j, String key, String group, String consumer, int count) {
        List<String> ids = new ArrayList<>();
        for (var stream : j.xreadGroup(group, consumer, XReadGroupParams.xReadGroupParams().count(count),
                Map.of(key, StreamEntryID.XREADGROUP_UNDELIVERED_ENTRY))) {
            stream.getValue().forEach(e -> ids.add(e.getID().toString()));
        }
        assertThat(ids).hasSize(count);
        return ids;
    }

    private static StreamEntryID id(String id) {
        return new StreamEntryID(id);
    }

    /** Compares restored and source XINFO STREAM FULL, the source minus pending entries deleted from the stream. */
    @SuppressWarnings("unchecked")
    private static void assertSame(Map<String, Object> restored, Map<String, Object> source, Set<String> deleted,
            long elapsedMillis) {
        for (String f : List.of("length", "last-generated-id", "max-deleted-entry-id", "entries-added",
                "recorded-first-entry-id")) {
            assertThat(restored.get(f)).as(f).isEqualTo(source.get(f));
        }
        Map<String, Map<String, Object>> groups = (Map<String, Map<String, Object>>) source.get("groups");
        assertThat(((Map<String, Object>) restored.get("groups")).keySet()).containsExactlyElementsOf(groups.keySet());
        for (var g : groups.entrySet()) {
            Map<String, Object> was = g.getValue();
            Map<String, Object> now = ((Map<String, Map<String, Object>>) restored.get("groups")).get(g.getKey());
            assertThat(now.get("last-delivered-id")).as(g.getKey()).isEqualTo(was.get("last-delivered-id"));
            assertThat(now.get("entries-read")).as(g.getKey()).isEqualTo(was.get("entries-read"));
            Map<String, List<Long>> expected = new TreeMap<>(pel(source, g.getKey()));
            deleted.forEach(expected::remove);
            Map<String, List<Long>> actual = pel(restored, g.getKey());
            assertThat(actual.keySet()).as(g.getKey() + " PEL ids").containsExactlyElementsOf(expected.keySet());
            Map<String, String> owners = (Map<String, String>) now.get("owners");
            Map<String, String> wasOwners = (Map<String, String>) was.get("owners");
            for (var e : expected.entrySet()) {
                assertThat(owners.get(e.getKey())).as("consumer of " + e.getKey()).isEqualTo(wasOwners.get(e.getKey()));
                assertThat(actual.get(e.getKey()).get(1)).as("deliveries of " + e.getKey()).isEqualTo(e.getValue().get(1));
                long shift = actual.get(e.getKey()).get(0) - e.getValue().get(0);
                assertThat(shift).as("delivery time of " + e.getKey()).isBetween(-5L, elapsedMillis + 5);
            }
            Map<String, Long> consumers = (Map<String, Long>) was.get("consumers");
            Map<String, Long> expectedConsumers = new TreeMap<>();
            consumers.keySet().forEach(c -> expectedConsumers.put(c, 0L));
            expected.keySet().forEach(id -> expectedConsumers.merge(wasOwners.get(id), 1L, Long::sum));
            assertThat(now.get("consumers")).as(g.getKey() + " consumers and their pel-count").isEqualTo(expectedConsumers);
            assertThat(now.get("pel-count")).isEqualTo((long) expected.size());
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, List<Long>> pel(Map<String, Object> full, String group) {
        return (Map<String, List<Long>>) ((Map<String, Map<String, Object>>) full.get("groups")).get(group).get("pel");
    }

    /**
     * XINFO STREAM key FULL COUNT 0, as: the stream's own fields; groups by name, each with its
     * ids, pel-count, pel (id → [delivery time, delivery count]), owners (id → consumer) and
     * consumers (name → pel-count).
     */
    private static Map<String, Object> full(RedisServerProcess server, String key) {
        List<Object> reply;
        try (Jedis j = server.jedis()) {
            reply = list(j.sendCommand(RedisServerProcess.cmd("XINFO"), b("STREAM"), b(key), b("FULL"), b("COUNT"),
                    b("0")));
        }
        Map<String, Object> out = new LinkedHashMap<>();
        Map<String, Object> info = pairs(reply);
        info.forEach((k, v) -> {
            if (!k.equals("groups") && !k.equals("entries")) {
                out.put(k, text(v));
            }
        });
        Map<String, Object> groups = new TreeMap<>();
        for (Object g : list(info.get("groups"))) {
            Map<String, Object> group = pairs(list(g));
            Map<String, Object> norm = new LinkedHashMap<>();
            norm.put("last-delivered-id", text(group.get("last-delivered-id")));
            norm.put("entries-read", text(group.get("entries-read")));
            norm.put("pel-count", group.get("pel-count"));
            Map<String, List<Long>> pel = new TreeMap<>();
            Map<String, String> owners = new TreeMap<>();
            for (Object e : list(group.get("pending"))) {
                List<Object> entry = list(e);
                pel.put(text(entry.get(0)), List.of((Long) entry.get(2), (Long) entry.get(3)));
                owners.put(text(entry.get(0)), text(entry.get(1)));
            }
            Map<String, Long> consumers = new TreeMap<>();
            for (Object c : list(group.get("consumers"))) {
                Map<String, Object> consumer = pairs(list(c));
                consumers.put(text(consumer.get("name")), (Long) consumer.get("pel-count"));
            }
            norm.put("pel", pel);
            norm.put("owners", owners);
            norm.put("consumers", consumers);
            groups.put(text(group.get("name")), norm);
        }
        out.put("groups", groups);
        return out;
    }

    private static Map<String, Object> pairs(List<Object> flat) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i + 1 < flat.size(); i += 2) {
            m.put(text(flat.get(i)), flat.get(i + 1));
        }
        return m;
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Object o) {
        return (List<Object>) o;
    }

    private static String text(Object o) {
        return o instanceof byte[] bytes ? new String(bytes, StandardCharsets.UTF_8) : String.valueOf(o);
    }

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
