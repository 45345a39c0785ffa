package dev.custodian.backup.internal;

import dev.custodian.backup.RetentionPolicy;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.IsoFields;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Grandfather-father-son retention with restic's semantics. Sets are walked newest first; for
 * each rule with a count above zero, a set is kept when its period differs from the period of the
 * last set that rule kept, until the rule has kept its count. Rules are OR-ed, and the newest set
 * is always kept. Periods are taken in the given zone; weeks are ISO weeks of the week-based year.
 */
public final class Retention {

    /** A set as retention sees it. */
    public record Candidate(String id, Instant createdAt) {
    }

    private record Rule(String name, int count, Function<ZonedDateTime, Object> period) {
    }

    private Retention() {
    }

    /**
     * Decides which sets to keep.
     *
     * @param newestFirst complete sets, newest first
     * @return the kept sets' ids, newest first, each with the rules that keep it
     */
    public static Map<String, List<String>> keep(List<Candidate> newestFirst, RetentionPolicy policy, ZoneId zone) {
        List<Rule> rules = List.of(
                new Rule("daily", policy.daily(), ZonedDateTime::toLocalDate),
                new Rule("weekly", policy.weekly(),
                        t -> t.get(IsoFields.WEEK_BASED_YEAR) * 100 + t.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR)),
                new Rule("monthly", policy.monthly(), t -> t.getYear() * 100 + t.getMonthValue()),
                new Rule("yearly", policy.yearly(), ZonedDateTime::getYear));
        int[] left = rules.stream().mapToInt(Rule::count).toArray();
        Object[] last = new Object[rules.size()];
        Map<String, List<String>> kept = new LinkedHashMap<>();
        for (int i = 0; i < newestFirst.size(); i++) {
            Candidate c = newestFirst.get(i);
            ZonedDateTime at = c.createdAt().atZone(zone);
            List<String> reasons = new ArrayList<>();
            if (i == 0) {
                reasons.add("newest");
            }
            for (int r = 0; r < rules.size(); r++) {
                if (left[r] > 0) {
                    Object period = rules.get(r).period().apply(at);
                    if (!period.equals(last[r])) {
                        last[r] = period;
                        left[r]--;
                        reasons.add(rules.get(r).name());
                    }
                }
            }
            if (!reasons.isEmpty()) {
                kept.put(c.id(), reasons);
            }
        }
        return kept;
    }
}
