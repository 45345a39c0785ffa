package dev.custodian.cli;

import dev.custodian.ConfigurationException;
import dev.custodian.Custodian;
import dev.custodian.internal.TextTable;
import dev.custodian.schedule.Job;
import dev.custodian.schedule.Schedule;
import dev.custodian.schedule.ScheduleFile;
import dev.custodian.spi.ClusterLock;
import dev.custodian.spi.RunLedger;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code schedule next|history}: a schedule file's next slots, and the run ledger's recent runs. */
@Command(name = "schedule", sortOptions = false,
        description = {"next: the next slots of each job of a schedule file, by the database's time.",
            "history: the recent runs of its jobs from the run ledger in the database (every agent's and"
                    + " application's): slot, job, outcome, instance, set id, fencing token."})
final class ScheduleCommand extends CliCommand {
    @Mixin
    UrlOption db;

    @Option(names = "--schedule", required = true, paramLabel = "FILE", description = "The schedule file (JSON).")
    Path scheduleFile;

    @Option(names = "--store", paramLabel = StoreOption.LABEL, description = "The store of jobs that name none.")
    String store;

    @Parameters(index = "0", paramLabel = "next|history", description = "What to show.")
    String what;

    @Option(names = "--count", paramLabel = "N",
            description = "Slots per job (next, default 5) or runs (history, default 20).")
    Integer count;

    @Option(names = "--json", description = "Print as JSON.")
    boolean json;

    @Override
    public Integer call() {
        if (!what.equals("next") && !what.equals("history")) {
            throw new ConfigurationException("schedule: unknown action '" + what + "'; use next or history");
        }
        if (count == null) {
            count = what.equals("next") ? 5 : 20;
        }
        if (count < 1) {
            throw new ConfigurationException("schedule: --count must be 1 or more, was " + count);
        }
        Schedule schedule = ScheduleFile.read(scheduleFile, store == null ? "(none)" : store);
        try (Custodian custodian = db.connect()) {
            if (what.equals("next")) {
                next(custodian, schedule);
            } else {
                history(custodian, schedule);
            }
        }
        return ExitCodes.OK;
    }

    private void next(Custodian custodian, Schedule schedule) {
        Instant now;
        try (ClusterLock lock = custodian.engine().clusterLock().orElseThrow(() -> new ConfigurationException(
                "engine " + custodian.info().engine() + " cannot run schedules"))) {
            now = lock.databaseTime();
        }
        List<Map<String, Object>> rows = new ArrayList<>();
        TextTable table = new TextTable("JOB", "KIND", "ZONE", "SLOT (ZONE)", "SLOT (UTC)");
        for (Job job : schedule.jobs()) {
            List<Instant> slots = schedule.nextSlots(job.name(), now, count);
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("job", job.name());
            row.put("kind", job.kind().id());
            row.put("cron", job.cron());
            row.put("zone", job.zone().getId());
            row.put("next", slots.stream().map(Instant::toString).toList());
            rows.add(row);
            for (Instant slot : slots) {
                table.row(job.name(), job.kind().id(), job.zone().getId(),
                        slot.atZone(job.zone()).toLocalDateTime().toString(), slot.toString());
            }
        }
        print(json ? JsonOutput.write(rows) : table.render());
    }

    private void history(Custodian custodian, Schedule schedule) {
        int limit = count;
        Set<String> names = schedule.jobs().stream().map(Job::name).collect(Collectors.toSet());
        List<RunLedger.Entry> runs = custodian.runs(10_000).stream().filter(e -> names.contains(e.job())).limit(limit)
                .toList();
        if (json) {
            List<Map<String, Object>> rows = new ArrayList<>();
            for (RunLedger.Entry e : runs) {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("job", e.job());
                row.put("slot", e.slot().toString());
                row.put("outcome", e.outcome());
                row.put("instance", e.instance());
                row.put("started", e.started() == null ? null : e.started().toString());
                row.put("ended", e.ended() == null ? null : e.ended().toString());
                row.put("setId", e.setId());
                row.put("fencingToken", e.token());
                row.put("detail", e.detail());
                rows.add(row);
            }
            print(JsonOutput.write(rows));
            return;
        }
        if (runs.isEmpty()) {
            print("No runs in the ledger for the jobs of " + scheduleFile);
            return;
        }
        TextTable table = new TextTable("SLOT", "JOB", "OUTCOME", "INSTANCE", "TOOK", "SET", "TOKEN", "DETAIL");
        for (RunLedger.Entry e : runs) {
            String took = e.ended() == null || e.started() == null ? "-"
                    : (e.ended().toEpochMilli() - e.started().toEpochMilli()) + " ms";
            table.row(e.slot().toString(), e.job(), e.outcome(), e.instance(), took, e.setId() == null ? "-" : e.setId(),
                    e.token(), e.detail() == null ? "" : ErrorReporter.oneLine(e.detail()));
        }
        print(table.render());
    }
}
