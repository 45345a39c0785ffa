package dev.custodian.schedule;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.custodian.ConfigurationException;
import dev.custodian.backup.RetentionPolicy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * A schedule file (JSON): {@code {"lease":"PT30S","jobs":[{"name":…,"cron":…,"zone":…,"job":…,…}]}}.
 * Every job names a kind ({@code backup}, {@code verify}, {@code restore-drill}, {@code maintain},
 * {@code rehearse}); backups take {@code retention}, {@code copyTo} and {@code copyRetention}, drills a
 * {@code scratch}, maintenance {@code tasks}, rehearsals a {@code scratch} database URL and a
 * {@code changelog}; each may name its own {@code store} (else the command's {@code --store}),
 * a {@code zone} and a {@code misfire} policy ({@code skip} or {@code run-once}). Anything wrong is
 * refused in one line naming the job and the field. The command-line agent and framework
 * integrations (a {@code custodian.schedule} property) read the same file.
 */
public final class ScheduleFile {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> TOP = Set.of("jobs", "lease", "tick", "misfireGrace", "overdueAfter");
    private static final Set<String> JOB = Set.of("name", "cron", "zone", "job", "misfire", "store", "retention",
            "copyTo", "copyRetention", "scratch", "tasks", "changelog");
    private static final Set<String> RETENTION = Set.of("daily", "weekly", "monthly", "yearly");

    private ScheduleFile() {
    }

    /** Reads a schedule file; {@code defaultStore} (may be null) is the store of jobs that name none. */
    public static Schedule read(Path file, String defaultStore) {
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new ConfigurationException("schedule file " + file + " does not exist");
        } catch (IOException e) {
            throw new ConfigurationException("schedule file " + file + " cannot be read: " + e.getMessage());
        }
        JsonNode root;
        try {
            root = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new ConfigurationException("schedule file " + file + " is not valid JSON: line "
                    + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ": "
                    + e.getOriginalMessage().replaceAll("\\s+", " "));
        }
        return parse(root, defaultStore, "schedule file " + file);
    }

    static Schedule parse(JsonNode root, String defaultStore, String where) {
        if (root == null || !root.isObject()) {
            throw new ConfigurationException(where + ": must be a JSON object with a \"jobs\" array");
        }
        unknown(root, TOP, where + ":");
        JsonNode jobs = root.get("jobs");
        if (jobs == null || !jobs.isArray() || jobs.isEmpty()) {
            throw new ConfigurationException(where + ": field 'jobs' must be a non-empty array");
        }
        List<Job> list = new ArrayList<>();
        int index = 0;
        for (JsonNode j : jobs) {
            index++;
            list.add(job(j, defaultStore, where, index));
        }
        Schedule schedule = Schedule.of(list.toArray(Job[]::new));
        if (root.has("lease")) {
            schedule = schedule.withLease(duration(root, "lease", where + ":"));
        }
        if (root.has("tick")) {
            schedule = schedule.withTick(duration(root, "tick", where + ":"));
        }
        if (root.has("misfireGrace")) {
            schedule = schedule.withMisfireGrace(duration(root, "misfireGrace", where + ":"));
        }
        if (root.has("overdueAfter")) {
            schedule = schedule.withOverdueAfter(duration(root, "overdueAfter", where + ":"));
        }
        return schedule;
    }

    private static Job job(JsonNode j, String defaultStore, String where, int index) {
        if (!j.isObject()) {
            throw new ConfigurationException(where + ": job " + index + " must be an object");
        }
        String name = text(j, "name", where + ": job " + index + ":");
        if (name == null) {
            throw new ConfigurationException(where + ": job " + index + ": field 'name' is required");
        }
        String at = where + ": job '" + name + "':";
        unknown(j, JOB, at);
        String kindName = text(j, "job", at);
        if (kindName == null) {
            throw new ConfigurationException(at + " field 'job' is required (backup, verify, restore-drill, maintain,"
                    + " rehearse)");
        }
        JobKind kind = JobKind.byId(kindName);
        if (kind == null || kind == JobKind.USER) {
            throw new ConfigurationException(at + " field 'job': unknown job kind '" + kindName
                    + "'; known kinds: backup, verify, restore-drill, maintain, rehearse");
        }
        String cron = text(j, "cron", at);
        if (cron == null) {
            throw new ConfigurationException(at + " field 'cron' is required (six fields, seconds first)");
        }
        ZoneId zone = null;
        String zoneName = text(j, "zone", at);
        if (zoneName != null) {
            try {
                zone = ZoneId.of(zoneName);
            } catch (DateTimeException e) {
                throw new ConfigurationException(at + " field 'zone': unknown time zone '" + zoneName + "'");
            }
        }
        MisfirePolicy misfire = null;
        String misfireName = text(j, "misfire", at);
        if (misfireName != null) {
            misfire = switch (misfireName) {
                case "skip" -> MisfirePolicy.SKIP;
                case "run-once" -> MisfirePolicy.RUN_ONCE;
                default -> throw new ConfigurationException(at + " field 'misfire' must be skip or run-once, was '"
                        + misfireName + "'");
            };
        }
        String store = text(j, "store", at);
        if (store == null && kind != JobKind.MAINTAIN) {
            store = defaultStore;
        }
        List<String> tasks = new ArrayList<>();
        if (j.has("tasks")) {
            if (!j.get("tasks").isArray()) {
                throw new ConfigurationException(at + " field 'tasks' must be an array of task names");
            }
            j.get("tasks").forEach(t -> tasks.add(t.asText()));
        }
        try {
            return new Job(name, cron, zone, kind, misfire, store, retention(j, "retention", at), text(j, "copyTo", at),
                    retention(j, "copyRetention", at), text(j, "scratch", at), tasks, null,
                    text(j, "changelog", at));
        } catch (ConfigurationException e) {
            String message = e.getMessage();
            if (message.startsWith("schedule job '")) {
                message = message.substring(message.indexOf("':") + 2).trim();
            }
            if (message.startsWith("store is required")) {
                message = "field 'store' is required for a " + kind.id() + " job (or give --store)";
            }
            throw new ConfigurationException(at + " " + message);
        }
    }

    private static RetentionPolicy retention(JsonNode j, String field, String at) {
        JsonNode r = j.get(field);
        if (r == null || r.isNull()) {
            return null;
        }
        if (!r.isObject()) {
            throw new ConfigurationException(at + " field '" + field + "' must be an object of daily, weekly, monthly, yearly");
        }
        unknown(r, RETENTION, at + " field '" + field + "':");
        int[] keep = new int[4];
        String[] names = {"daily", "weekly", "monthly", "yearly"};
        for (int i = 0; i < 4; i++) {
            JsonNode n = r.get(names[i]);
            if (n == null) {
                continue;
            }
            if (!n.canConvertToInt() || !n.isIntegralNumber() || n.asInt() < 0) {
                throw new ConfigurationException(at + " field '" + field + "." + names[i]
                        + "' must be a whole number of 0 or more, was " + n);
            }
            keep[i] = n.asInt();
        }
        return new RetentionPolicy(keep[0], keep[1], keep[2], keep[3]);
    }

    private static Duration duration(JsonNode node, String field, String at) {
        String value = node.get(field).asText();
        try {
            return Duration.parse(value);
        } catch (DateTimeParseException e) {
            throw new ConfigurationException(at + " field '" + field + "' must be an ISO-8601 duration such as PT30S,"
                    + " was '" + value + "'");
        }
    }

    private static String text(JsonNode j, String field, String at) {
        JsonNode n = j.get(field);
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isTextual()) {
            throw new ConfigurationException(at + " field '" + field + "' must be a string");
        }
        return n.asText();
    }

    private static void unknown(JsonNode node, Set<String> known, String at) {
        for (Iterator<String> it = node.fieldNames(); it.hasNext();) {
            String f = it.next();
            if (!known.contains(f)) {
                throw new ConfigurationException(at + " unknown field '" + f + "'; known fields: "
                        + String.join(", ", known.stream().sorted().toList()));
            }
        }
    }
}
