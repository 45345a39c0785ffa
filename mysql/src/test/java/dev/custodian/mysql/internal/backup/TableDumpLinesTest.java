package dev.custodian.mysql.internal.backup;

import static org.assertj.core.api.Assertions.assertThat;

import dev.custodian.mysql.internal.MysqlUrl;
import dev.custodian.testsupport.TestServers;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Rows whose lines the server builds ({@link DumpColumn#line}) give the same part, byte for byte,
 * as the columns read one by one, with both drivers: every type it builds with their edge values
 * (NULL, empty strings, escaped characters, unicode, latin1, extreme integers and decimals,
 * fractional seconds, zero dates, negative times, YEAR 0, floating point extremes, BITs), read whole and in pages by integer,
 * temporal, text and binary keys; tables with other types, or whose lines could be longer than
 * the server lets a function return, keep reading column by column.
 */
class TableDumpLinesTest {
    /** Tables the server builds the lines of. */
    private static final List<String> BUILT = List.of("nums", "temporal", "texts", "bins", "hr", "textkey", "binkey",
            "timekey", "notnull", "single", "floats", "bits", "tiny", "mb3");
    /** Tables read column by column. */
    private static final List<String> NOT_BUILT = List.of("blobs", "ltext", "geo", "twotexts", "wide");


    private static String url(String driver, String database) {
        MysqlUrl server = MysqlUrl.parse(TestServers.url(TestServers.MYSQL)).withDatabase(database);
        return driver.equals("mysql") ? "jdbc:mysql:" + server.asGiven().substring("jdbc:mariadb:".length())
                : server.forMariadbDriver();
    }

    private static void create(Statement s) throws Exception {
        s.execute("SET SESSION sql_mode = ''");
        s.execute("CREATE TABLE nums (id INT PRIMARY KEY, a TINYINT, b SMALLINT UNSIGNED, c MEDIUMINT, d BIGINT,"
                + " e BIGINT UNSIGNED, f DECIMAL(65, 30), g DECIMAL(10, 3), h YEAR, i INT UNSIGNED)");
        s.execute("INSERT INTO nums VALUES (1, -128, 65535, -8388608, -9223372036854775808, 18446744073709551615,"
                + " -99999999999999999999999999999999999.999999999999999999999999999999, -0.5, 0, 4294967295),"
                + " (2, 127, 0, 8388607, 9223372036854775807, 0, 0.000000000000000000000000000001, 1234567.125, 2155, 0),"
                + " (3, 0, 1, 0, 0, 1, 0, 0, 1901, 1), (4, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL)");
        s.execute("CREATE TABLE temporal (id INT PRIMARY KEY, d DATE, dt DATETIME(6), ts TIMESTAMP(3) NULL, t TIME(6),"
                + " t0 TIME, dt0 DATETIME)");
        s.execute("INSERT INTO temporal VALUES (1, '0000-00-00', '0000-00-00 00:00:00', '1970-01-01 00:00:01.001',"
                + " '-838:59:59', '838:59:59', '1000-01-01 00:00:00'),"
                + " (2, '9999-12-31', '9999-12-31 23:59:59.999999', '2038-01-19 03:14:07.999', '-00:00:00.000001',"
                + " '-12:30:00', '2024-02-29 12:00:00'),"
                + " (3, '2024-02-29', '2024-02-29 00:00:00.5', '2024-06-01 10:00:00', '00:00:00', '00:00:00', '2000-01-01'),"
                + " (4, NULL, NULL, NULL, NULL, NULL, NULL)");
        s.execute("CREATE TABLE texts (id INT PRIMARY KEY, c CHAR(5), v VARCHAR(40) CHARACTER SET utf8mb4,"
                + " l VARCHAR(20) CHARACTER SET latin1, e ENUM('', 'a', 'b\\tc', 'ü'), s SET('x', 'y', 'z'))");
        s.execute("INSERT INTO texts VALUES (1, '', '', '', '', ''),"
                + " (2, NULL, NULL, NULL, NULL, NULL),"
                + " (3, 'a\\tb', 'tab\\there\\nnew\\rret\\\\back\\0nul\\\\N', 'Müller\\\\', 'b\\tc', 'x,z'),"
                + " (4, 'ab  ', '\uD83D\uDE00 emoji ünïcödé 中文', 'Maß', 'ü', 'x,y,z'),"
                + " (5, 'N', '\\\\', '\\t', 'a', '')");
        s.execute("CREATE TABLE mb3 (id INT PRIMARY KEY, m VARCHAR(20) CHARACTER SET utf8mb3)");
        s.execute("INSERT INTO mb3 VALUES (1, 'Zoë\\n'), (2, 'ß'), (3, '\\r\\n'), (4, NULL), (5, '')");
        s.execute("CREATE TABLE tiny (id INT PRIMARY KEY, tt TINYTEXT)");
        s.execute("INSERT INTO tiny VALUES (1, ''), (2, NULL), (3, '\\\\N'), (4, 'it''s \"q\" \\Z'), (5, REPEAT('\\\\', 255)),"
                + " (6, '\\0\\t\\n\\r')");
        s.execute("CREATE TABLE bins (id INT PRIMARY KEY, b BINARY(4), v VARBINARY(10))");
        s.execute("INSERT INTO bins VALUES (1, X'00000000', X''), (2, NULL, NULL), (3, X'FF00090A', X'5C4E'),"
                + " (4, 'ab', X'00')");
        s.execute("CREATE TABLE hr (emp_no INT NOT NULL, from_date DATE NOT NULL, salary INT NOT NULL, to_date DATE NOT NULL,"
                + " PRIMARY KEY (emp_no, from_date))");
        s.execute("INSERT INTO hr SELECT 10000 + seq DIV 7, '1990-01-01' + INTERVAL seq % 7 YEAR, seq * 3,"
                + " '1991-01-01' + INTERVAL seq % 7 YEAR FROM seq_1_to_100");
        s.execute("CREATE TABLE textkey (k VARCHAR(20) CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci PRIMARY KEY, n INT)");
        s.execute("INSERT INTO textkey VALUES ('a', 1), ('B', 2), ('é', 3), ('tab\\there', 4), ('back\\\\slash', 5),"
                + " ('nl\\nx', 6), ('nul\\0x', 7), ('cr\\rx', 8), ('\\\\N', 9), ('', 10), ('\uD83D\uDE00', 11), ('z', 12)");
        s.execute("CREATE TABLE binkey (k VARBINARY(8) PRIMARY KEY, n INT)");
        s.execute("INSERT INTO binkey SELECT UNHEX(LPAD(HEX(seq * 37), 6, '0')), seq FROM seq_0_to_40");
        s.execute("CREATE TABLE timekey (k DATETIME(6) PRIMARY KEY, t TIME(3))");
        s.execute("INSERT INTO timekey SELECT '2024-02-29 23:59:59.999999' - INTERVAL seq * 37 SECOND - INTERVAL seq MICROSECOND,"
                + " SEC_TO_TIME(seq * 1000.5 - 9000) FROM seq_1_to_40");
        s.execute("CREATE TABLE notnull (a INT NOT NULL, v VARCHAR(10) NOT NULL, b VARBINARY(3) NOT NULL)");
        s.execute("INSERT INTO notnull VALUES (1, '', ''), (2, '\\\\N', X'00')");
        s.execute("CREATE TABLE single (v VARCHAR(10))");
        s.execute("INSERT INTO single VALUES (NULL), (''), ('x')");
        s.execute("CREATE TABLE floats (id INT PRIMARY KEY, f FLOAT, d DOUBLE, r REAL NOT NULL)");
        s.execute("INSERT INTO floats VALUES (1, 0.1, 0.1, 0), (2, NULL, NULL, -1e308), (3, 3.4028234e38, 1.7976931348623157e308,"
                + " 2.2250738585072014e-308), (4, -1.17549435e-38, 4.9e-324, -0.0), (5, 16777217, 9007199254740993, 1e15),"
                + " (6, 123456.789, 1e16, 123456789012345678), (7, -1.5, 0.30000000000000004, 1e-7)");
        s.execute("CREATE TABLE blobs (id INT PRIMARY KEY, b BLOB)");
        s.execute("INSERT INTO blobs VALUES (1, X'00'), (2, NULL)");
        s.execute("CREATE TABLE ltext (id INT PRIMARY KEY, t MEDIUMTEXT)");
        s.execute("INSERT INTO ltext VALUES (1, 'a\\tb')");
        s.execute("CREATE TABLE bits (id INT PRIMARY KEY, b BIT(8))");
        s.execute("INSERT INTO bits VALUES (1, b'101'), (2, b'0'), (3, b'11111111'), (4, NULL)");
        s.execute("CREATE TABLE twotexts (id INT PRIMARY KEY, a TEXT, b TEXT)");
        s.execute("CREATE TABLE wide (id INT PRIMARY KEY, a VARCHAR(100), b VARCHAR(120), c VARCHAR(40))");
        s.execute("CREATE TABLE geo (id INT PRIMARY KEY, p POINT)");
        s.execute("INSERT INTO geo VALUES (1, POINT(1, 2))");
    }

    private static MemoryPart dump(Connection c, String database, String table, boolean lines, long pagedFrom, int page)
            throws Exception {
        MemoryPart out = new MemoryPart();
        long rows = TableDump.of(c, database, table, lines).write(c, database, out, pagedFrom, page);
        assertThat(out.rows).isEqualTo(rows);
        return out;
    }

    @ParameterizedTest
    @ValueSource(strings = {"mariadb", "mysql"})
    void linesBuiltByTheServerAreTheColumnsReadOneByOne(String driver) throws Exception {
        String database = "cust_lines_" + UUID.randomUUID().toString().substring(0, 8);
        try (Connection admin = DriverManager.getConnection(url("mariadb", "mysql")); Statement s = admin.createStatement()) {
            s.execute("CREATE DATABASE `" + database + "`");
            s.execute("USE `" + database + "`");
            create(s);
        }
        try (Connection c = DriverManager.getConnection(url(driver, database))) {
            try (Statement s = c.createStatement()) {
                s.execute(SchemaDump.NAMES);
                s.execute("SET SESSION sql_mode = 'NO_AUTO_VALUE_ON_ZERO', time_zone = '+00:00'");
                s.execute("START TRANSACTION WITH CONSISTENT SNAPSHOT");
            }
            for (String table : BUILT) {
                TableFacts facts = TableFacts.read(c, database, table);
                assertThat(DumpColumn.line(facts.columns(table), false, facts.maxPacket())).as(table).isNotNull();
                // a line that could be longer than the server lets a function return is read column by column
                assertThat(DumpColumn.line(facts.columns(table), false, 10)).as(table).isNull();
                assertThat(DumpColumn.line(facts.columns(table), true, facts.maxPacket())).as(table).isNull();
                MemoryPart columns = dump(c, database, table, false, Long.MAX_VALUE, 1000);
                assertThat(columns.rows).as(table).isPositive();
                MemoryPart lines = dump(c, database, table, true, Long.MAX_VALUE, 1000);
                assertThat(lines.rows).as(table).isEqualTo(columns.rows);
                assertThat(lines.bytes.toString(StandardCharsets.UTF_8)).as(table)
                        .isEqualTo(columns.bytes.toString(StandardCharsets.UTF_8));
                assertThat(lines.bytes.toByteArray()).as(table).isEqualTo(columns.bytes.toByteArray());
                for (int page : new int[] {1, 3, (int) columns.rows - 1}) {
                    MemoryPart paged = dump(c, database, table, true, 0, page);
                    assertThat(paged.bytes.toByteArray()).as(table + " in pages of " + page)
                            .isEqualTo(columns.bytes.toByteArray());
                }
            }
            for (String table : NOT_BUILT) {
                TableFacts facts = TableFacts.read(c, database, table);
                assertThat(DumpColumn.line(facts.columns(table), false, facts.maxPacket())).as(table).isNull();
            }
            String texts = dump(c, database, "texts", true, Long.MAX_VALUE, 1000).bytes.toString(StandardCharsets.UTF_8);
            assertThat(texts.lines().skip(1)).contains("2\t\\N\t\\N\t\\N\t\\N\t\\N",
                    "3\ta\\tb\ttab\\there\\nnew\\rret\\\\back\\0nul\\\\N\tMüller\\\\\tb\\tc\tx,z");
            String tiny = dump(c, database, "tiny", true, Long.MAX_VALUE, 1000).bytes.toString(StandardCharsets.UTF_8);
            assertThat(tiny.lines().skip(1)).contains("3\t\\\\N", "4\tit's \"q\" \u001A", "6\t\\0\\t\\n\\r");
            String nums = dump(c, database, "nums", true, Long.MAX_VALUE, 1000).bytes.toString(StandardCharsets.UTF_8);
            assertThat(nums.lines().skip(1)).contains("3\t0\t1\t0\t0\t1\t0.000000000000000000000000000000\t0.000\t1901\t1");
        } finally {
            try (Connection admin = DriverManager.getConnection(url("mariadb", "mysql")); Statement s = admin.createStatement()) {
                s.execute("DROP DATABASE IF EXISTS `" + database + "`");
            }
        }
    }
}
