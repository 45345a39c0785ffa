package dev.custodian.backup;

import dev.custodian.internal.Json;
import java.time.Duration;
import java.util.List;

/**
 * What a copy between two stores did.
 *
 * @param from the source store, secrets masked
 * @param to the target store, secrets masked
 * @param copied the sets copied, each verified against its manifest on the way
 * @param skipped the sets the target already had complete
 * @param storedBytes the bytes copied
 * @param took how long it took
 */
public record CopyReport(String from, String to, List<String> copied, List<String> skipped, long storedBytes,
        Duration took) {
    public CopyReport {
        from = dev.custodian.Secrets.mask(from);
        to = dev.custodian.Secrets.mask(to);
        copied = List.copyOf(copied);
        skipped = List.copyOf(skipped);
    }

    public String toText() {
        StringBuilder sb = new StringBuilder("Copy from ").append(from).append(" to ").append(to).append(": ")
                .append(copied.size()).append(" copied, ").append(skipped.size()).append(" already there (")
                .append(took.toMillis()).append(" ms)\n");
        copied.forEach(id -> sb.append("  copied   ").append(id).append('\n'));
        skipped.forEach(id -> sb.append("  skipped  ").append(id).append('\n'));
        return sb.toString();
    }

    public String toJson() {
        return Json.write(this);
    }
}
