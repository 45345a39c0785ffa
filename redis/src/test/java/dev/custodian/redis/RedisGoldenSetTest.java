package dev.custodian.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.custodian.Custodian;
import dev.custodian.backup.BackupCatalog;
import dev.custodian.backup.ProgressListener;
import dev.custodian.backup.RestoreOptions;
import dev.custodian.backup.VerifyLevel;
import dev.custodian.backup.VerifyReport;
import dev.custodian.golden.GoldenSets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Protocol;

/** The Redis sets written by each format version (logical and RDB) decode, export and restore to their fixture. */
class RedisGoldenSetTest {
    @TempDir
    Path dir;

    static java.util.stream.Stream<String> sets() {
        return GoldenSets.all().stream().filter(s -> java.util.List.of("redis-logical", "redis-rdb").contains(s.split("/")[1]));
    }

    @ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.MethodSource("sets")
    void theSetOfEveryFormatVersionDecodesExportsAndRestoresAsItsFixture(String set) throws Exception {
        int version = Integer.parseInt(set.split("/")[0]);
        String name = set.split("/")[1];
        Path store = GoldenSets.copy(version, name, dir.resolve("store"));
        BackupCatalog catalog = BackupCatalog.open(store);
        VerifyReport decoded = catalog.verify("latest", VerifyLevel.DECODE, ProgressListener.none());
        assertThat(decoded.problems()).isEmpty();
        assertThat(catalog.export("latest", dir.resolve("golden.export"))).isRegularFile();

        try (RedisServerProcess expected = RedisServerProcess.start(dir.resolve("expected"));
                RedisServerProcess restored = RedisServerProcess.start(dir.resolve("restored"))) {
            load(expected, GoldenSets.fixture(version, "redis.txt"));
            try (Custodian c = Custodian.connect(restored.url())) {
                c.backups(store).restore("latest", RestoreOptions.defaults(), ProgressListener.none());
            }
            assertThat(restored.digest()).isEqualTo(expected.digest());
            try (Jedis j = restored.jedis()) {
                assertThat(j.lrange("l", 0, -1)).containsExactly("a", "b", "c");
                j.select(3);
                assertThat(j.get("other-db")).isEqualTo("yes");
            }
        }
    }

    private static void load(RedisServerProcess server, String commands) {
        try (Jedis j = server.jedis()) {
            for (String line : commands.lines().filter(l -> !l.isBlank()).toList()) {
                List<String> words = new ArrayList<>(Arrays.asList(line.trim().split(" ")));
                int db = 0;
                if (words.get(0).equals("-n")) {
                    db = Integer.parseInt(words.get(1));
                    words = words.subList(2, words.size());
                }
                j.select(db);
                j.sendCommand(Protocol.Command.valueOf(words.get(0).toUpperCase(java.util.Locale.ROOT)),
                        words.subList(1, words.size()).toArray(String[]::new));
            }
        }
    }
}
