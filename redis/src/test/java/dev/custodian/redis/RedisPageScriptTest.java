package dev.custodian.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.custodian.Custodian;
import dev.custodian.backup.BackupManifest;
import dev.custodian.backup.BackupOptions;
import dev.custodian.backup.ProgressListener;
import dev.custodian.backup.RestoreOptions;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;

/**
 * The logical backup reads a SCAN page with one read-only script where the server allows it, and
 * each key with its own commands where it does not; both backups restore to the same data set.
 */
class RedisPageScriptTest {

    @Test
    void theScriptAndThePerKeyCommandsBackUpTheSameKeys(@TempDir Path dir) throws Exception {
        try (RedisServerProcess server = RedisServerProcess.start(dir.resolve("server"))) {
            long keys;
            try (Jedis j = server.jedis()) {
                DataSets.everyType(j, 0, 300);
                DataSets.largeKeys(j, 3, 5000);
                j.select(3);
                Pipeline p = j.pipelined();
                byte[] medium = new byte[3000];
                for (int i = 0; i < 400; i++) {
                    medium[i % medium.length] = (byte) i;
                    p.set(("medium:" + i).getBytes(), medium);
                }
                p.sync();
                keys = j.dbSize();
                j.select(0);
                keys += j.dbSize();
                j.aclSetUser("noscripts", "on", ">secret-pw", "~*", "&*", "+@all", "-@scripting");
                j.configResetStat();
            }
            String digest = server.digest();
            String scripted = server.url();
            String perKey = "redis://noscripts:secret-pw@127.0.0.1:" + server.port();

            BackupManifest withScript = backUpAndRestore(server, scripted, dir.resolve("scripted"), keys);
            assertThat(server.digest()).isEqualTo(digest);
            String stats = stats(server);
            // one script per page; the medium values past a page's memory budget were read again apart
            assertThat(calls(stats, "eval")).isPositive();
            assertThat(calls(stats, "pexpiretime")).isGreaterThan(keys);
            assertThat(calls(stats, "type")).isPositive();

            try (Jedis j = server.jedis()) {
                j.configResetStat();
            }
            BackupManifest withoutScript = backUpAndRestore(server, perKey, dir.resolve("per-key"), keys);
            assertThat(server.digest()).isEqualTo(digest);
            stats = stats(server);
            assertThat(stats).contains("cmdstat_eval:calls=0,").contains("rejected_calls=1,");
            assertThat(calls(stats, "memory|usage")).isGreaterThanOrEqualTo(keys);
            assertThat(withoutScript.totalRows()).isEqualTo(withScript.totalRows()).isEqualTo(keys);
        }
    }

    /** Backs up with a small large-key threshold and pages, empties the server, restores; checks the key count. */
    private static BackupManifest backUpAndRestore(RedisServerProcess server, String url, Path store, long keys)
            throws Exception {
        try (RedisEngine engine = RedisEngine.builder(url).largeKeyBytes(4096).scanCount(100).build();
                Custodian db = Custodian.builder(engine).build()) {
            BackupManifest m = db.backups(store).backup(BackupOptions.defaults(), ProgressListener.none());
            assertThat(m.totalRows()).isEqualTo(keys);
            try (Jedis j = server.jedis()) {
                j.flushAll();
            }
            db.backups(store).restore(m.id(), RestoreOptions.defaults(), ProgressListener.none());
            return m;
        }
    }

    private static String stats(RedisServerProcess server) {
        try (Jedis j = server.jedis()) {
            return j.info("commandstats");
        }
    }

    /** Calls of a command in INFO commandstats, 0 when it was not called. */
    private static long calls(String stats, String command) {
        String line = "cmdstat_" + command + ":calls=";
        int at = stats.indexOf(line);
        if (at < 0) {
            return 0;
        }
        int from = at + line.length();
        return Long.parseLong(stats.substring(from, stats.indexOf(',', from)));
    }
}
