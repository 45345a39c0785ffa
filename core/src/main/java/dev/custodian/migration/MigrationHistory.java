package dev.custodian.migration;

import dev.custodian.internal.Json;
import dev.custodian.internal.TextTable;
import java.util.List;
import java.util.Optional;

/**
 * The change sets applied to a database, in the order they were applied, with the tags given to
 * it: the history a quarterly migration review reads.
 *
 * @param changeSets every applied change set, oldest first; empty when no change set was ever applied
 */
public record MigrationHistory(List<AppliedChangeSet> changeSets) {
    public MigrationHistory {
        changeSets = List.copyOf(changeSets);
    }

    /** The tags given to the database, oldest first. */
    public List<String> tags() {
        return changeSets.stream().map(AppliedChangeSet::tag).filter(t -> t != null && !t.isBlank()).toList();
    }

    /** The last applied change set. */
    public Optional<AppliedChangeSet> last() {
        return changeSets.isEmpty() ? Optional.empty() : Optional.of(changeSets.get(changeSets.size() - 1));
    }

    /** One line per applied change set. */
    public String toText() {
        if (changeSets.isEmpty()) {
            return "No change set applied\n";
        }
        TextTable table = new TextTable("#", "ID", "AUTHOR", "FILE", "APPLIED", "DEPLOYMENT", "CHECKSUM", "TAG");
        for (AppliedChangeSet c : changeSets) {
            table.row(c.order(), c.id(), c.author(), c.file(), c.appliedAt(), c.deploymentId(), c.checksum(),
                    c.tag());
        }
        return changeSets.size() + " applied change set(s):\n" + table.render();
    }

    public String toJson() {
        return Json.write(this);
    }
}
