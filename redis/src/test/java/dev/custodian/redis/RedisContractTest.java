package dev.custodian.redis;

import dev.custodian.Custodian;
import dev.custodian.testing.EngineContract;
import dev.custodian.testsupport.S3TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import redis.clients.jedis.Jedis;

/**
 * The engine contract on Redis servers of their own that require a password, so that the
 * password checks are real; each test database is a server.
 */
class RedisContractTest extends EngineContract {
    private static final String SECRET = "Redis-Contract-" + UUID.randomUUID().toString().substring(0, 8);

    private record Server(RedisServerProcess process) implements TestDatabase {
        @Override
        public Connect connect() {
            return new Connect("redis://:" + SECRET + "@127.0.0.1:" + process.port() + "/0", new Properties());
        }

        @Override
        public void close() throws Exception {
            process.close();
        }
    }

    @Override
    protected TestDatabase newDatabase() throws Exception {
        Path dir = Files.createTempDirectory(contractDir, "redis");
        return new Server(RedisServerProcess.start(dir, "--requirepass", SECRET));
    }

    @Override
    protected void populate(TestDatabase db) throws Exception {
        try (Jedis j = ((Server) db).process().jedis()) {
            DataSets.everyType(j, 0, 500);
            DataSets.everyType(j, 2, 50);
            j.select(0);
            for (int i = 0; i < 2000; i++) {
                j.set("plain:" + i, "value " + i + " \t\n'\"");
            }
        }
    }

    @Override
    protected String snapshot(TestDatabase db) throws Exception {
        RedisServerProcess server = ((Server) db).process();
        try (Jedis j = server.jedis()) {
            return server.digest() + " " + j.info("keyspace").replaceAll("avg_ttl=\\d+", "");
        }
    }

    @Override
    protected String secret() {
        return SECRET;
    }

    @Override
    protected Optional<Connect> withWrongSecret(TestDatabase db) {
        return Optional.of(new Connect(db.connect().url().replace(SECRET, wrongSecret()), new Properties()));
    }

    @Override
    protected boolean killBackupConnections(TestDatabase db) throws Exception {
        try (Jedis j = ((Server) db).process().jedis()) {
            j.sendCommand(RedisServerProcess.cmd("CLIENT"), "KILL", "TYPE", "normal", "SKIPME", "yes");
        }
        return true;
    }

    @Override
    protected AutoCloseable borrowConnection(Custodian custodian) {
        return ((RedisEngine) custodian.engine()).pool().getResource();
    }

    @Override
    protected String newObjectStore() {
        S3TestServer server = S3TestServer.shared();
        server.useAsDefaultCredentials();
        return server.url(server.createBucket("contract"), "backups/");
    }
}
