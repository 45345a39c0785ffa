package dev.custodian.backup.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.custodian.backup.BackupManifest;
import dev.custodian.backup.BackupOptions;
import dev.custodian.backup.Compression;
import dev.custodian.backup.PartEntry;
import dev.custodian.backup.ProgressListener;
import dev.custodian.backup.VerificationException;
import dev.custodian.backup.textdb.SetFiles;
import dev.custodian.backup.textdb.TextDb;
import dev.custodian.backup.textdb.TextDbStrategy;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The reader hands out decompressed parts and fails at their end, naming the part, when they were altered. */
class SetReaderTest {
    @TempDir
    Path tmp;

    private BackupManifest backUp(Compression c) {
        Path source = TextDb.sample(tmp.resolve("source"));
        return TextDb.backups(source, tmp.resolve("store")).backup(BackupOptions.defaults().withCompression(c),
                ProgressListener.none());
    }

    private PartEntry users(BackupManifest m) {
        return m.parts().stream().filter(p -> "users".equals(p.table())).findFirst().orElseThrow();
    }

    @ParameterizedTest
    @EnumSource(Compression.class)
    void readsThePartsRawBytes(Compression c) throws Exception {
        BackupManifest m = backUp(c);
        SetReader reader = new SetReader(new DirectoryStore(tmp.resolve("store")), m, SetCipher.none(), null);
        try (InputStream in = reader.open(users(m))) {
            assertThat(in.readAllBytes())
                    .isEqualTo(Files.readAllBytes(TextDbStrategy.tableFile(tmp.resolve("source"), "users")));
        }
    }

    @ParameterizedTest
    @EnumSource(Compression.class)
    void aFlippedByteFailsAtTheEndOfTheStream(Compression c) throws Exception {
        BackupManifest m = backUp(c);
        Path dir = tmp.resolve("store").resolve(m.id());
        PartEntry part = users(m);
        for (long position : new long[] {0, 5, part.storedBytes() / 2, part.storedBytes() - 1}) {
            SetFiles.flip(dir, part, position);
            SetReader reader = new SetReader(new DirectoryStore(dir.getParent()), m, SetCipher.none(), null);
            assertThatThrownBy(() -> {
                try (InputStream in = reader.open(part)) {
                    in.transferTo(OutputStream.nullOutputStream());
                }
            }).as("byte %d", position).isInstanceOf(VerificationException.class)
                    .hasMessageContaining("part data/users (" + part.file()).hasMessageContaining(" of backup " + m.id());
            SetFiles.flip(dir, part, position);
        }
    }

    @ParameterizedTest
    @EnumSource(Compression.class)
    void aTruncatedPartFails(Compression c) throws Exception {
        BackupManifest m = backUp(c);
        Path dir = tmp.resolve("store").resolve(m.id());
        PartEntry part = users(m);
        SetFiles.truncate(dir, part, part.storedBytes() - 7);
        assertThatThrownBy(() -> {
            try (InputStream in = new SetReader(new DirectoryStore(dir.getParent()), m, SetCipher.none(), null).open(part)) {
                in.transferTo(OutputStream.nullOutputStream());
            }
        }).isInstanceOf(VerificationException.class).hasMessageContaining("data/users");
    }
}
