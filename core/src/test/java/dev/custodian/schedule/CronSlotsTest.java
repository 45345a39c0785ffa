package dev.custodian.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.custodian.ConfigurationException;
import dev.custodian.internal.schedule.CronSlots;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;

class CronSlotsTest {
    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    private static Instant at(String local, String offset) {
        return ZonedDateTime.parse(local + offset + "[Europe/Berlin]").toInstant();
    }

    @Test
    void springForwardSkipsTheMissingWallTimeAndNeverRepeats() {
        // 2026-03-29: clocks go from 02:00 to 03:00 in Berlin; 02:30 does not exist that day
        CronSlots slots = CronSlots.of(Job.user("j", "0 30 2 * * *", () -> null).withZone(BERLIN));
        List<Instant> next = slots.next(at("2026-03-27T12:00:00", "+01:00"), 4);
        assertThat(next).doesNotHaveDuplicates().isSorted();
        assertThat(next.get(0)).isEqualTo(at("2026-03-28T02:30:00", "+01:00"));
        assertThat(next).allSatisfy(i -> assertThat(i.atZone(BERLIN).getMinute()).isEqualTo(30));
        // the missing 02:30 runs at 03:30 summer time: one slot that day, none twice
        assertThat(next.get(1)).isEqualTo(at("2026-03-29T03:30:00", "+02:00"));
        assertThat(next.get(2)).isEqualTo(at("2026-03-30T02:30:00", "+02:00"));
        assertThat(slots.latestAtOrBefore(at("2026-03-29T03:45:00", "+02:00"))).contains(at("2026-03-29T03:30:00", "+02:00"));
        assertThat(slots.latestAtOrBefore(at("2026-03-29T03:29:00", "+02:00"))).contains(at("2026-03-28T02:30:00", "+01:00"));
        // an hourly cron has no slot in the missing hour and none twice
        CronSlots hourly = CronSlots.of(Job.user("h", "0 30 * * * *", () -> null).withZone(BERLIN));
        assertThat(hourly.next(at("2026-03-29T01:00:00", "+01:00"), 3)).containsExactly(at("2026-03-29T01:30:00", "+01:00"),
                at("2026-03-29T03:30:00", "+02:00"), at("2026-03-29T04:30:00", "+02:00"));
    }

    @Test
    void fallBackRunsTheRepeatedWallTimeOnce() {
        // 2026-10-25: clocks go from 03:00 back to 02:00 in Berlin; 02:30 happens twice
        CronSlots slots = CronSlots.of(Job.user("j", "0 30 2 * * *", () -> null).withZone(BERLIN));
        List<Instant> next = slots.next(at("2026-10-24T12:00:00", "+02:00"), 3);
        assertThat(next).containsExactly(at("2026-10-25T02:30:00", "+02:00"), at("2026-10-26T02:30:00", "+01:00"),
                at("2026-10-27T02:30:00", "+01:00"));
        // the second 02:30 (winter time) is not a slot: the newest slot at or before it is the first
        assertThat(slots.latestAtOrBefore(at("2026-10-25T02:45:00", "+01:00"))).contains(at("2026-10-25T02:30:00", "+02:00"));
    }

    @Test
    void everyFifteenMinutesAcrossFallBackHasEveryRealQuarterHourOnce() {
        CronSlots slots = CronSlots.of(Job.user("j", "0 */15 * * * *", () -> null).withZone(BERLIN));
        List<Instant> next = slots.next(at("2026-10-25T01:50:00", "+02:00"), 8);
        assertThat(next).doesNotHaveDuplicates().isSorted();
        // the repeated hour's wall times are slots once: 02:00..02:45 summer time, then 03:00 winter time
        assertThat(next.get(0)).isEqualTo(at("2026-10-25T02:00:00", "+02:00"));
        assertThat(next.get(4)).isEqualTo(at("2026-10-25T03:00:00", "+01:00"));
    }

    @Test
    void slotsAreWholeSecondsAtOrBeforeAndStrictlyAfter() {
        CronSlots slots = CronSlots.of(Job.user("j", "* * * * * *", () -> null));
        Instant noon = Instant.parse("2026-06-01T12:00:00Z");
        assertThat(slots.latestAtOrBefore(noon)).contains(noon);
        assertThat(slots.latestAtOrBefore(noon.plusMillis(999))).contains(noon);
        assertThat(slots.nextAfter(noon)).contains(noon.plusSeconds(1));
        assertThat(slots.nextAfter(noon.plusMillis(1))).contains(noon.plusSeconds(1));
        CronSlots daily = CronSlots.of(Job.user("j", "0 0 2 * * *", () -> null).withZone(ZoneId.of("UTC")));
        assertThat(daily.latestAtOrBefore(noon)).contains(Instant.parse("2026-06-01T02:00:00Z"));
        assertThat(daily.nextAfter(noon.plusMillis(123))).contains(Instant.parse("2026-06-02T02:00:00Z"));
    }

    @Test
    void fiveFieldsReadWithSecondZeroAndBadCronNamesTheJob() {
        CronSlots slots = CronSlots.of(Job.user("j", "30 3 * * *", () -> null));
        assertThat(slots.nextAfter(Instant.parse("2026-01-01T00:00:00Z"))).contains(Instant.parse("2026-01-01T03:30:00Z"));
        assertThatThrownBy(() -> Job.backup("nightly", "0 0 25 * * *", "/tmp/x"))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageStartingWith("schedule job 'nightly': cron '0 0 25 * * *' is not valid")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
        assertThatThrownBy(() -> Job.restoreDrill("drill", "0 0 5 1 * *", "/tmp/x", null))
                .hasMessage("schedule job 'drill': scratch is required for a restore-drill job"
                        + " (a scratch database URL or a SQLite file)");
    }
}
