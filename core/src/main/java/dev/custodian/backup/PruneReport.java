package dev.custodian.backup;

import dev.custodian.internal.Json;
import java.util.List;

/**
 * What a prune kept and removed.
 *
 * @param dryRun whether nothing was removed, only decided
 * @param kept complete sets kept, each with the rules that keep it
 * @param removed complete sets removed (or that would be)
 * @param incompleteRemoved stale incomplete sets removed (or that would be)
 */
public record PruneReport(boolean dryRun, List<Decision> kept, List<String> removed, List<String> incompleteRemoved) {
    public PruneReport {
        kept = List.copyOf(kept);
        removed = List.copyOf(removed);
        incompleteRemoved = List.copyOf(incompleteRemoved);
    }

    /**
     * Why a set is kept.
     *
     * @param id the set
     * @param reasons the rules that keep it: {@code daily}, {@code weekly}, {@code monthly}, {@code yearly}, {@code newest}
     */
    public record Decision(String id, List<String> reasons) {
        public Decision {
            reasons = List.copyOf(reasons);
        }
    }

    public String toText() {
        StringBuilder sb = new StringBuilder(dryRun ? "Prune dry run" : "Prune").append(": keep ").append(kept.size())
                .append(", remove ").append(removed.size()).append(", incomplete removed ")
                .append(incompleteRemoved.size()).append('\n');
        kept.forEach(d -> sb.append("  keep    ").append(d.id()).append("  (").append(String.join(", ", d.reasons()))
                .append(")\n"));
        removed.forEach(id -> sb.append("  remove  ").append(id).append('\n'));
        incompleteRemoved.forEach(id -> sb.append("  remove  ").append(id).append("  (incomplete)\n"));
        return sb.toString();
    }

    public String toJson() {
        return Json.write(this);
    }
}
