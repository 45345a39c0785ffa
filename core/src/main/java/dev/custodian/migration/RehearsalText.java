package dev.custodian.migration;

import java.time.Duration;
import java.util.List;

/** The text rendering of a {@link RehearsalReport}. */
final class RehearsalText {
    private RehearsalText() {
    }

    static String name(ChangeSetInfo c) {
        return c.file() + "::" + c.id() + "::" + c.author();
    }

    static String render(RehearsalReport r) {
        StringBuilder sb = new StringBuilder();
        sb.append("Migration rehearsal of ").append(r.engine()).append(' ').append(r.source()).append(": ")
                .append(r.verdict()).append('\n');
        sb.append("  copy:  backup ").append(r.backupId()).append(r.backupTaken() ? " (taken for this rehearsal)" : "")
                .append(" restored into ").append(r.scratch()).append(" in ").append(ms(r.restoreTook()))
                .append(r.scratchKept() ? "; kept" : "; emptied afterwards").append('\n');
        sb.append("  locks: ").append(r.lockSource().equals("none") ? "not observed"
                : r.lockSource() + ", sampled every " + ms(r.lockSampleInterval())).append('\n');
        sb.append("  ").append(r.changeSets().size()).append(" pending change set(s), ").append(ms(r.took()))
                .append(" in all\n");
        int n = 0;
        for (ChangeSetRehearsal c : r.changeSets()) {
            n++;
            sb.append('\n').append(n).append(". ").append(name(c.changeSet())).append("  [")
                    .append(c.passed() ? "passed" : c.failed() ? "FAILED" : "not tried to the end").append("]\n");
            if (c.description() != null && !c.description().isBlank()) {
                sb.append("   ").append(c.description()).append('\n');
            }
            sb.append("   apply     ").append(step(c.apply()));
            if (c.apply().ok() && c.rowsChanged() != null) {
                sb.append(", ").append(c.rowsChanged()).append(c.rowsChanged() == 1 ? " row" : " rows").append(" changed");
            }
            sb.append('\n');
            if (c.apply().ok()) {
                sb.append("   locks     ").append(locks(c.locks(), r.lockSource())).append('\n');
            }
            sb.append("   rollback  ").append(step(c.rollback()));
            if (c.rollback().ok()) {
                if (Boolean.TRUE.equals(c.schemaRestored())) {
                    sb.append(", schema restored exactly");
                } else if (Boolean.FALSE.equals(c.schemaRestored())) {
                    sb.append(", schema NOT restored:");
                } else {
                    sb.append(", schema not compared");
                }
            }
            sb.append('\n');
            if (Boolean.FALSE.equals(c.schemaRestored())) {
                for (String d : c.schemaDifferences()) {
                    sb.append("               ").append(d).append('\n');
                }
            }
            sb.append("   re-apply  ").append(step(c.reapply())).append('\n');
        }
        if (r.failure() != null || !r.notes().isEmpty()) {
            sb.append('\n');
        }
        if (r.failure() != null) {
            sb.append("Failure: ").append(r.failure()).append('\n');
        }
        for (String note : r.notes()) {
            sb.append("Note: ").append(note).append('\n');
        }
        return sb.toString();
    }

    private static String step(StepOutcome s) {
        return switch (s.status()) {
            case OK -> ms(s.took());
            case FAILED -> "FAILED after " + ms(s.took()) + ": " + s.error()
                    + (s.statement() == null ? "" : " [statement: " + s.statement() + "]");
            case NOT_TRIED -> "not tried: " + s.error();
        };
    }

    /** Locks of one mode held alike (same time, same waiting) read as one item naming every object. */
    private static String locks(List<ObservedLock> locks, String source) {
        if (source.equals("none")) {
            return "not observed";
        }
        if (locks.isEmpty()) {
            return "none seen";
        }
        java.util.Map<java.util.List<String>, List<String>> objects = new java.util.LinkedHashMap<>();
        for (ObservedLock l : locks) {
            List<String> key = List.of(l.mode(), "(" + (l.waited() ? "waited, " : "") + "held <= " + ms(l.heldFor()) + ")");
            objects.computeIfAbsent(key, k -> new java.util.ArrayList<>()).add(l.object());
        }
        StringBuilder sb = new StringBuilder();
        objects.forEach((key, names) -> {
            if (sb.length() > 0) {
                sb.append("; ");
            }
            sb.append(key.get(0)).append(" on ").append(String.join(", ", names)).append(' ').append(key.get(1));
        });
        return sb.toString();
    }

    static String ms(Duration d) {
        long ms = d.toMillis();
        return ms >= 10_000 ? String.format(java.util.Locale.ROOT, "%.1f s", ms / 1000.0) : ms + " ms";
    }
}
