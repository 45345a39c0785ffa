package dev.custodian.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.custodian.Custodian;
import dev.custodian.backup.BackupManifest;
import dev.custodian.backup.BackupOptions;
import dev.custodian.backup.PartKind;
import dev.custodian.backup.ProgressListener;
import dev.custodian.backup.RestoreOptions;
import dev.custodian.backup.RestoreRefusedException;
import dev.custodian.backup.RestoreReport;
import dev.custodian.backup.VerifyLevel;
import dev.custodian.backup.VerifyReport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;

class RedisLogicalBackupTest {

    @Test
    void backupFlushallRestoreGivesTheSameDigestAcrossDatabases(@TempDir Path dir) throws Exception {
        try (RedisServerProcess server = RedisServerProcess.start(dir.resolve("server"))) {
            long expireAt;
            try (Jedis j = server.jedis()) {
                DataSets.everyType(j, 0, 300);
                DataSets.everyType(j, 1, 5);
                DataSets.everyType(j, 7, 50);
                j.select(7);
                expireAt = j.pexpireTime("db7:ttl");
                assertThat(expireAt).isPositive();
            }
            String digest = server.digest();
            Path store = dir.resolve("store");
            try (Custodian db = Custodian.connect(server.url())) {
                BackupManifest m = db.backups(store).backup(BackupOptions.defaults(), ProgressListener.none());
                assertThat(m.strategy()).isEqualTo("redis-logical");
                assertThat(m.parts()).extracting(p -> p.name()).containsExactly("db0", "db1", "db7");
                assertThat(m.parts()).allMatch(p -> p.kind() == PartKind.DATA);
                assertThat(m.facts()).containsEntry("consistency", "per key, not a point-in-time snapshot");
                assertThat(m.totalRows()).isEqualTo(3 * 14);
                try (Jedis j = server.jedis()) {
                    j.flushAll();
                }
                RestoreReport r = db.backups(store).restore("latest", RestoreOptions.defaults(), ProgressListener.none());
                assertThat(r.rowsPerTable()).containsEntry("db0", 14L).containsEntry("db1", 14L).containsEntry("db7", 14L);
            }
            assertThat(server.digest()).isEqualTo(digest);
            try (Jedis j = server.jedis()) {
                j.select(7);
                assertThat(j.pexpireTime("db7:ttl")).isEqualTo(expireAt);
                j.select(0);
                assertThat(j.get(DataSets.BINARY_KEY)).isEqualTo(DataSets.BINARY_VALUE);
                assertThat(j.xpending("db0:stream", "readers").getTotal()).isEqualTo(2);
            }
        }
    }

    @Test
    void aNonEmptyTargetIsRefusedAndCleanFlushesOnlyTheRestoredDatabases(@TempDir Path dir) throws Exception {
        try (RedisServerProcess server = RedisServerProcess.start(dir.resolve("server"))) {
            try (Jedis j = server.jedis()) {
                DataSets.everyType(j, 2, 10);
            }
            String digest = server.digest();
            Path store = dir.resolve("store");
            try (Custodian db = Custodian.connect(server.url())) {
                db.backups(store).backup(BackupOptions.defaults(), ProgressListener.none());
                try (Jedis j = server.jedis()) {
                    j.select(2);
                    j.set("extra", "x");
                    j.del("db2:string");
                }
                assertThatThrownBy(() -> db.backups(store).restore("latest", RestoreOptions.defaults(),
                        ProgressListener.none())).isInstanceOf(RestoreRefusedException.class).hasMessageContaining("db2");
                db.backups(store).restore("latest", RestoreOptions.defaults().withClean(true), ProgressListener.none());
                assertThat(server.digest()).isEqualTo(digest);
                try (Jedis j = server.jedis()) {
                    j.select(9);
                    j.set("other-db", "kept");
                }
                db.backups(store).restore("latest", RestoreOptions.defaults().withClean(true), ProgressListener.none());
                try (Jedis j = server.jedis()) {
                    j.select(9);
                    assertThat(j.get("other-db")).isEqualTo("kept");
                    j.select(2);
                    assertThat(j.exists("extra")).isFalse();
                }
            }
        }
    }

    @Test
    void largeKeysAreReadInChunksAndRebuilt(@TempDir Path dir) throws Exception {
        try (RedisServerProcess server = RedisServerProcess.start(dir.resolve("server"))) {
            try (Jedis j = server.jedis()) {
                DataSets.largeKeys(j, 3, 5000);
            }
            String digest = server.digest();
            Path store = dir.resolve("store");
            try (Custodian db = Custodian.connect(server.url())) {
                RedisEngine engine = (RedisEngine) db.engine();
                assertThat(engine).isNotNull();
            }
            try (RedisEngine engine = RedisEngine.builder(server.url()).largeKeyBytes(4096)
                    .scanCount(100).build(); Custodian db = Custodian.builder(engine).build()) {
                BackupManifest m = db.backups(store).backup(BackupOptions.defaults(), ProgressListener.none());
                assertThat(m.totalRows()).isEqualTo(6);
                try (Jedis j = server.jedis()) {
                    j.flushAll();
                }
                db.backups(store).restore("latest", RestoreOptions.defaults(), ProgressListener.none());
            }
            try (Jedis j = server.jedis()) {
                j.select(3);
                assertThat(j.hlen("big:hash")).isEqualTo(5000);
                assertThat(j.lrange("big:list", 0, 2)).containsExactly("e0", "e1", "e2");
                assertThat(j.zscore("big:zset", "z4999")).isEqualTo(4999 / 3.0);
                assertThat(j.xlen("big:stream")).isEqualTo(5000);
                assertThat(j.strlen("big:string")).isEqualTo(3 * 1024 * 1024 + 7);
            }
            assertThat(server.digest()).isEqualTo(digest);
        }
    }

    @Test
    void decodeVerifiesAndTheRespExportReplaysWithRedisCliPipe(@TempDir Path dir) throws Exception {
        try (RedisServerProcess source = RedisServerProcess.start(dir.resolve("source"));
                RedisServerProcess target = RedisServerProcess.start(dir.resolve("target"))) {
            try (Jedis j = source.jedis()) {
                DataSets.everyType(j, 0, 100);
                DataSets.everyType(j, 4, 10);
                DataSets.largeKeys(j, 5, 500);
            }
            Path store = dir.resolve("store");
            try (RedisEngine engine = RedisEngine.builder(source.url()).largeKeyBytes(2048).build();
                    Custodian db = Custodian.builder(engine).build()) {
                db.backups(store).backup(BackupOptions.defaults(), ProgressListener.none());
            }
            VerifyReport v = Custodian.catalog(store).verify("latest", VerifyLevel.DECODE, ProgressListener.none());
            assertThat(v.problems()).isEmpty();
            assertThat(String.join("\n", v.checked())).contains("db4: 14 key(s)");
            Path file = Custodian.catalog(store).export("latest", dir.resolve("export.resp"));
            Process p = new ProcessBuilder("redis-cli", "-p", Integer.toString(target.port()), "--pipe")
                    .redirectInput(file.toFile()).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).as(out).isZero();
            assertThat(out).contains("errors: 0");
            assertThat(target.digest()).isEqualTo(source.digest());
        }
    }

    @Test
    void keysExpiringDuringTheBackupAreSimplyAbsent(@TempDir Path dir) throws Exception {
        try (RedisServerProcess server = RedisServerProcess.start(dir.resolve("server"));
                RedisServerProcess target = RedisServerProcess.start(dir.resolve("target"))) {
            try (Jedis j = server.jedis()) {
                Pipeline p = j.pipelined();
                for (int i = 0; i < 20_000; i++) {
                    p.psetex("short:" + i, 1 + (i % 400), "v");
                }
                for (int i = 0; i < 2_000; i++) {
                    p.set("kept:" + i, "v" + i);
                }
                p.sync();
            }
            Path store = dir.resolve("store");
            BackupManifest m;
            try (RedisEngine engine = RedisEngine.builder(server.url()).scanCount(50).build();
                    Custodian db = Custodian.builder(engine).build()) {
                m = db.backups(store).backup(BackupOptions.defaults(), ProgressListener.none());
            }
            assertThat(m.totalRows()).isBetween(2_000L, 22_000L);
            try (Custodian db = Custodian.connect(target.url())) {
                RestoreReport r = db.backups(store).restore("latest", RestoreOptions.defaults(), ProgressListener.none());
                assertThat(r.totalRows()).isEqualTo(m.totalRows());
            }
            Thread.sleep(450);
            try (Jedis j = target.jedis()) {
                assertThat(j.dbSize()).isEqualTo(2_000L);
                assertThat(j.get("kept:1999")).isEqualTo("v1999");
            }
        }
    }

    @Test
    void chosenDatabasesOnlyAndTestRestore(@TempDir Path dir) throws Exception {
        try (RedisServerProcess server = RedisServerProcess.start(dir.resolve("server"));
                RedisServerProcess scratch = RedisServerProcess.start(dir.resolve("scratch"))) {
            try (Jedis j = server.jedis()) {
                DataSets.everyType(j, 0, 5);
                DataSets.everyType(j, 3, 5);
            }
            Path store = dir.resolve("store");
            String onlyDb3;
            try (Custodian db = Custodian.connect(server.url())) {
                BackupManifest m = db.backups(store).backup(BackupOptions.defaults().withTables(List.of("db3")),
                        ProgressListener.none());
                onlyDb3 = m.id();
                assertThat(m.parts()).extracting(p -> p.table()).containsExactly("db3");
                BackupManifest all = db.backups(store).backup(BackupOptions.defaults(), ProgressListener.none());
                try (Jedis j = server.jedis()) {
                    j.flushAll();
                }
                db.backups(store).restore(all.id(), RestoreOptions.defaults().withTables(List.of("db0")),
                        ProgressListener.none());
                try (Jedis j = server.jedis()) {
                    assertThat(j.dbSize()).isEqualTo(14);
                    j.select(3);
                    assertThat(j.dbSize()).isZero();
                }
            }
            try (Custodian db = Custodian.connect(scratch.url())) {
                VerifyReport v = db.backups(store).testRestore(onlyDb3, ProgressListener.none());
                assertThat(v.problems()).isEmpty();
                try (Jedis j = scratch.jedis()) {
                    j.select(3);
                    assertThat(j.dbSize()).isEqualTo(14);
                }
            }
            assertThat(Files.list(store).count()).isPositive();
        }
    }
}
