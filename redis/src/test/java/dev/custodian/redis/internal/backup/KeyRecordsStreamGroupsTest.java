package dev.custodian.redis.internal.backup;


import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.custodian.backup.BackupException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The part format's stream records: a part written before consumers and pending entries were kept
 * still reads and restores the same commands; a part with them restores consumers, claims and the
 * group's id in that order; stream id paging steps past the last id.
 */
class KeyRecordsStreamGroupsTest {

    @Test
    void aPartWithoutConsumerOrPendingRecordsStillDecodesAndRestores() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.write("CRL1".getBytes(StandardCharsets.US_ASCII));
        out.writeInt(3);
        out.write('B');
        bytes(out, "s");
        out.writeLong(-1);
        out.write('x');
        out.write('C');
        out.writeInt(1);
        item(out, "1-1", "f", "v");
        out.write('G');
        item(out, "", "1-1", "1", "0-0");
        out.write('G');
        item(out, "g", "1-1", "1");
        out.write('E');
        out.write('Z');
        out.writeLong(1);

        List<String> commands = replay(bytes.toByteArray());
        assertThat(commands).containsExactly("DEL s", "XADD s 1-1 f v", "XSETID s 1-1 ENTRIESADDED 1 MAXDELETEDID 0-0",
                "XGROUP CREATE s g 1-1 MKSTREAM ENTRIESREAD 1");
    }

    @Test
    void consumersAndPendingEntriesComeBackAfterTheirGroupThenItsIdIsSetAgain() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        KeyRecords.Writer w = new KeyRecords.Writer(bytes, 0);
        w.begin(b("s"), 1234L, KeyType.STREAM);
        w.chunk(List.<byte[][]>of(new byte[][] {b("1-1"), b("f"), b("v")}, new byte[][] {b("2-0"), b("f"), b("w")}));
        w.group(new byte[][] {b(""), b("2-0"), b("3"), b("1-2")});
        w.group(new byte[][] {b("g1"), b("2-0"), b("2")});
        w.consumer(new byte[][] {b("alice"), b("10")});
        w.consumer(new byte[][] {b("carol"), b("5")});
        w.pending(List.<byte[][]>of(new byte[][] {b("1-1"), b("alice"), b("60000"), b("3")}));
        w.pending(List.<byte[][]>of(new byte[][] {b("2-0"), b("alice"), b("7"), b("1")}));
        w.group(new byte[][] {b("g2"), b("0-0"), b("")});
        w.consumer(new byte[][] {b("idle"), b("1")});
        w.end();
        w.finish();

        assertThat(KeyRecords.read(new ByteArrayInputStream(bytes.toByteArray()), "db0", d -> { },
                new KeyRecords.Visitor() {
                    @Override
                    public void whole(byte[] key, long expireAt, byte[] payload) {
                    }

                    @Override
                    public void begin(byte[] key, long expireAt, KeyType type) {
                    }

                    @Override
                    public void chunk(List<byte[][]> items) {
                    }

                    @Override
                    public void group(byte[][] item) {
                    }

                    @Override
                    public void end() {
                    }
                })).isEqualTo(1);
        assertThat(replay(bytes.toByteArray())).containsExactly("DEL s", "XADD s 1-1 f v", "XADD s 2-0 f w",
                "XSETID s 2-0 ENTRIESADDED 3 MAXDELETEDID 1-2",
                "XGROUP CREATE s g1 2-0 MKSTREAM ENTRIESREAD 2",
                "XGROUP CREATECONSUMER s g1 alice", "XGROUP CREATECONSUMER s g1 carol",
                "XCLAIM s g1 alice 0 1-1 IDLE 60000 RETRYCOUNT 3 FORCE JUSTID",
                "XCLAIM s g1 alice 0 2-0 IDLE 7 RETRYCOUNT 1 FORCE JUSTID",
                "XGROUP SETID s g1 2-0 ENTRIESREAD 2",
                "XGROUP CREATE s g2 0-0 MKSTREAM", "XGROUP CREATECONSUMER s g2 idle",
                "PEXPIREAT s 1234");
    }

    @Test
    void aTargetWithoutCreateConsumerGetsOnlyTheConsumersItsClaimsCreate() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        KeyRecords.Writer w = new KeyRecords.Writer(bytes, 0);
        w.begin(b("s"), -1, KeyType.STREAM);
        w.chunk(List.<byte[][]>of(new byte[][] {b("1-1"), b("f"), b("v")}));
        w.group(new byte[][] {b("g"), b("1-1"), b("")});
        w.consumer(new byte[][] {b("alice"), b("10")});
        w.consumer(new byte[][] {b("carol"), b("5")});
        w.pending(List.<byte[][]>of(new byte[][] {b("1-1"), b("alice"), b("60000"), b("3")}));
        w.end();
        w.finish();
        assertThat(replay(bytes.toByteArray(), false)).containsExactly("DEL s", "XADD s 1-1 f v",
                "XGROUP CREATE s g 1-1 MKSTREAM", "XCLAIM s g alice 0 1-1 IDLE 60000 RETRYCOUNT 3 FORCE JUSTID",
                "XGROUP SETID s g 1-1");
        assertThat(LogicalStrategy.atLeast("6.2.0", 6, 2)).isTrue();
        assertThat(LogicalStrategy.atLeast("7.0.15", 6, 2)).isTrue();
        assertThat(LogicalStrategy.atLeast("6.0.9", 6, 2)).isFalse();
        assertThat(LogicalStrategy.atLeast("5.0.14", 6, 2)).isFalse();
        assertThat(LogicalStrategy.atLeast("unknown", 6, 2)).isFalse();
    }

    @Test
    void aPartCutInsideAPendingChunkIsReportedTruncated() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        KeyRecords.Writer w = new KeyRecords.Writer(bytes, 0);
        w.begin(b("s"), -1, KeyType.STREAM);
        w.group(new byte[][] {b("g"), b("0-0"), b("")});
        w.pending(List.<byte[][]>of(new byte[][] {b("1-1"), b("alice"), b("60000"), b("3")}));
        byte[] cut = Arrays.copyOf(bytes.toByteArray(), bytes.size() - 3);
        assertThatThrownBy(() -> replay(cut)).isInstanceOf(BackupException.class).hasMessageContaining("truncated");
    }

    @Test
    void pendingPagesStartJustAfterTheLastIdSeen() {
        assertThat(s(ChunkedKeys.following(b("5-3")))).isEqualTo("5-4");
        assertThat(s(ChunkedKeys.following(b("5-18446744073709551615")))).isEqualTo("6-0");
        assertThat(ChunkedKeys.following(b("18446744073709551615-18446744073709551615"))).isNull();
    }

    private static List<String> replay(byte[] part) throws Exception {
        return replay(part, true);
    }

    private static List<String> replay(byte[] part, boolean createConsumers) throws Exception {
        List<String> commands = new ArrayList<>();
        CommandSink sink = new CommandSink() {
            @Override
            public void send(byte[]... command) {
                commands.add(String.join(" ", Arrays.stream(command).map(KeyRecordsStreamGroupsTest::s).toList()));
            }

            @Override
            public void flush() {
            }
        };
        KeyRecords.read(new ByteArrayInputStream(part), "db0", d -> { }, new RecordCommands(sink, true, createConsumers));
        return commands;
    }

    private static void item(DataOutputStream out, String... fields) throws IOException {
        out.writeInt(fields.length);
        for (String f : fields) {
            bytes(out, f);
        }
    }

    private static void bytes(DataOutputStream out, String s) throws IOException {
        byte[] b = b(s);
        out.writeInt(b.length);
        out.write(b);
    }

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String s(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }
}
