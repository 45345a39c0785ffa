package dev.custodian.cli;

import static dev.custodian.cli.Cli.run;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.StreamEntryID;

/** The CLI against redis:// URLs: health exit codes, backup, list, verify, restore, export, --mode rdb. */
class RedisCliTest {
    private static final Set<String> CORE_PROBES = Set.of("process", "accepting-work");

    @TempDir
    Path dir;

    private static void data(RedisServers server) {
        try (Jedis j = server.jedis()) {
            for (int db : new int[] {0, 3}) {
                j.select(db);
                j.set("s", "v" + db);
                j.hset("h", Map.of("a", "1", "b", "2"));
                j.rpush("l", "x", "y");
                j.sadd("set", "m");
                j.zadd("z", 2.5, "m");
                j.pexpire("h", 600_000);
                j.xadd("stream", StreamEntryID.NEW_ENTRY, Map.of("f", "v"));
                j.xgroupCreate("stream", "g", new StreamEntryID(), false);
            }
        }
    }

    @Test
    void healthIsUpWithSixEngineProbesAndExitsZero() throws Exception {
        try (RedisServers server = RedisServers.start(dir.resolve("s"))) {
            Cli.Run r = run("health", "--url", server.url(), "--json").succeeds();
            JsonNode report = new ObjectMapper().readTree(r.out());
            assertThat(report.get("status").asText()).isEqualTo("UP");
            assertThat(report.get("engine").asText()).isEqualTo("redis");
            long engineProbes = 0;
            for (JsonNode p : report.get("probes")) {
                engineProbes += CORE_PROBES.contains(p.get("name").asText()) ? 0 : 1;
            }
            assertThat(engineProbes).isGreaterThanOrEqualTo(6);
            assertThat(run("health", "--url", server.url()).succeeds().out()).startsWith("redis ");
        }
    }

    @Test
    void aFullServerIsReportedByMemoryWithANonZeroExit() throws Exception {
        try (RedisServers server = RedisServers.start(dir.resolve("s"), "--maxmemory", "3mb",
                "--maxmemory-policy", "noeviction")) {
            try (Jedis j = server.jedis()) {
                byte[] value = new byte[1024];
                for (int b = 0; b < 10; b++) {
                    Pipeline p = j.pipelined();
                    for (int i = 0; i < 500; i++) {
                        p.set(("k" + b + ":" + i).getBytes(), value);
                    }
                    try {
                        p.sync();
                    } catch (RuntimeException oom) {
                        // refused at the limit
                    }
                }
            }
            Cli.Run r = run("health", "--url", server.url(), "--json");
            JsonNode report = new ObjectMapper().readTree(r.out());
            String status = report.get("status").asText();
            assertThat(status).isIn("DEGRADED", "DOWN");
            r.exits(status.equals("DOWN") ? 2 : 1);
            JsonNode memory = null;
            for (JsonNode p : report.get("probes")) {
                if (p.get("name").asText().equals("memory")) {
                    memory = p;
                }
            }
            assertThat(memory.get("status").asText()).isEqualTo(status);
            assertThat(memory.get("summary").asText()).contains("maxmemory", "noeviction");
        }
    }

    @Test
    void aReplicaWhoseMasterIsGoneExitsTwo() throws Exception {
        RedisServers primary = RedisServers.start(dir.resolve("p"));
        try (RedisServers replica = RedisServers.start(dir.resolve("r"), "--replicaof", "127.0.0.1",
                Integer.toString(primary.port))) {
            primary.close();
            Cli.Run r = run("health", "--url", replica.url()).exits(2);
            assertThat(r.out()).contains("replication").contains("DOWN");
        } finally {
            primary.close();
        }
    }

    @Test
    void backupListVerifyRestoreAndExport() throws Exception {
        try (RedisServers server = RedisServers.start(dir.resolve("s"))) {
            data(server);
            String digest = server.digest();
            Path store = dir.resolve("store");
            Cli.Run b = run("backup", "--url", server.url(), "--to", store.toString()).succeeds();
            String id = b.lastOutLine();
            assertThat(b.out()).contains("Backup complete: 2 part(s), 12 rows");
            assertThat(run("list", "--from", store.toString()).succeeds().out()).contains(id).contains("redis");
            assertThat(run("verify", "--from", store.toString()).succeeds().out()).contains("decodes");
            run("restore", "--url", server.url(), "--from", store.toString()).failsWith(1, "--clean", "db0");
            try (Jedis j = server.jedis()) {
                j.flushAll();
                j.set("stray", "x");
            }
            Cli.Run restored = run("restore", "--url", server.url(), "--from", store.toString(), "--clean").succeeds();
            assertThat(restored.out()).contains("db0").contains("db3");
            assertThat(server.digest()).isEqualTo(digest);
            Path resp = dir.resolve("export.resp");
            run("export", "--from", store.toString(), "--to", resp.toString()).succeeds();
            try (RedisServers other = RedisServers.start(dir.resolve("o"))) {
                String out = RedisServers.runTool("sh", "-c", "redis-cli -p " + other.port + " --pipe < " + resp);
                assertThat(out).contains("errors: 0");
                assertThat(other.digest()).isEqualTo(digest);
            }
        }
    }

    @Test
    void modeRdbTakesASnapshotThatExportsToADumpRdb() throws Exception {
        try (RedisServers server = RedisServers.start(dir.resolve("s"), "--requirepass", "cli-Secret-1")) {
            data(server);
            String url = "redis://:cli-Secret-1@127.0.0.1:" + server.port;
            Path store = dir.resolve("store");
            Cli.Run b = run("backup", "--url", url, "--to", store.toString(), "--mode", "rdb").succeeds()
                    .neverShows("cli-Secret-1");
            assertThat(b.out()).contains("1 part(s), 12 rows");
            assertThat(run("list", "--from", store.toString(), "--json").succeeds().out()).contains("redis-rdb");
            assertThat(run("verify", "--from", store.toString()).succeeds().out()).contains("CRC-64 ok");
            Path rdb = dir.resolve("dump.rdb");
            run("export", "--from", store.toString(), "--to", rdb.toString()).succeeds();
            assertThat(RedisServers.runTool("redis-check-rdb", rdb.toString())).contains("RDB looks OK");
            run("backup", "--url", url, "--to", store.toString(), "--mode", "nope").failsWith(1, "nope")
                    .neverShows("cli-Secret-1");
            run("health", "--url", "redis://:wrong-cli-Secret-1@127.0.0.1:" + server.port)
                    .neverShows("cli-Secret-1");
        }
    }
}
