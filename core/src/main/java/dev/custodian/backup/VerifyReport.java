package dev.custodian.backup;

import dev.custodian.internal.Json;
import java.time.Duration;
import java.util.List;

/**
 * The outcome of verifying a backup set.
 *
 * @param id the set verified
 * @param level how deep it went
 * @param checked what was checked and found good, one line each
 * @param problems what was found wrong, one line each; empty when the set is good
 * @param took how long it took
 */
public record VerifyReport(String id, VerifyLevel level, List<String> checked, List<String> problems, Duration took) {
    public VerifyReport {
        checked = checked.stream().map(dev.custodian.Secrets::mask).toList();
        problems = problems.stream().map(dev.custodian.Secrets::mask).toList();
    }

    public boolean ok() {
        return problems.isEmpty();
    }

    public String toText() {
        StringBuilder sb = new StringBuilder("Backup ").append(id).append(": ").append(ok() ? "OK" : "FAILED")
                .append(" (").append(level.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'))
                .append(", ").append(took.toMillis()).append(" ms)\n");
        checked.forEach(c -> sb.append("  ok      ").append(c).append('\n'));
        problems.forEach(p -> sb.append("  PROBLEM ").append(p).append('\n'));
        return sb.toString();
    }

    public String toJson() {
        return Json.write(this);
    }
}
