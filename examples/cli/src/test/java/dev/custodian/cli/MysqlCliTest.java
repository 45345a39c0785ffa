package dev.custodian.cli;

import static dev.custodian.cli.Cli.run;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CLI end to end on MariaDB: health, maintain, pool, backup, list, verify, restore (into a
 * new database, refused, clean, chosen tables), export into the mariadb client, secrets masked.
 */
class MysqlCliTest {
    @TempDir
    Path dir;

    private static void shop(MysqlCliDatabase db) throws Exception {
        db.sql("CREATE TABLE customers (id INT AUTO_INCREMENT PRIMARY KEY, name VARCHAR(100) NOT NULL, photo BLOB,"
                        + " joined DATETIME(6), tags SET('vip', 'new'))",
                "CREATE TABLE orders (id INT AUTO_INCREMENT PRIMARY KEY, customer INT NOT NULL, total DECIMAL(12,2),"
                        + " FOREIGN KEY (customer) REFERENCES customers (id))",
                "CREATE TABLE `odd``name` (`select` INT PRIMARY KEY, v JSON)",
                "INSERT INTO customers (name, photo, joined, tags) SELECT CONCAT('c', seq, ' 😀 ''q'' \\\\'),"
                        + " UNHEX(SHA2(seq, 256)), '2024-01-01 00:00:00.5' + INTERVAL seq MINUTE, IF(seq % 2, 'vip', '')"
                        + " FROM seq_1_to_500",
                "INSERT INTO orders (customer, total) SELECT 1 + seq % 500, seq / 7 FROM seq_1_to_2000",
                "DELETE FROM orders WHERE id > 1990",
                "INSERT INTO `odd``name` VALUES (1, '{\"a\": [1, null]}')",
                "CREATE VIEW big_orders AS SELECT * FROM orders WHERE total > 100",
                "CREATE TRIGGER orders_check BEFORE INSERT ON orders FOR EACH ROW SET NEW.total = ABS(NEW.total)",
                "CREATE PROCEDURE order_count(OUT n INT) BEGIN SELECT COUNT(*) INTO n FROM orders; END");
    }

    @Test
    void backupRestoreIntoANewDatabaseAndExportGiveTheSameDatabase() throws Exception {
        Path store = dir.resolve("store");
        try (MysqlCliDatabase source = MysqlCliDatabase.create("src"); MysqlCliDatabase target = MysqlCliDatabase.named("dst");
                MysqlCliDatabase exported = MysqlCliDatabase.create("exp")) {
            shop(source);
            Cli.Run b = run("backup", "--url", source.url(), "--to", store.toString()).succeeds();
            String id = b.lastOutLine();
            assertThat(run("list", "--from", store.toString()).succeeds().out()).contains(id, "mysql", source.name);
            run("verify", "--from", store.toString(), "--level", "decode").succeeds();

            Cli.Run r = run("restore", "--url", target.url(), "--from", store.toString()).succeeds();
            assertThat(r.out()).contains("Restored " + id, "orders", "1990");
            assertThat(target.schema()).isEqualTo(source.schema()).contains("AUTO_INCREMENT=", "order_count");
            assertThat(target.rows()).isEqualTo(source.rows());

            Path script = dir.resolve("shop.sql");
            run("export", "--from", store.toString(), "--to", script.toString()).succeeds();
            exported.load(script);
            assertThat(exported.schema()).isEqualTo(source.schema());
            assertThat(exported.rows()).isEqualTo(source.rows());
        }
    }

    @Test
    void restoreRefusesANonEmptyDatabaseThenCleanAndChosenTablesWork() throws Exception {
        Path store = dir.resolve("store");
        try (MysqlCliDatabase source = MysqlCliDatabase.create("src"); MysqlCliDatabase target = MysqlCliDatabase.create("busy")) {
            shop(source);
            run("backup", "--url", source.url(), "--to", store.toString()).succeeds();
            target.sql("CREATE TABLE mine (x INT)", "INSERT INTO mine VALUES (42)");
            run("restore", "--url", target.url(), "--from", store.toString()).failsWith(1, "--clean");
            assertThat(target.value("SELECT x FROM mine")).isEqualTo("42");
            run("restore", "--url", target.url(), "--from", store.toString(), "--clean").succeeds();
            assertThat(target.schema()).isEqualTo(source.schema());
            assertThat(target.rows()).isEqualTo(source.rows());

            target.sql("DELETE FROM orders WHERE id > 10");
            Cli.Run tables = run("restore", "--url", target.url(), "--from", store.toString(), "--clean", "--tables", "orders")
                    .succeeds();
            assertThat(tables.out()).contains("orders");
            assertThat(target.value("SELECT COUNT(*) FROM orders")).isEqualTo("1990");
        }
    }

    @Test
    void healthMaintainAndPoolReportOnTheServerAndSecretsNeverShow() throws Exception {
        try (MysqlCliDatabase db = MysqlCliDatabase.create("ops")) {
            shop(db);
            db.sql("CREATE TABLE nopk (a INT)");
            Cli.Run health = run("health", "--url", db.url());
            assertThat(health.exit()).as(health.out()).isEqualTo(1);
            assertThat(health.out()).contains("connectivity", "MariaDB", "tables-without-primary-key", "nopk");
            assertThat(run("health", "--url", db.url(), "--group", "readiness").succeeds().out()).contains("replication");
            assertThat(run("maintain", "--url", db.url(), "--dry-run").succeeds().out()).contains("analyze");
            assertThat(run("pool", "--url", db.url()).succeeds().out()).contains("useServerPrepStmts", "max_connections");

            String secret = db.url().replace("user=root", "user=nobody_cli&password=hunter2");
            run("health", "--url", secret).failsWith(3).neverShows("hunter2");
            run("backup", "--url", secret, "--to", dir.resolve("s").toString()).failsWith(1).neverShows("hunter2");
        }
    }
}
