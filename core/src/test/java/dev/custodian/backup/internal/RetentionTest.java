package dev.custodian.backup.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.custodian.backup.RetentionPolicy;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The retention decision alone, over years of sets: restic's counting of periods. */
class RetentionTest {

    private static List<Retention.Candidate> dailyNewestFirst(Instant first, int days) {
        List<Retention.Candidate> list = new ArrayList<>();
        for (int d = days - 1; d >= 0; d--) {
            Instant t = first.plus(Duration.ofDays(d));
            list.add(new Retention.Candidate(t.toString(), t));
        }
        return list;
    }

    @Test
    void theRecommendedPolicyOverThreeYearsOfDailyBackups() {
        // 2024-01-01 .. 2026-12-31 at noon UTC; the newest is Thursday 2026-12-31.
        List<Retention.Candidate> sets = dailyNewestFirst(Instant.parse("2024-01-01T12:00:00Z"), 1096);
        Map<String, List<String>> keep = Retention.keep(sets, RetentionPolicy.recommended(), ZoneOffset.UTC);

        assertThat(keep.get("2026-12-31T12:00:00Z")).containsExactly("newest", "daily", "weekly", "monthly", "yearly");
        assertThat(keep.get("2026-12-25T12:00:00Z")).containsExactly("daily");
        assertThat(keep).doesNotContainKey("2026-12-24T12:00:00Z");
        // the newest of the three earlier ISO weeks: Sundays 27, 20 and 13 December
        assertThat(keep.get("2026-12-27T12:00:00Z")).containsExactly("daily", "weekly");
        assertThat(keep.get("2026-12-20T12:00:00Z")).containsExactly("weekly");
        assertThat(keep.get("2026-12-13T12:00:00Z")).containsExactly("weekly");
        assertThat(keep).doesNotContainKey("2026-12-06T12:00:00Z");
        // the last day of each of the 11 earlier months
        assertThat(keep.get("2026-11-30T12:00:00Z")).containsExactly("monthly");
        assertThat(keep.get("2026-01-31T12:00:00Z")).containsExactly("monthly");
        assertThat(keep).doesNotContainKey("2025-12-30T12:00:00Z");
        // the last day of each of the 2 earlier years
        assertThat(keep.get("2025-12-31T12:00:00Z")).containsExactly("yearly");
        assertThat(keep.get("2024-12-31T12:00:00Z")).containsExactly("yearly");
        // newest, 6 more days, 2 weeks not already kept as days, 11 months, 2 years
        assertThat(keep).hasSize(1 + 6 + 2 + 11 + 2);
    }

    @Test
    void aGapInBackupsDoesNotUseUpPeriods() {
        List<Retention.Candidate> sets = List.of(
                new Retention.Candidate("c", Instant.parse("2026-06-30T00:00:00Z")),
                new Retention.Candidate("b", Instant.parse("2026-03-01T00:00:00Z")),
                new Retention.Candidate("a", Instant.parse("2026-01-01T00:00:00Z")));
        // restic counts periods that have a backup, not calendar periods back from now
        assertThat(Retention.keep(sets, new RetentionPolicy(3, 0, 0, 0), ZoneOffset.UTC)).containsOnlyKeys("a", "b", "c");
    }

    @Test
    void nothingToDecideForAnEmptyStore() {
        assertThat(Retention.keep(List.of(), RetentionPolicy.recommended(), ZoneOffset.UTC)).isEmpty();
    }
}
