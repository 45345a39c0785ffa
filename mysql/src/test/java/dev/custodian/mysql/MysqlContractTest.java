package dev.custodian.mysql;

import dev.custodian.Custodian;
import dev.custodian.testing.EngineContract;
import dev.custodian.testsupport.S3TestServer;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;

/**
 * The engine contract on MariaDB, through an application account with a real password and rights
 * on its own database only, so that the password checks are real.
 */
class MysqlContractTest extends EngineContract {
    private static final String SECRET = "My-Contract-" + UUID.randomUUID().toString().substring(0, 8);
    // one application account for every database of the class, as an application restores its own backups
    private static final String USER = "cust_k_" + UUID.randomUUID().toString().substring(0, 8);

    @org.junit.jupiter.api.BeforeAll
    static void createAccount() throws Exception {
        try (java.sql.Connection c = TestServer.mariadb().connect("mysql"); java.sql.Statement s = c.createStatement()) {
            s.execute("CREATE USER '" + USER + "'@'%' IDENTIFIED BY '" + SECRET + "'");
        }
    }

    @org.junit.jupiter.api.AfterAll
    static void dropAccount() throws Exception {
        try (java.sql.Connection c = TestServer.mariadb().connect("mysql"); java.sql.Statement s = c.createStatement()) {
            s.execute("DROP USER IF EXISTS '" + USER + "'@'%'");
        }
    }

    private record Db(dev.custodian.mysql.TestDatabase db, String user) implements EngineContract.TestDatabase {
        @Override
        public Connect connect() {
            Properties p = new Properties();
            p.setProperty("user", user);
            p.setProperty("password", SECRET);
            return new Connect(db.mariadbSchemeUrl().replace("user=root", "user=" + user), p);
        }

        @Override
        public void close() throws Exception {
            db.close();
        }
    }

    @Override
    protected EngineContract.TestDatabase newDatabase() throws Exception {
        dev.custodian.mysql.TestDatabase db = dev.custodian.mysql.TestDatabase.create("contract");
        db.sql("GRANT ALL ON `" + db.name + "`.* TO '" + USER + "'@'%'");
        return new Db(db, USER);
    }

    @Override
    protected void populate(EngineContract.TestDatabase target) throws Exception {
        // as the application account, which owns what it creates (views are defined by it)
        Connect app = target.connect();
        try (java.sql.Connection c = java.sql.DriverManager.getConnection(app.url(), app.properties());
                java.sql.Statement s = c.createStatement()) {
            for (String sql : new String[] {"CREATE TABLE customer (id INT AUTO_INCREMENT PRIMARY KEY, name VARCHAR(80) NOT NULL,"
                        + " joined DATE, KEY customer_name (name))",
                "CREATE TABLE invoice (id BIGINT AUTO_INCREMENT PRIMARY KEY, customer_id INT, amount DECIMAL(12,2),"
                        + " made DATETIME(3), data JSON, raw VARBINARY(16), FOREIGN KEY (customer_id) REFERENCES customer (id))",
                "INSERT INTO customer (name, joined) SELECT CONCAT('c', seq, ' \\t''\"'), DATE '2020-01-01' + INTERVAL seq DAY"
                        + " FROM seq_1_to_2000",
                "INSERT INTO invoice (customer_id, amount, made, data, raw) SELECT 1 + seq % 2000, seq / 7,"
                        + " TIMESTAMP '2024-01-01 00:00:00' + INTERVAL seq SECOND, JSON_OBJECT('n', seq), X'00FF'"
                        + " FROM seq_1_to_3000",
                "CREATE VIEW big AS SELECT * FROM invoice WHERE amount > 100"}) {
                s.execute(sql);
            }
        }
    }

    @Override
    protected String snapshot(EngineContract.TestDatabase target) throws Exception {
        dev.custodian.mysql.TestDatabase db = ((Db) target).db();
        return db.dumpNoData() + db.dumpData() + db.checksums();
    }

    @Override
    protected String secret() {
        return SECRET;
    }

    @Override
    protected Optional<Connect> withWrongSecret(EngineContract.TestDatabase target) {
        Connect right = target.connect();
        Properties p = right.properties();
        p.setProperty("password", wrongSecret());
        return Optional.of(new Connect(right.url(), p));
    }

    @Override
    protected boolean killBackupConnections(EngineContract.TestDatabase target) throws Exception {
        Db db = (Db) target;
        TestServer.mariadb().killConnectionsOf(db.user());
        return true;
    }

    @Override
    protected AutoCloseable borrowConnection(Custodian custodian) throws Exception {
        return ((MysqlEngine) custodian.engine()).dataSource().getConnection();
    }

    @Override
    protected String newObjectStore() {
        S3TestServer server = S3TestServer.shared();
        server.useAsDefaultCredentials();
        return server.url(server.createBucket("contract"), "backups/");
    }
}
