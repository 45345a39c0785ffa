package dev.custodian.redis.internal.schedule;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.custodian.CustodianException;
import dev.custodian.redis.internal.RedisNode;
import dev.custodian.spi.RunLedger;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The run ledger of a Redis database: the hash {@code custodian:runs}, a field per slot
 * ({@code <job> <slot epoch ms>}) holding the entry as JSON. Closing an entry is a script that
 * checks its token, so a holder that lost its lock cannot close a slot another instance took.
 * {@link #drop()} removes the hash and the lock tokens.
 */
final class RedisRunLedger implements RunLedger {
    static final String RUNS = "custodian:runs";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String FINISH = "local v = redis.call('HGET', KEYS[1], ARGV[1])"
            + " if not v then return 0 end local e = cjson.decode(v)"
            + " if tonumber(e.token) ~= tonumber(ARGV[2]) or tonumber(e.ended) ~= 0 then return 0 end"
            + " redis.call('HSET', KEYS[1], ARGV[1], ARGV[3]) return 1";
    private static final String ABANDON = "local n = 0 local all = redis.call('HGETALL', KEYS[1])"
            + " for i = 1, #all, 2 do local e = cjson.decode(all[i + 1])"
            + " if e.job == ARGV[1] and tonumber(e.ended) == 0 and tonumber(e.token) < tonumber(ARGV[2]) then"
            + " e.ended = tonumber(ARGV[3]) e.outcome = 'abandoned' e.detail = 'its holder lost the lock'"
            + " redis.call('HSET', KEYS[1], all[i], cjson.encode(e)) n = n + 1 end end return n";

    private final RedisNode node;

    RedisRunLedger(RedisNode node) {
        this.node = node;
    }

    private static String field(String job, Instant slot) {
        return job + " " + slot.toEpochMilli();
    }

    @Override
    public boolean claim(Entry e) {
        return node.call("claim of " + e.job(), j -> j.hsetnx(RUNS, field(e.job(), e.slot()), encode(e))) == 1;
    }

    @Override
    public boolean finish(String job, Instant slot, long token, String outcome, Instant ended, String setId,
            String detail) {
        Optional<Entry> open = entry(job, slot);
        if (open.isEmpty()) {
            return false;
        }
        Entry e = open.get();
        Entry closed = new Entry(job, slot, e.instance(), e.started(), ended, outcome, token, setId,
                detail == null ? e.detail() : detail);
        Object done = node.call("closing " + job, j -> j.eval(FINISH, List.of(RUNS),
                List.of(field(job, slot), Long.toString(token), encode(closed))));
        return Long.valueOf(1).equals(done);
    }

    @Override
    public int abandonOlder(String job, long token, Instant ended) {
        Object n = node.call("closing abandoned runs of " + job, j -> j.eval(ABANDON, List.of(RUNS),
                List.of(job, Long.toString(token), Long.toString(ended.toEpochMilli()))));
        return n instanceof Long l ? l.intValue() : 0;
    }

    @Override
    public Optional<Entry> entry(String job, Instant slot) {
        String v = node.call("reading " + job, j -> j.hget(RUNS, field(job, slot)));
        return v == null ? Optional.empty() : Optional.of(decode(v));
    }

    @Override
    public List<Entry> recent(String job, int limit) {
        Map<String, String> all = node.call("reading the ledger", j -> j.hgetAll(RUNS));
        List<Entry> out = new ArrayList<>();
        for (String v : all.values()) {
            Entry e = decode(v);
            if (job == null || job.equals(e.job())) {
                out.add(e);
            }
        }
        out.sort(Comparator.comparing(Entry::slot).reversed().thenComparing(Entry::job));
        return out.size() > limit ? List.copyOf(out.subList(0, limit)) : out;
    }

    @Override
    public long currentToken(String lockName) {
        String v = node.call("reading a token", j -> j.get(RedisClusterLock.TOKEN_PREFIX + lockName));
        return v == null ? 0 : Long.parseLong(v);
    }

    @Override
    public void drop() {
        node.call("dropping the ledger", j -> {
            j.del(RUNS);
            for (String prefix : List.of(RedisClusterLock.TOKEN_PREFIX, RedisClusterLock.LOCK_PREFIX)) {
                for (String key : j.keys(prefix + "*")) {
                    j.del(key);
                }
            }
            return null;
        });
    }

    private static String encode(Entry e) {
        ObjectNode o = JSON.createObjectNode();
        o.put("job", e.job());
        o.put("slot", e.slot().toEpochMilli());
        o.put("instance", e.instance());
        o.put("started", e.started().toEpochMilli());
        o.put("ended", e.ended() == null ? 0 : e.ended().toEpochMilli());
        o.put("outcome", e.outcome());
        o.put("token", e.token());
        o.put("setId", e.setId());
        o.put("detail", e.detail());
        return o.toString();
    }

    private static Entry decode(String v) {
        try {
            JsonNode o = JSON.readTree(v);
            long ended = o.path("ended").asLong(0);
            return new Entry(o.path("job").asText(), Instant.ofEpochMilli(o.path("slot").asLong()),
                    o.path("instance").asText(), Instant.ofEpochMilli(o.path("started").asLong()),
                    ended == 0 ? null : Instant.ofEpochMilli(ended), o.path("outcome").asText(), o.path("token").asLong(),
                    text(o.path("setId")), text(o.path("detail")));
        } catch (IOException e) {
            throw new CustodianException("the run ledger " + RUNS + " holds an entry that is not JSON", e);
        }
    }

    private static String text(JsonNode n) {
        return n.isMissingNode() || n.isNull() ? null : n.asText();
    }
}
