package dev.custodian.backup.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PartSyncsTest {
    @TempDir
    Path dir;

    @Test
    void everyPartIsInPlaceWithItsBytesWhenAwaitReturns() throws IOException {
        PartSyncs syncs = new PartSyncs();
        int parts = PartSyncs.PENDING * 3;
        for (int i = 0; i < parts; i++) {
            syncs.complete(written(".p" + i + ".tmp", "part " + i), dir.resolve(".p" + i + ".tmp"), dir.resolve("p" + i));
        }
        syncs.await();
        syncs.end();
        for (int i = 0; i < parts; i++) {
            assertThat(Files.readString(dir.resolve("p" + i))).isEqualTo("part " + i);
            assertThat(dir.resolve(".p" + i + ".tmp")).doesNotExist();
        }
    }

    @Test
    void aPartThatCannotBeCompletedFailsAwaitAndLeavesNoTemporaryFile() throws IOException {
        PartSyncs syncs = new PartSyncs();
        syncs.complete(written(".good.tmp", "good"), dir.resolve(".good.tmp"), dir.resolve("good"));
        // its target directory does not exist, so the rename fails
        syncs.complete(written(".bad.tmp", "bad"), dir.resolve(".bad.tmp"), dir.resolve("missing").resolve("bad"));
        assertThatThrownBy(syncs::await).isInstanceOf(IOException.class).hasMessageContaining("could not be completed");
        syncs.end();
        assertThat(dir.resolve(".bad.tmp")).doesNotExist();
        assertThat(Files.readString(dir.resolve("good"))).isEqualTo("good");
    }

    private FileChannel written(String name, String content) throws IOException {
        FileChannel channel = SafeFiles.createPrivateFile(dir.resolve(name));
        channel.write(ByteBuffer.wrap(content.getBytes(StandardCharsets.UTF_8)));
        return channel;
    }
}
