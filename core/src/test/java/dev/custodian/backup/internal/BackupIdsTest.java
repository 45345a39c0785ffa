package dev.custodian.backup.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Ids carry their UTC start time, sort by it, and parse back. */
class BackupIdsTest {

    @Test
    void formatsParsesAndSorts() {
        Random random = new Random(42);
        Instant t = Instant.parse("2026-11-21T02:54:12.123Z");
        String id = BackupIds.of(t, random);
        assertThat(id).matches("20261121T025412\\.123Z-[0-9a-f]{4}");
        assertThat(BackupIds.isId(id)).isTrue();
        assertThat(BackupIds.instantOf(id)).contains(t);
        assertThat(BackupIds.of(t.plusMillis(1), random)).isGreaterThan(id);
        assertThat(BackupIds.of(Instant.parse("2027-01-01T00:00:00Z"), random)).isGreaterThan(id);
    }

    @Test
    void otherNamesAreNotIds() {
        assertThat(BackupIds.isId(".new-20261121T025412.123Z-3f9a")).isFalse();
        assertThat(BackupIds.isId("lost+found")).isFalse();
        assertThat(BackupIds.isId("../20261121T025412.123Z-3f9a")).isFalse();
        assertThat(BackupIds.instantOf("latest")).isEmpty();
    }
}
