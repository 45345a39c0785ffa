package dev.custodian.mysql;

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
                    "INSERT INTO big SELECT seq, REPEAT(MD5(seq), 18), UNHEX(REPEAT(SHA2(seq, 256), 6)), seq % 100 FROM seq_1_to_150000");
            List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx64m", "-cp", System.getProperty("java.class.path"), ChildBackup.class.getName(),
                    mysqlDriver ? source.mysqlSchemeUrl() : source.url(), mysqlDriver ? target.mysqlSchemeUrl() : target.url(),
                    dir.resolve("backups-" + mysqlDriver).toString()));
            Path out = dir.resolve("child-" + mysqlDriver + ".out");
            Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile()).start();
            assertThat(p.waitFor(5, TimeUnit.MINUTES)).isTrue();
            String output = Files.readString(out);
            assertThat(p.exitValue()).as(output).isZero();
            assertThat(output).contains("backup rows 150100", "restored rows 150100",
                    mysqlDriver ? "driver MySQL Connector" : "driver MariaDB Connector");
            assertThat(target.checksums()).isEqualTo(source.checksums());
            assertThat(target.dumpNoData()).isEqualTo(source.dumpNoData()).contains("KEY `by_parent` (`p`,`id`)");
        }
    }
}
