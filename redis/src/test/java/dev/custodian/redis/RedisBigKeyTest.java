package dev.custodian.redis;

import java.time.Duration;
import dev.custodian.testing.ChildJvm;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;

/** A hash of a million fields (about 60 MB in Redis) backed up and restored by a JVM with a 64 MB heap. */
class RedisBigKeyTest {

    @Test
    void aKeyOfAMillionFieldsIsBackedUpAndRestoredInA64MbHeap(@TempDir Path dir) throws Exception {
        try (RedisServerProcess source = RedisServerProcess.start(dir.resolve("source"));
                RedisServerProcess target = RedisServerProcess.start(dir.resolve("target"))) {
            try (Jedis j = source.jedis()) {
                byte[] key = "big:hash".getBytes();
                for (int batch = 0; batch < 100; batch++) {
                    Pipeline p = j.pipelined();
                    for (int c = 0; c < 10; c++) {
                        java.util.Map<byte[], byte[]> fields = new java.util.HashMap<>();
                        for (int i = 0; i < 1000; i++) {
                            int n = (batch * 10 + c) * 1000 + i;
                            fields.put(("field:" + n).getBytes(), ("value-" + n + "-0123456789").getBytes());
                        }
                        p.hset(key, fields);
                    }
                    p.sync();
                }
                j.set("small", "s");
                assertThat(j.hlen("big:hash")).isEqualTo(1_000_000);
                assertThat(j.memoryUsage("big:hash")).isGreaterThan(32L * 1024 * 1024);
            }
            String output;
            try (ChildJvm child = ChildJvm.start(dir, List.of("-Xmx64m"), BigKeyChild.class, source.url(), target.url(),
                    dir.resolve("store").toString())) {
                int exit = child.waitFor(Duration.ofSeconds(120));
                output = child.stdout() + child.stderr();
                assertThat(exit).as(output).isZero();
            }
            assertThat(output).contains("backed up 2 keys").contains("restored 2 keys").doesNotContain("OutOfMemoryError");
            try (Jedis j = target.jedis()) {
                assertThat(j.hlen("big:hash")).isEqualTo(1_000_000);
                assertThat(j.hget("big:hash", "field:999999")).isEqualTo("value-999999-0123456789");
            }
            assertThat(target.digest()).isEqualTo(source.digest());
        }
    }
}
