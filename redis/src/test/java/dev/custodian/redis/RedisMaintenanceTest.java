package dev.custodian.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.custodian.Custodian;
import dev.custodian.maintenance.ActionResult;
import dev.custodian.maintenance.MaintenanceReport;
import dev.custodian.maintenance.TaskResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;

class RedisMaintenanceTest {

    private static TaskResult task(MaintenanceReport r, String name) {
        return r.tasks().stream().filter(t -> t.task().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void snapshotWritesADumpRedisCheckRdbAccepts(@TempDir Path dir) throws Exception {
        try (RedisServerProcess server = RedisServerProcess.start(dir);
                Custodian db = Custodian.connect(server.url())) {
            try (Jedis j = server.jedis()) {
                DataSets.everyType(j, 0, 20);
            }
            MaintenanceReport defaults = db.maintain(List.of(), true);
            assertThat(defaults.tasks()).extracting(TaskResult::task).doesNotContain("snapshot", "aof-rewrite");
            MaintenanceReport r = db.maintain(List.of("snapshot"), false);
            assertThat(r.succeeded()).as(r.toText()).isTrue();
            ActionResult a = task(r, "snapshot").actions().get(0);
            assertThat(a.outcome()).isEqualTo(ActionResult.Outcome.DONE);
            assertThat(a.statement()).isEqualTo("BGSAVE");
            Path dump = dir.resolve("dump.rdb");
            assertThat(dump).exists();
            Process check = new ProcessBuilder("redis-check-rdb", dump.toString()).redirectErrorStream(true).start();
            String out = new String(check.getInputStream().readAllBytes());
            assertThat(check.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(out).contains("RDB looks OK");
        }
    }

    @Test
    void aofRewritePlansNothingWithoutAofAndRunsWithIt(@TempDir Path dir) throws Exception {
        try (RedisServerProcess server = RedisServerProcess.start(dir.resolve("off"));
                Custodian db = Custodian.connect(server.url())) {
            assertThat(task(db.maintain(List.of("aof-rewrite"), false), "aof-rewrite").actions()).isEmpty();
        }
        try (RedisServerProcess server = RedisServerProcess.start(dir.resolve("on"), "--appendonly", "yes");
                Custodian db = Custodian.connect(server.url())) {
            try (Jedis j = server.jedis()) {
                for (int i = 0; i < 100; i++) {
                    j.set("k", "v" + i);
                }
            }
            MaintenanceReport r = db.maintain(List.of("aof-rewrite"), false);
            assertThat(r.succeeded()).as(r.toText()).isTrue();
            assertThat(task(r, "aof-rewrite").actions().get(0).detail()).startsWith("rewritten in");
            try (Jedis j = server.jedis()) {
                assertThat(j.info("persistence")).contains("aof_last_bgrewrite_status:ok");
            }
        }
    }

    @Test
    void memoryPurgeRunsByDefault(@TempDir Path dir) throws Exception {
        try (RedisServerProcess server = RedisServerProcess.start(dir);
                Custodian db = Custodian.connect(server.url())) {
            MaintenanceReport r = db.maintain(List.of(), false);
            assertThat(r.succeeded()).isTrue();
            ActionResult purge = task(r, "memory-purge").actions().get(0);
            assertThat(purge.statement()).isEqualTo("MEMORY PURGE");
            assertThat(purge.outcome()).isEqualTo(ActionResult.Outcome.DONE);
            assertThat(purge.detail()).startsWith("resident memory");
        }
    }

    @Test
    void idleKeySweepCountsInADryRunAndDeletesOnlyIdleMatchingKeys(@TempDir Path dir) throws Exception {
        try (RedisServerProcess server = RedisServerProcess.start(dir)) {
            try (Jedis j = server.jedis()) {
                j.select(4);
                for (int i = 0; i < 250; i++) {
                    j.set("session:" + i, "v");
                    j.set("user:" + i, "v");
                }
            }
            Thread.sleep(2_100);
            try (Jedis j = server.jedis()) {
                j.select(4);
                for (int i = 0; i < 50; i++) {
                    j.get("session:" + i);
                }
            }
            try (RedisEngine engine = RedisEngine.builder(server.url() + "/4")
                    .idleKeySweep("session:*", Duration.ofSeconds(1)).scanCount(40).build();
                    Custodian db = Custodian.builder(engine).build()) {
                MaintenanceReport dry = db.maintain(List.of("idle-key-sweep"), true);
                ActionResult planned = task(dry, "idle-key-sweep").actions().get(0);
                assertThat(planned.outcome()).isEqualTo(ActionResult.Outcome.PLANNED);
                assertThat(planned.statement()).contains("session:*").contains("(200 key(s) now)");
                try (Jedis j = server.jedis()) {
                    j.select(4);
                    assertThat(j.dbSize()).isEqualTo(500);
                }
                MaintenanceReport run = db.maintain(List.of("idle-key-sweep"), false);
                assertThat(task(run, "idle-key-sweep").actions().get(0).detail()).isEqualTo("deleted 200 key(s)");
                try (Jedis j = server.jedis()) {
                    j.select(4);
                    assertThat(j.dbSize()).isEqualTo(300);
                    assertThat(j.exists("session:0")).isTrue();
                    assertThat(j.exists("session:249")).isFalse();
                    assertThat(j.exists("user:249")).isTrue();
                }
            }
        }
        assertThat(Files.exists(dir)).isTrue();
    }
}
