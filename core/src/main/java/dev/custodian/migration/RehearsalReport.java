package dev.custodian.migration;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.custodian.internal.Json;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What a migration rehearsal found: for each pending change set, applied one by one to a copy of
 * production, how long it took, the locks it held and the rows it changed, whether its rollback
 * worked and restored the schema exactly, and whether it applied again. Renders as text and JSON.
 *
 * @param engine the engine's name
 * @param source the production database, secrets masked
 * @param scratch the scratch database, secrets masked
 * @param backupId the backup restored into the scratch database
 * @param backupTaken whether that backup was taken for this rehearsal
 * @param startedAt when the rehearsal started
 * @param took how long the whole rehearsal took
 * @param restoreTook how long the restore into the scratch database took
 * @param lockSource where locks were observed ({@code pg_locks}…), or {@code none}
 * @param lockSampleInterval how often locks were sampled
 * @param changeSets every change set pending on the copy, in order
 * @param failure a failure outside any change set (the restore, a schema dump), or null
 * @param notes what the reader must know: locks not observable, steps not tried, a backup older than production
 * @param scratchKept whether the scratch database still holds the rehearsed copy
 */
public record RehearsalReport(String engine, String source, String scratch, String backupId, boolean backupTaken,
        Instant startedAt, Duration took, Duration restoreTook, String lockSource, Duration lockSampleInterval,
        List<ChangeSetRehearsal> changeSets, String failure, List<String> notes, boolean scratchKept) {

    public RehearsalReport {
        source = dev.custodian.Secrets.mask(source);
        scratch = dev.custodian.Secrets.mask(scratch);
        changeSets = List.copyOf(changeSets);
        notes = List.copyOf(notes);
    }

    /** Whether every pending change set applied, rolled back to an identical schema and applied again. */
    public boolean passed() {
        return failure == null && changeSets.stream().allMatch(ChangeSetRehearsal::passed);
    }

    /**
     * The change set whose failure the rehearsal met first, in the order the steps ran: a failed
     * apply (first to last), else a failed rollback or a rollback that does not restore the schema
     * (last to first), else a failed re-apply; else the first change set that did not pass.
     */
    public Optional<ChangeSetRehearsal> firstProblem() {
        Optional<ChangeSetRehearsal> apply = changeSets.stream()
                .filter(c -> c.apply().status() == StepOutcome.Status.FAILED).findFirst();
        if (apply.isPresent()) {
            return apply;
        }
        for (int i = changeSets.size() - 1; i >= 0; i--) {
            ChangeSetRehearsal c = changeSets.get(i);
            if (c.rollback().status() == StepOutcome.Status.FAILED || Boolean.FALSE.equals(c.schemaRestored())) {
                return Optional.of(c);
            }
        }
        Optional<ChangeSetRehearsal> reapply = changeSets.stream()
                .filter(c -> c.reapply().status() == StepOutcome.Status.FAILED).findFirst();
        return reapply.isPresent() ? reapply : changeSets.stream().filter(c -> !c.passed()).findFirst();
    }

    /** One line: passed, or what failed first and on which change set. */
    public String verdict() {
        if (failure != null) {
            return "FAILED: " + failure;
        }
        Optional<ChangeSetRehearsal> problem = firstProblem();
        if (problem.isEmpty()) {
            return changeSets.isEmpty() ? "PASSED: nothing pending"
                    : "PASSED: " + changeSets.size() + " change set(s) applied, rolled back to an identical schema and"
                            + " applied again";
        }
        long failed = changeSets.stream().filter(ChangeSetRehearsal::failed).count();
        long unfinished = changeSets.stream().filter(c -> !c.passed() && !c.failed()).count();
        return "FAILED: " + failed + " of " + changeSets.size() + " change set(s) failed"
                + (unfinished > 0 ? ", " + unfinished + " not tried to the end" : "") + "; first "
                + RehearsalText.name(problem.get().changeSet()) + ": " + problem.get().problem();
    }

    /** A readable rendering: a header, then one block per change set, then the notes. */
    public String toText() {
        return RehearsalText.render(this);
    }

    /** A JSON rendering, stable in field names, with {@code passed} and {@code verdict} added. */
    public String toJson() {
        ObjectNode root = Json.mapper().valueToTree(this);
        root.put("passed", passed());
        root.put("verdict", verdict());
        ArrayNode sets = (ArrayNode) root.get("changeSets");
        for (int i = 0; i < changeSets.size(); i++) {
            ObjectNode node = (ObjectNode) sets.get(i);
            node.put("passed", changeSets.get(i).passed());
            node.put("failed", changeSets.get(i).failed());
            node.put("problem", changeSets.get(i).problem());
        }
        return Json.write(root);
    }
}
