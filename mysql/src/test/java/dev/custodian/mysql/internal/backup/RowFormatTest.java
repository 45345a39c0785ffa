package dev.custodian.mysql.internal.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.custodian.backup.BackupException;
import dev.custodian.backup.PartEntry;
import dev.custodian.backup.PartKind;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The row form of data parts: escaping, headers, chunks of whole lines, INSERT conversion, decoding. */
class RowFormatTest {
    private static final RowFormat FORMAT = new RowFormat(List.of(new RowFormat.Field("id", RowFormat.Kind.RAW),
            new RowFormat.Field("we`ird", RowFormat.Kind.TEXT), new RowFormat.Field("b", RowFormat.Kind.BINARY),
            new RowFormat.Field("bits", RowFormat.Kind.BIT)));

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String rows() {
        StatementBuffer b = new StatementBuffer(64);
        Object[][] rows = {{"1", "tab\there\nnl\\bs 'q' \"dq\" \0 ☃", new byte[] {0, (byte) 0xFF}, "5"},
                {"2", "", new byte[0], null}, {"3", null, null, "0"}, {"4", "\\N", new byte[] {1}, "1"}};
        for (Object[] r : rows) {
            b.writeAscii((String) r[0]);
            b.write('\t');
            RowFormat.textField(r[1] == null ? null : utf8((String) r[1]), b);
            b.write('\t');
            RowFormat.hexField((byte[]) r[2], b);
            b.write('\t');
            if (r[3] == null) {
                RowFormat.nullField(b);
            } else {
                b.writeAscii((String) r[3]);
            }
            b.write('\n');
        }
        return new String(b.toByteArray(), StandardCharsets.UTF_8);
    }

    @Test
    void fieldsAreEscapedSoThatEveryRowIsOneLine() {
        assertThat(rows()).isEqualTo("1\ttab\\there\\nnl\\\\bs 'q' \"dq\" \\0 ☃\t00FF\t5\n"
                + "2\t\t\t\\N\n"
                + "3\t\\N\t\\N\t0\n"
                + "4\t\\\\N\t01\t1\n");
    }

    /** Escaping byte by byte, as the format defines it, as an oracle for {@link RowFormat#textField}. */
    private static byte[] escapedByteByByte(byte[] v) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte x : v) {
            switch (x) {
                case 0 -> out.writeBytes(utf8("\\0"));
                case '\t' -> out.writeBytes(utf8("\\t"));
                case '\n' -> out.writeBytes(utf8("\\n"));
                case '\r' -> out.writeBytes(utf8("\\r"));
                case '\\' -> out.writeBytes(utf8("\\\\"));
                default -> out.write(x);
            }
        }
        return out.toByteArray();
    }

    @Test
    void everyEscapedByteIsEscapedAtAnyPositionNextToBytesThatAreNot() {
        byte[] special = {0, '\t', '\n', '\r', '\\'};
        // bytes next to the escaped ones, and high bytes of UTF-8, must pass through as they are
        byte[] filler = {'a', 1, 8, 11, 12, 14, '[', ']', 'Z', (byte) 0x80, (byte) 0x89, (byte) 0xDC, (byte) 0xE2, (byte) 0xFF};
        int checked = 0;
        for (int length = 0; length <= 27; length++) {
            for (int at = -1; at < length; at++) {
                for (byte s : special) {
                    byte[] v = new byte[length];
                    for (int i = 0; i < length; i++) {
                        v[i] = filler[(i * 7 + length) % filler.length];
                    }
                    if (at >= 0) {
                        v[at] = s;
                        v[length - 1 - (at / 2)] = special[(at + s) % special.length];
                    }
                    StatementBuffer b = new StatementBuffer(4);
                    RowFormat.textField(v, b);
                    assertThat(b.toByteArray()).as("length %d, escaped byte %d at %d", length, s, at)
                            .isEqualTo(escapedByteByByte(v));
                    checked++;
                }
            }
        }
        assertThat(checked).isGreaterThan(1000);
    }

    @Test
    void theHeaderNamesColumnsAndKindsAndParsesBack() {
        String header = new String(FORMAT.header(), StandardCharsets.UTF_8).trim();
        assertThat(RowFormat.isHeader(header)).isTrue();
        assertThat(RowFormat.parse(header).fields()).isEqualTo(FORMAT.fields());
        assertThat(RowFormat.isHeader("INSERT INTO `t` (`a`) VALUES")).isFalse();
        assertThat(FORMAT.loadData("t`x")).contains("INTO TABLE `t``x`", "(`id`, `we``ird`, @c2, @c3)",
                "SET `b` = UNHEX(@c2), `bits` = CAST(@c3 AS UNSIGNED)");
    }

    @Test
    void rowsBecomeInsertTuplesWithStringEscapesNullAndHex() {
        byte[] text = utf8(rows());
        StatementBuffer out = new StatementBuffer(64);
        out.write(FORMAT.insertHead("t"));
        assertThat(FORMAT.tuples(text, 0, text.length, out)).isEqualTo(4);
        assertThat(new String(out.toByteArray(), StandardCharsets.UTF_8)).isEqualTo(
                "INSERT INTO `t` (`id`, `we``ird`, `b`, `bits`) VALUES\n"
                + "(1,'tab\\there\\nnl\\\\bs \\'q\\' \\\"dq\\\" \\0 ☃',0x00FF,5),\n"
                + "(2,'','',NULL),\n"
                + "(3,NULL,NULL,0),\n"
                + "(4,'\\\\N',0x01,1)");
        StatementBuffer bad = new StatementBuffer(16);
        byte[] shortRow = utf8("1\tx\n");
        assertThatThrownBy(() -> FORMAT.tuples(shortRow, 0, shortRow.length, bad)).isInstanceOf(BackupException.class)
                .hasMessageContaining("2 field(s) where 4");
    }

    @Test
    void chunksHoldWholeLinesAndALastLineWithoutBreakGetsOne() throws Exception {
        String big = "x".repeat(100);
        String part = "header line\nshort\n" + big + "\nmiddle\nlast";
        LineChunks chunks = new LineChunks(new ByteArrayInputStream(utf8(part)), 8);
        assertThat(chunks.header()).isEqualTo("header line");
        List<String> got = new ArrayList<>();
        long lines = 0;
        LineChunks.Chunk c;
        while ((c = chunks.next()) != null) {
            got.add(new String(c.bytes(), 0, c.length(), StandardCharsets.UTF_8));
            lines += c.lines();
        }
        assertThat(String.join("", got)).isEqualTo("short\n" + big + "\nmiddle\nlast\n");
        assertThat(got).allSatisfy(s -> assertThat(s).endsWith("\n"));
        assertThat(lines).isEqualTo(4);
        assertThat(new LineChunks(new ByteArrayInputStream(new byte[0]), 8).header()).isNull();
    }

    @Test
    void decodingCountsRowsAndRefusesARowWithTheWrongNumberOfFields() throws Exception {
        LogicalFormat format = new LogicalFormat();
        PartEntry part = new PartEntry("data/t", "t.zst", PartKind.DATA, "t", 4, 0, 0, "");
        ByteArrayOutputStream good = new ByteArrayOutputStream();
        good.write(FORMAT.header());
        good.write(utf8(rows()));
        assertThat(format.decode(part, new ByteArrayInputStream(good.toByteArray())).rows()).isEqualTo(4);
        ByteArrayOutputStream bad = new ByteArrayOutputStream();
        bad.write(FORMAT.header());
        bad.write(utf8("1\tx\t00\t1\n2\tonly two\n"));
        assertThatThrownBy(() -> format.decode(part, new ByteArrayInputStream(bad.toByteArray())))
                .hasMessageContaining("row 2 has 2 field(s)");
    }
}
