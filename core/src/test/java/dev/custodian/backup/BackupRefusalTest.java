package dev.custodian.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.custodian.backup.textdb.CustomEngine;
import dev.custodian.backup.textdb.TextDb;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A strategy that cannot reproduce some objects: its refusal reaches the caller with every object
 * (the message names a few), no set is left, and a check lists them without a backup.
 */
class BackupRefusalTest {
    @TempDir
    Path tmp;

    private static final List<RefusedObject> REFUSED = IntStream.rangeClosed(1, 7)
            .mapToObj(i -> new RefusedObject(i <= 4 ? "widget" : "gadget", "w" + i, i == 7 ? "too odd" : null)).toList();

    /** The text strategy, refusing every backup for the objects above. */
    private static BackupStrategy refusing(Path source) {
        BackupStrategy text = CustomEngine.textLines(source);
        return new BackupStrategy() {
            @Override
            public String name() {
                return text.name();
            }

            @Override
            public Set<BackupFeature> features() {
                return text.features();
            }

            @Override
            public void backup(BackupOptions options, BackupWriter writer) {
                throw new BackupRefusedException(BackupRefusedException.summary(name(), REFUSED, "change them"), REFUSED);
            }

            @Override
            public List<RefusedObject> check(BackupOptions options) {
                return REFUSED;
            }

            @Override
            public TargetContents inspectTarget() throws Exception {
                return text.inspectTarget();
            }

            @Override
            public RestoreResult restore(RestoreOptions options, BackupReader reader) throws Exception {
                return text.restore(options, reader);
            }
        };
    }

    @Test
    void aRefusedBackupKeepsEveryObjectAndLeavesNoSet() {
        Path source = TextDb.sample(tmp.resolve("source"));
        Path store = tmp.resolve("store");
        Backups backups = CustomEngine.backups(source, store, List.of(refusing(source)));
        assertThatThrownBy(() -> backups.backup(BackupOptions.defaults(), ProgressListener.none()))
                .isInstanceOfSatisfying(BackupRefusedException.class, e -> {
                    assertThat(e.objects()).isEqualTo(REFUSED);
                    assertThat(e.getMessage()).contains("cannot reproduce 7 objects of 2 kinds: widget w1, widget w2",
                            "gadget w5 and 2 more (every one in the error's list); change them");
                });
        assertThat(backups.catalog().listAll()).isEmpty();
    }

    @Test
    void aCheckListsTheRefusedObjectsWithoutABackup() {
        Path source = TextDb.sample(tmp.resolve("source"));
        Path store = tmp.resolve("store");
        BackupCheck check = CustomEngine.backups(source, store, List.of(refusing(source))).check(BackupOptions.defaults());
        assertThat(check.ok()).isFalse();
        assertThat(check.refused()).isEqualTo(REFUSED);
        assertThat(check.toText()).contains("7 objects would be refused", "  gadget w7 (too odd)");
        assertThat(check.toJson()).contains("\"kind\" : \"gadget\"", "\"reason\" : \"too odd\"");
        assertThat(store).doesNotExist();
        BackupCheck fine = CustomEngine.backups(source, store, List.of(CustomEngine.textLines(source)))
                .check(BackupOptions.defaults());
        assertThat(fine.ok()).isTrue();
        assertThat(fine.toText()).contains("every object can be reproduced");
    }
}
