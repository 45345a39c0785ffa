package dev.custodian.mysql;

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

/** A table larger than the heap is backed up and restored by a JVM of 64 MiB: rows are streamed. */
class MysqlBigBackupTest {
    @TempDir
    Path dir;

    @Test
    void aTableOfAbout150MegabytesGoesThroughA64MebibyteHeap() throws Exception {
        roundTrip(false);
    }

    @Test
    void andSoItDoesWithMysqlConnectorJ() throws Exception {
        roundTrip(true);
    }

    private void roundTrip(boolean mysqlDriver) throws Exception {
        try (TestDatabase source = TestDatabase.create("big"); TestDatabase target = TestDatabase.create("bigcopy")) {
            // plain secondary indexes (built after the load by the restore), one used by a foreign key
            source.sql("CREATE TABLE parent (id INT PRIMARY KEY)", "INSERT INTO parent SELECT seq FROM seq_0_to_99",
                    "CREATE TABLE big (id INT PRIMARY KEY, a VARCHAR(600), b VARBINARY(400), p INT NOT NULL,"
                    + " KEY `we``ird key` (a(12), id DESC) COMMENT 'prefix; \\'quoted\\'', UNIQUE KEY u (b(40), id),"
                    + " KEY by_parent (p, id), CONSTRAINT big_parent FOREIGN KEY (p) REFERENCES parent (id))",
                    "INSERT INTO big SELECT seq, REPEAT(MD5(seq), 18), UNHEX(REPEAT(SHA2(seq, 256), 6)), seq % 100 FROM seq_1_to_150000",
                    // rows of a megabyte: a driver fetching a thousand rows at once would need a gigabyte
                    "CREATE TABLE media (id INT PRIMARY KEY, data MEDIUMBLOB NOT NULL)",
                    "INSERT INTO media SELECT seq, REPEAT(UNHEX(SHA2(seq, 512)), 16384) FROM seq_1_to_40");
            String output;
            try (ChildJvm child = ChildJvm.start(dir, List.of("-Xmx64m"), ChildBackup.class,
                    mysqlDriver ? source.mysqlSchemeUrl() : source.url(), mysqlDriver ? target.mysqlSchemeUrl() : target.url(),
                    dir.resolve("backups-" + mysqlDriver).toString())) {
                int exit = child.waitFor(Duration.ofMinutes(5));
                output = child.stdout() + child.stderr();
                assertThat(exit).as(output).isZero();
            }
            assertThat(output).contains("backup rows 150140", "restored rows 150140",
                    mysqlDriver ? "driver MySQL Connector" : "driver MariaDB Connector");
            assertThat(target.checksums()).isEqualTo(source.checksums());
            assertThat(target.dumpNoData()).isEqualTo(source.dumpNoData()).contains("KEY `by_parent` (`p`,`id`)");
        }
    }
}
