package dev.custodian.mysql.internal.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.custodian.backup.BackupException;
import dev.custodian.backup.PartCheck;
import dev.custodian.backup.PartEntry;
import dev.custodian.backup.PartKind;
import java.io.ByteArrayInputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Splitting scripts as the mariadb client does, tags, row counts, and decoding bad parts. */
class ScriptReaderTest {

    private static List<ScriptReader.Statement> split(String script) throws Exception {
        ScriptReader r = new ScriptReader(new StringReader(script));
        List<ScriptReader.Statement> out = new ArrayList<>();
        ScriptReader.Statement s;
        while ((s = r.next()) != null) {
            out.add(s);
        }
        return out;
    }

    @Test
    void delimitersInsideQuotesAndCommentsDoNotEndAStatement() throws Exception {
        List<ScriptReader.Statement> s = split("-- a comment; with a semicolon\n"
                + "SET a = 'x;y', b = \"p;q\"; DROP TABLE `t;u`;\n"
                + "# hash comment;\n"
                + "INSERT INTO t (a, b) VALUES ('it\\'s; (', 0x00),\n('(\\\\', NULL);\n"
                + "/* block; comment */ SELECT 1;\n"
                + "DELIMITER ;;\nCREATE PROCEDURE p() BEGIN SELECT 1; SELECT ';;'; END\n;;\nDELIMITER ;\nSELECT 2");
        assertThat(s).extracting(ScriptReader.Statement::sql).containsExactly(
                "SET a = 'x;y', b = \"p;q\"", "DROP TABLE `t;u`",
                "INSERT INTO t (a, b) VALUES ('it\\'s; (', 0x00),\n('(\\\\', NULL)",
                "/* block; comment */ SELECT 1", "CREATE PROCEDURE p() BEGIN SELECT 1; SELECT ';;'; END", "SELECT 2");
        assertThat(s.get(2).rows()).isEqualTo(2);
        assertThat(s.get(0).rows()).isZero();
    }

    @Test
    void tagsNameTheObjectsTheirStatementsBelongTo() throws Exception {
        String table = "we`ird \"name\"; DROP\nx";
        List<ScriptReader.Statement> s = split(ScriptReader.Tag.line("TABLE", table, null) + "\nCREATE TABLE x (a INT);\n"
                + ScriptReader.Tag.line("TRIGGER", "tr", table) + "\nSET SESSION sql_mode = '';\nCREATE TRIGGER tr;\n");
        assertThat(s.get(0).tag()).isEqualTo(new ScriptReader.Tag("TABLE", table, null));
        assertThat(s.get(1).tag()).isEqualTo(new ScriptReader.Tag("TRIGGER", "tr", table));
        assertThat(s.get(2).tag()).isEqualTo(s.get(1).tag());
    }

    @Test
    void decodeCountsRowsAndRefusesADataPartThatIsNotInserts() throws Exception {
        LogicalFormat format = new LogicalFormat();
        PartEntry data = new PartEntry("data/t", "t.zst", PartKind.DATA, "t", 3, 0, 0, "");
        PartCheck ok = format.decode(data, new ByteArrayInputStream(
                "INSERT INTO `t` (`a`) VALUES\n(1),\n(2);\nINSERT INTO `t` (`a`) VALUES\n(')');\n".getBytes(StandardCharsets.UTF_8)));
        assertThat(ok.rows()).isEqualTo(3);
        assertThatThrownBy(() -> format.decode(data, new ByteArrayInputStream(
                "INSERT INTO `t` (`a`) VALUES (1);\nDROP DATABASE x;\n".getBytes(StandardCharsets.UTF_8))))
                .isInstanceOf(BackupException.class).hasMessageContaining("not an INSERT");
    }
}
