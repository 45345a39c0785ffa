package dev.custodian.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.custodian.Custodian;
import dev.custodian.backup.BackupManifest;
import dev.custodian.backup.BackupOptions;
import dev.custodian.backup.PartEntry;
import dev.custodian.backup.PartKind;
import dev.custodian.backup.ProgressListener;
import dev.custodian.backup.RestoreOptions;
import dev.custodian.backup.RestoreRefusedException;
import dev.custodian.backup.VerifyLevel;
import dev.custodian.backup.VerifyReport;
import dev.custodian.redis.internal.backup.RdbFormat;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;

class RedisRdbBackupTest {
    private static final BackupOptions RDB = BackupOptions.defaults().withStrategy("redis-rdb");

    private static void populate(RedisServerProcess server) {
        try (Jedis j = server.jedis()) {
            DataSets.everyType(j, 0, 200);
            DataSets.everyType(j, 2, 20);
            DataSets.largeKeys(j, 6, 2000);
            StringBuilder longKey = new StringBuilder("compressible:");
            for (int i = 0; i < 50; i++) {
                longKey.append("abcabc");
            }
            j.set(longKey.toString(), "x".repeat(500));
            j.set("12345", "integer-encoded key");
        }
    }

    @Test
    void disklessSnapshotExportsADumpRedisCheckRdbAcceptsAndRedisServerLoads(@TempDir Path dir) throws Exception {
        try (RedisServerProcess source = RedisServerProcess.start(dir.resolve("source"))) {
            populate(source);
            Path store = dir.resolve("store");
            BackupManifest m;
            try (Custodian db = Custodian.connect(source.url())) {
                m = db.backups(store).backup(RDB, ProgressListener.none());
            }
            assertThat(m.strategy()).isEqualTo("redis-rdb");
            assertThat(m.parts()).singleElement().satisfies(p -> {
                assertThat(p.kind()).isEqualTo(PartKind.IMAGE);
                assertThat(p.name()).isEqualTo("dump.rdb");
            });
            assertThat(m.facts()).containsEntry("rdbTransfer", "diskless (EOF marker)")
                    .containsEntry("rdbChecksum", "CRC-64 ok");
            assertThat(m.totalRows()).isEqualTo(14 + 14 + 6 + 2);
            VerifyReport v = Custodian.catalog(store).verify("latest", VerifyLevel.DECODE, ProgressListener.none());
            assertThat(v.problems()).isEmpty();
            assertThat(String.join("\n", v.checked())).contains("CRC-64 ok");
            Path exported = Files.createDirectories(dir.resolve("exported"));
            Path rdb = Custodian.catalog(store).export("latest", exported.resolve("dump.rdb"));
            Process check = new ProcessBuilder("redis-check-rdb", rdb.toString()).redirectErrorStream(true).start();
            String out = new String(check.getInputStream().readAllBytes());
            assertThat(check.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(out).contains("RDB looks OK");
            try (RedisServerProcess loaded = RedisServerProcess.start(dir.resolve("loaded"), "--dir", exported.toString(),
                    "--dbfilename", "dump.rdb")) {
                assertThat(loaded.digest()).isEqualTo(source.digest());
            }
        }
    }

    @Test
    void lengthPrefixedTransferAndInProcessRestore(@TempDir Path dir) throws Exception {
        try (RedisServerProcess source = RedisServerProcess.start(dir.resolve("source"))) {
            populate(source);
            String digest = source.digest();
            Path store = dir.resolve("store");
            try (RedisEngine engine = RedisEngine.builder(source.url()).rdbDiskless(false).build();
                    Custodian db = Custodian.builder(engine).build()) {
                BackupManifest m = db.backups(store).backup(RDB, ProgressListener.none());
                assertThat(m.facts().get("rdbTransfer")).startsWith("length-prefixed ($");
                assertThatThrownBy(() -> db.backups(store).restore("latest", RestoreOptions.defaults(),
                        ProgressListener.none())).isInstanceOf(RestoreRefusedException.class);
                try (Jedis j = source.jedis()) {
                    j.flushAll();
                    j.select(9);
                    j.set("untouched", "db9 is not in the snapshot");
                }
                var report = db.backups(store).restore("latest", RestoreOptions.defaults().withClean(true),
                        ProgressListener.none());
                assertThat(report.rowsPerTable()).containsEntry("db0", 14L + 2).containsEntry("db6", 6L);
            }
            try (Jedis j = source.jedis()) {
                j.select(9);
                j.del("untouched");
            }
            assertThat(source.digest()).isEqualTo(digest);
        }
    }

    @Test
    void aPasswordProtectedServerAndACorruptFile(@TempDir Path dir) throws Exception {
        try (RedisServerProcess source = RedisServerProcess.start(dir.resolve("source"), "--requirepass", "pw-rdb")) {
            try (Jedis j = source.jedis()) {
                DataSets.everyType(j, 0, 10);
            }
            Path store = dir.resolve("store");
            try (Custodian db = Custodian.connect("redis://:pw-rdb@127.0.0.1:" + source.port())) {
                BackupManifest m = db.backups(store).backup(RDB, ProgressListener.none());
                assertThat(m.totalRows()).isEqualTo(14);
            }
            Path rdb = Custodian.catalog(store).export("latest", dir.resolve("dump.rdb"));
            byte[] bytes = Files.readAllBytes(rdb);
            PartEntry part = new PartEntry("dump.rdb", "x", PartKind.IMAGE, null, 14, 0, bytes.length, "");
            assertThat(new RdbFormat().decode(part, new ByteArrayInputStream(bytes)).rows()).isEqualTo(14);
            bytes[bytes.length / 2] ^= 0x5a;
            assertThatThrownBy(() -> new RdbFormat().decode(part, new ByteArrayInputStream(bytes)))
                    .hasMessageContaining("not a readable RDB file");
            byte[] truncated = java.util.Arrays.copyOf(Files.readAllBytes(rdb), bytes.length - 20);
            assertThatThrownBy(() -> new RdbFormat().decode(part, new ByteArrayInputStream(truncated)))
                    .hasMessageContaining("truncated");
        }
    }
}
