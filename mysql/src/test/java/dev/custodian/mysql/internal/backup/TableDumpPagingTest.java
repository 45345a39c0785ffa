package dev.custodian.mysql.internal.backup;

import static org.assertj.core.api.Assertions.assertThat;

import dev.custodian.mysql.internal.MysqlUrl;
import dev.custodian.testsupport.TestServers;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Tables read in pages by key give the same part, byte for byte, as one streamed SELECT: single
 * and composite integer keys with gaps and negative values; text keys in a case- and
 * accent-insensitive collation, in latin1, with quotes, backslashes and trailing spaces; binary,
 * decimal and temporal keys; pages ending exactly at the last row; and tables that are never
 * paged (no key, a CHAR key, an ENUM key).
 */
class TableDumpPagingTest {
    private final String database = "cust_paging_" + UUID.randomUUID().toString().substring(0, 8);
    private Connection c;


    @BeforeEach
    void create() throws Exception {
        String url = MysqlUrl.parse(TestServers.url(TestServers.MYSQL)).withDatabase("mysql").forMariadbDriver();
        c = DriverManager.getConnection(url);
        try (Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE `" + database + "`");
            s.execute("USE `" + database + "`");
            s.execute("CREATE TABLE one (id BIGINT PRIMARY KEY, v VARCHAR(20), b VARBINARY(4))");
            s.execute("INSERT INTO one SELECT CAST(seq AS SIGNED) * 3 - 100, CONCAT('v', seq), IF(seq % 5 = 0, NULL, UNHEX(HEX(seq)))"
                    + " FROM seq_1_to_70");
            s.execute("CREATE TABLE `two keys` (a INT, `b``x` SMALLINT UNSIGNED, v TEXT, PRIMARY KEY (a, `b``x`))");
            s.execute("INSERT INTO `two keys` SELECT CAST(seq DIV 4 AS SIGNED) - 3, seq % 4 * 1000, REPEAT('t', seq) FROM seq_0_to_62");
            s.execute("CREATE TABLE nokey (x INT, y TEXT)");
            s.execute("INSERT INTO nokey SELECT seq, 'n' FROM seq_1_to_30");
            s.execute("CREATE TABLE textkey (k VARCHAR(10) PRIMARY KEY, n INT)");
            s.execute("INSERT INTO textkey SELECT CONCAT('k', seq), seq FROM seq_1_to_30");
            // one collation orders 'a' < 'B' < 'é' < 'F'; quotes, backslashes, a trailing space, emoji
            s.execute("CREATE TABLE words (w VARCHAR(20) CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci PRIMARY KEY, n INT)");
            s.execute("INSERT INTO words VALUES ('a', 1), ('B', 2), ('é', 3), ('F', 4), ('it''s', 5), ('back\\\\slash', 6),"
                    + " ('tab\there', 7), ('space ', 8), ('zz\u00fc', 9), ('\uD83D\uDE00', 10), ('Ab', 11), ('ab c', 12),"
                    + " ('', 13), ('0', 14), ('-1', 15), ('[x]', 16), ('%_', 17)");
            s.execute("CREATE TABLE latin (w VARCHAR(20) CHARACTER SET latin1 COLLATE latin1_german1_ci, d DATETIME(6),"
                    + " v INT, PRIMARY KEY (w, d))");
            s.execute("INSERT INTO latin SELECT ELT(1 + seq % 5, 'Müller', 'Mueller', 'Maß', 'masse', 'Zoë'),"
                    + " '2024-02-29 23:59:59.999999' - INTERVAL seq * 37 SECOND_MICROSECOND, seq FROM seq_1_to_40");
            s.execute("CREATE TABLE uuids (id BINARY(16) PRIMARY KEY, v INT)");
            s.execute("INSERT INTO uuids SELECT UNHEX(MD5(seq)), seq FROM seq_1_to_50");
            s.execute("INSERT INTO uuids VALUES (X'00000000000000000000000000000000', 0), (X'FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF', -1)");
            s.execute("CREATE TABLE money (amount DECIMAL(10, 3) PRIMARY KEY, day DATE, t TIME(3))");
            s.execute("INSERT INTO money SELECT seq / 8 - 2, '2020-01-01' + INTERVAL seq DAY, SEC_TO_TIME(seq * 1000.5) FROM seq_1_to_33");
            s.execute("CREATE TABLE charkey (k CHAR(5) PRIMARY KEY, n INT)");
            s.execute("INSERT INTO charkey SELECT CONCAT('c', seq), seq FROM seq_1_to_25");
            s.execute("CREATE TABLE enumkey (k ENUM('zeta', 'alpha', 'mid') PRIMARY KEY, n INT)");
            s.execute("INSERT INTO enumkey VALUES ('zeta', 1), ('alpha', 2), ('mid', 3)");
            s.execute("SET SESSION time_zone = '+00:00'");
            s.execute("START TRANSACTION WITH CONSISTENT SNAPSHOT");
        }
    }

    @AfterEach
    void drop() throws Exception {
        try (Statement s = c.createStatement()) {
            s.execute("ROLLBACK");
            s.execute("DROP DATABASE IF EXISTS `" + database + "`");
        } finally {
            c.close();
        }
    }

    private MemoryPart dump(String table, long pagedFrom, int page) throws Exception {
        MemoryPart out = new MemoryPart();
        long rows = TableDump.of(c, database, table).write(c, database, out, pagedFrom, page);
        assertThat(out.rows).isEqualTo(rows);
        return out;
    }

    private String count(String table) throws Exception {
        try (Statement s = c.createStatement(); var rs = s.executeQuery("SELECT COUNT(*) FROM `" + table + "`")) {
            rs.next();
            return rs.getString(1);
        }
    }

    private long selects(String table, long pagedFrom, int page) throws Exception {
        long before = sessionSelects();
        dump(table, pagedFrom, page);
        return sessionSelects() - before;
    }

    private long sessionSelects() throws Exception {
        try (Statement s = c.createStatement(); var rs = s.executeQuery("SHOW SESSION STATUS LIKE 'Com\\_select'")) {
            return rs.next() ? rs.getLong(2) : -1;
        }
    }

    private static String sha256(MemoryPart m) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(m.bytes.toByteArray()));
    }

    @Test
    void pagesByKeyGiveTheSamePartAsOneSelect() throws Exception {
        for (String table : new String[] {"one", "two keys", "nokey", "textkey", "words", "latin", "uuids", "money",
                "charkey", "enumkey"}) {
            MemoryPart whole = dump(table, Long.MAX_VALUE, 1000);
            long total = whole.rows;
            assertThat(total).as(table).isEqualTo(Long.parseLong(count(table)));
            for (int page : new int[] {1, 7, (int) total, (int) total - 1, 1000}) {
                MemoryPart paged = dump(table, 0, page);
                assertThat(paged.rows).as(table + " in pages of " + page).isEqualTo(total);
                assertThat(sha256(paged)).as(table + " in pages of " + page).isEqualTo(sha256(whole));
            }
        }
        // the SELECTs run: 70 rows in pages of 7 take 11 (the last one empty), one more than 10 pages
        assertThat(selects("one", 0, 7) - selects("one", Long.MAX_VALUE, 7)).isEqualTo(10);
        assertThat(selects("two keys", 0, 10) - selects("two keys", Long.MAX_VALUE, 10)).isEqualTo(6);
        assertThat(selects("nokey", 0, 7) - selects("nokey", Long.MAX_VALUE, 7)).isZero();
        // 30 rows in pages of 7: 5 SELECTs, and after each of the 4 full pages a lookup of the text key it
        // ended with; no second pass over the table (no COUNT(*) of it)
        assertThat(selects("textkey", 0, 7) - selects("textkey", Long.MAX_VALUE, 7)).isEqualTo(4 + 4);
        assertThat(selects("words", 0, 2) - selects("words", Long.MAX_VALUE, 2)).isEqualTo(8 + 8);
        // decimal, binary and temporal keys compare exactly as read: pages and nothing else
        assertThat(selects("money", 0, 10) - selects("money", Long.MAX_VALUE, 10)).isEqualTo(3);
        assertThat(selects("uuids", 0, 10) - selects("uuids", Long.MAX_VALUE, 10)).isEqualTo(5);
        assertThat(selects("charkey", 0, 7) - selects("charkey", Long.MAX_VALUE, 7)).isZero();
        assertThat(selects("enumkey", 0, 1) - selects("enumkey", Long.MAX_VALUE, 1)).isZero();
        String one = dump("one", 0, 7).bytes.toString(StandardCharsets.UTF_8);
        assertThat(one.lines().skip(1)).hasSize(70).first().isEqualTo("-97\tv1\t01");
    }
}
