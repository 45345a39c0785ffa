package dev.custodian.internal.schedule;

import com.cronutils.model.Cron;
import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import dev.custodian.ConfigurationException;
import dev.custodian.schedule.Job;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.zone.ZoneOffsetTransition;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The slots of a cron expression in a zone, read by cron-utils (Spring's six fields, seconds
 * first; five fields get second 0). Across DST changes a wall-clock time that does not exist
 * (spring forward) is a slot at the instant it names in the offset before the change (02:30 runs at
 * 03:30 summer time), and one that happens twice (fall back) is a slot once, at its first
 * occurrence; a slot is never produced twice.
 */
public final class CronSlots {
    private static final CronParser PARSER = new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.SPRING53));
    private final ExecutionTime execution;
    private final ZoneId zone;

    private CronSlots(ExecutionTime execution, ZoneId zone) {
        this.execution = execution;
        this.zone = zone;
    }

    /** The slots of a job. */
    public static CronSlots of(Job job) {
        return new CronSlots(ExecutionTime.forCron(parse(job.name(), job.cron())), job.zone());
    }

    /** Parses a cron expression; refused in one line naming the job and the field. */
    public static Cron parse(String job, String expression) {
        if (expression == null || expression.isBlank()) {
            throw new ConfigurationException("schedule job '" + job + "': cron is required");
        }
        String text = expression.trim();
        if (text.split("\\s+").length == 5) {
            text = "0 " + text;
        }
        try {
            Cron cron = PARSER.parse(text);
            cron.validate();
            return cron;
        } catch (RuntimeException e) {
            throw new ConfigurationException("schedule job '" + job + "': cron '" + expression + "' is not valid: "
                    + oneLine(e.getMessage()));
        }
    }

    private static String oneLine(String message) {
        return message == null ? "unreadable" : message.replaceAll("\\s+", " ").trim();
    }

    /** The first slot strictly after an instant, or empty when the cron has none. */
    public Optional<Instant> nextAfter(Instant t) {
        // slots are whole seconds: from the second t is in, the next one after it is after t
        ZonedDateTime at = t.truncatedTo(ChronoUnit.SECONDS).atZone(zone);
        for (int guard = 0; guard < 4; guard++) {
            Optional<ZonedDateTime> n = execution.nextExecution(at);
            if (n.isEmpty()) {
                return Optional.empty();
            }
            ZonedDateTime slot = n.get();
            Optional<Instant> inGap = skippedByGap(at, slot.toInstant());
            if (inGap.isPresent()) {
                return inGap;
            }
            if (!isRepeatOfEarlier(slot)) {
                return Optional.of(slot.toInstant().truncatedTo(ChronoUnit.SECONDS));
            }
            // past the repeated hour: its wall times were slots already, in the first pass
            ZoneOffsetTransition tr = zone.getRules().getTransition(slot.toLocalDateTime());
            at = tr.getDateTimeBefore().atOffset(tr.getOffsetAfter()).toInstant().minusMillis(1).atZone(zone);
        }
        return Optional.empty();
    }

    /**
     * The newest slot at or before an instant, or empty when there is none: found backwards by
     * cron-utils, then walked forwards with {@link #nextAfter}, so that both agree across DST changes.
     */
    public Optional<Instant> latestAtOrBefore(Instant t) {
        ZonedDateTime at = t.truncatedTo(ChronoUnit.SECONDS).plusSeconds(1).atZone(zone);
        Optional<ZonedDateTime> back = execution.lastExecution(at);
        Instant found;
        if (back.isPresent()) {
            found = back.get().toInstant().truncatedTo(ChronoUnit.SECONDS);
            if (found.isAfter(t) || isRepeatOfEarlier(back.get())) {
                ZonedDateTime earlier = back.get().minusDays(1);
                Optional<ZonedDateTime> before = execution.lastExecution(earlier);
                found = before.map(z -> z.toInstant().truncatedTo(ChronoUnit.SECONDS)).orElse(null);
            }
        } else {
            found = null;
        }
        Instant from = found == null ? t.minus(java.time.Duration.ofDays(400)) : found.minusSeconds(1);
        Instant best = null;
        for (int guard = 0; guard < 10_000; guard++) {
            Optional<Instant> n = nextAfter(from);
            if (n.isEmpty() || n.get().isAfter(t)) {
                break;
            }
            best = n.get();
            from = best;
        }
        return Optional.ofNullable(best);
    }

    /** The next {@code count} slots after an instant. */
    public List<Instant> next(Instant after, int count) {
        List<Instant> out = new ArrayList<>();
        Instant t = after;
        while (out.size() < count) {
            Optional<Instant> n = nextAfter(t);
            if (n.isEmpty()) {
                break;
            }
            out.add(n.get());
            t = n.get();
        }
        return out;
    }

    /**
     * A slot whose wall-clock time fell in a spring-forward gap between {@code from} and {@code next}:
     * it runs at the instant that wall time names in the offset before the change (02:30 becomes
     * 03:30 summer time), as {@link ZonedDateTime} resolves a time in a gap.
     */
    private Optional<Instant> skippedByGap(ZonedDateTime from, Instant next) {
        ZoneOffsetTransition tr = zone.getRules().nextTransition(from.toInstant());
        if (tr == null || !tr.isGap() || !tr.getInstant().isBefore(next)) {
            return Optional.empty();
        }
        Optional<ZonedDateTime> fixed = execution.nextExecution(from.withZoneSameInstant(tr.getOffsetBefore()));
        if (fixed.isEmpty()) {
            return Optional.empty();
        }
        LocalDateTime wall = fixed.get().toLocalDateTime();
        boolean inGap = !wall.isBefore(tr.getDateTimeBefore()) && wall.isBefore(tr.getDateTimeAfter());
        Instant moved = fixed.get().toInstant().truncatedTo(ChronoUnit.SECONDS);
        return inGap && moved.isBefore(next) && moved.isAfter(from.toInstant()) ? Optional.of(moved) : Optional.empty();
    }

    /** Whether the same wall-clock time happened earlier (the second pass through a fall-back hour). */
    private boolean isRepeatOfEarlier(ZonedDateTime slot) {
        LocalDateTime local = slot.toLocalDateTime();
        var offsets = zone.getRules().getValidOffsets(local);
        return offsets.size() == 2 && slot.getOffset().equals(offsets.get(1));
    }
}
