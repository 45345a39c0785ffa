package dev.custodian.postgres;

import dev.custodian.Custodian;
import dev.custodian.testing.EngineContract;
import dev.custodian.testsupport.S3TestServer;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;

/**
 * The engine contract on a PostgreSQL server of its own that asks every connection for a
 * password (SCRAM), so that the password checks are real.
 */
class PgContractTest extends EngineContract {
    private static final String SECRET = "Pg-Contract-" + UUID.randomUUID().toString().substring(0, 8);
    private static Path base;
    private static PgCluster cluster;

    @BeforeAll
    static void startServer() throws Exception {
        Optional<Path> bin = PgCluster.bindir();
        Assumptions.assumeTrue(bin.isPresent() && PgCluster.canRunAsPostgres(),
                "the PostgreSQL server binaries are needed to start a password-protected server");
        base = PgCluster.newBase();
        cluster = PgCluster.initWithPassword(bin.get(), base, SECRET);
        cluster.start();
    }

    @AfterAll
    static void stopServer() throws Exception {
        if (cluster != null) {
            cluster.stop();
        }
        PgCluster.delete(base);
    }

    private record Db(String name) implements TestDatabase {
        @Override
        public Connect connect() {
            return new Connect(cluster.url(name), new Properties());
        }

        @Override
        public void close() throws Exception {
            admin("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        }
    }

    private static void admin(String sql) throws Exception {
        try (Connection c = DriverManager.getConnection(cluster.url("postgres")); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private static void run(TestDatabase db, String sql) throws Exception {
        try (Connection c = DriverManager.getConnection(db.connect().url()); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    @Override
    protected TestDatabase newDatabase() throws Exception {
        String name = "contract_" + UUID.randomUUID().toString().substring(0, 8);
        admin("CREATE DATABASE " + name + " TEMPLATE template0 ENCODING 'UTF8'");
        return new Db(name);
    }

    @Override
    protected void populate(TestDatabase db) throws Exception {
        run(db, """
                CREATE TABLE customer (id serial PRIMARY KEY, name text NOT NULL, email text UNIQUE, joined date);
                CREATE INDEX customer_name ON customer (name);
                CREATE TABLE invoice (id bigserial PRIMARY KEY, customer_id int REFERENCES customer (id),
                    amount numeric(12, 2), tags text[], data jsonb, raw bytea);
                INSERT INTO customer (name, email, joined)
                    SELECT 'c' || g || E' \\t\\n''"', 'c' || g || '@example.org', date '2020-01-01' + g FROM generate_series(1, 2000) g;
                INSERT INTO invoice (customer_id, amount, tags, data, raw)
                    SELECT 1 + g % 2000, g / 7.0, ARRAY['a', NULL, 'x,y'], jsonb_build_object('n', g), '\\x00ff'::bytea
                    FROM generate_series(1, 3000) g;
                CREATE VIEW big AS SELECT * FROM invoice WHERE amount > 100;
                """);
    }

    @Override
    protected String snapshot(TestDatabase db) throws Exception {
        String schema = PgTools.schema(db.connect().url());
        List<String> checksums = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(db.connect().url()); Statement s = c.createStatement();
                var rs = s.executeQuery("SELECT format('%I.%I', schemaname, tablename) FROM pg_tables"
                        + " WHERE schemaname NOT IN ('pg_catalog', 'information_schema') ORDER BY 1")) {
            List<String> tables = new ArrayList<>();
            while (rs.next()) {
                tables.add(rs.getString(1));
            }
            for (String t : tables) {
                try (Statement q = c.createStatement(); var r = q.executeQuery("SELECT count(*) || ':' || coalesce(md5("
                        + "string_agg(x::text, E'\\n' ORDER BY x::text)), '') FROM " + t + " x")) {
                    r.next();
                    checksums.add(t + "=" + r.getString(1));
                }
            }
        }
        return schema + "\n" + checksums;
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
        admin("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" + ((Db) db).name()
                + "' AND pid <> pg_backend_pid()");
        return true;
    }

    @Override
    protected AutoCloseable borrowConnection(Custodian custodian) throws Exception {
        return ((PostgresEngine) custodian.engine()).dataSource().getConnection();
    }


    @Override
    protected String newObjectStore() {
        S3TestServer server = S3TestServer.shared();
        server.useAsDefaultCredentials();
        return server.url(server.createBucket("contract"), "backups/");
    }
}
