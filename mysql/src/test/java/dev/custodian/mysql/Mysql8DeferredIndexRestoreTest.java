package dev.custodian.mysql;

import static org.assertj.core.api.Assertions.assertThat;

import dev.custodian.backup.BackupOptions;
import dev.custodian.backup.RestoreOptions;
import dev.custodian.backup.RestoreReport;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A table big enough for the restore to build its secondary indexes after the load, on MySQL 8,
 * which refuses to drop an index a foreign key needs even with foreign key checks off: the one
 * index leading with a foreign key's columns stays through the load, the others are rebuilt, and
 * the restored database is the source again to mysqldump and to the checksums.
 */
class Mysql8DeferredIndexRestoreTest {
    @TempDir
    Path dir;

    @Test
    void indexesForeignKeysNeedStayWhileTheOthersAreBuiltAfterTheLoad() throws Exception {
        TestServer server = TestServer.mysql8();
        try (TestDatabase source = TestDatabase.create(server, "fkix"); TestDatabase target = TestDatabase.create(server, "fkixr")) {
            source.sql("CREATE TABLE region (code CHAR(2) NOT NULL, name VARCHAR(40) NOT NULL, PRIMARY KEY (code))",
                    "CREATE TABLE customer (id INT NOT NULL, region CHAR(2) NOT NULL, email VARCHAR(80) NOT NULL,"
                            + " PRIMARY KEY (id), KEY customer_region (region),"
                            + " CONSTRAINT customer_in_region FOREIGN KEY (region) REFERENCES region (code))",
                    // orders: the foreign key on customer_id is served only by a plain index (the one kept);
                    // the one on (customer_id, placed) could serve it too, but only one of the two is needed
                    "CREATE TABLE orders (id INT NOT NULL, customer_id INT NOT NULL, placed DATE NOT NULL,"
                            + " note VARCHAR(60) NOT NULL, PRIMARY KEY (id), KEY orders_note (note),"
                            + " KEY orders_customer (customer_id), KEY orders_customer_placed (customer_id, placed),"
                            + " CONSTRAINT orders_of_customer FOREIGN KEY (customer_id) REFERENCES customer (id))",
                    "INSERT INTO region VALUES ('eu', 'Europe'), ('as', 'Asia'), ('af', 'Africa')",
                    "SET SESSION cte_max_recursion_depth = 200000",
                    "INSERT INTO customer WITH RECURSIVE n (x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n WHERE x < 120000)"
                            + " SELECT x, ELT(1 + x % 3, 'eu', 'as', 'af'), CONCAT('c', x, '@example.org') FROM n",
                    "INSERT INTO orders WITH RECURSIVE n (x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n WHERE x < 150000)"
                            + " SELECT x, 1 + x % 120000, '2024-01-01' + INTERVAL x % 700 DAY, CONCAT('note ', x % 977) FROM n");
            Path store = dir.resolve("backups");
            Mysql8BackupRoundTripTest.backup(source.mysqlSchemeUrl(), store, BackupOptions.defaults());
            String schema = source.dumpNoData();
            assertThat(schema).contains("KEY `orders_customer` (`customer_id`)", "KEY `customer_region` (`region`)",
                    "CONSTRAINT `orders_of_customer` FOREIGN KEY");

            for (boolean mysqlDriver : new boolean[] {true, false}) {
                if (!mysqlDriver) {
                    target.sql("DROP TABLE orders", "DROP TABLE customer", "DROP TABLE region");
                }
                RestoreReport report = Mysql8BackupRoundTripTest.restore(
                        mysqlDriver ? target.mysqlSchemeUrl() : target.mariadbSchemeUrl(), store, RestoreOptions.defaults());
                assertThat(report.rowsPerTable()).containsEntry("orders", 150_000L).containsEntry("customer", 120_000L);
                assertThat(target.dumpNoData()).isEqualTo(schema);
                assertThat(target.checksums()).isEqualTo(source.checksums());
            }
        }
    }
}
