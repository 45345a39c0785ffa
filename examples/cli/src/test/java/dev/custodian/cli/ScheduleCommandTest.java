package dev.custodian.cli;

import static dev.custodian.cli.Cli.run;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.custodian.Custodian;
import dev.custodian.backup.BackupCatalog;
import dev.custodian.schedule.Job;
import dev.custodian.schedule.Schedule;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code schedule next|history} and the schedule file's one-line refusals, shared with {@code agent}. */
class ScheduleCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private Path file(String json) throws Exception {
        Path f = dir.resolve("schedule-" + System.nanoTime() + ".json");
        Files.writeString(f, json);
        return f;
    }

    private Path db() {
        return SqliteFiles.shop(dir.resolve("app.db"), 10);
    }

    @Test
    void badFilesAreRefusedInOneLineNamingJobAndField() throws Exception {
        String url = SqliteFiles.url(db());
        String store = dir.resolve("store").toString();
        String[][] cases = {
            {"{\"jobs\": [", "is not valid JSON"},
            {"{\"jobs\":[{\"name\":\"nightly\",\"cron\":\"0 0 2 * * *\",\"job\":\"defragment\"}]}",
                "job 'nightly': field 'job': unknown job kind 'defragment'"},
            {"{\"jobs\":[{\"name\":\"nightly\",\"cron\":\"0 0 25 * * *\",\"job\":\"backup\"}]}",
                "job 'nightly': cron '0 0 25 * * *' is not valid"},
            {"{\"jobs\":[{\"name\":\"drill\",\"cron\":\"0 0 5 1 * *\",\"job\":\"restore-drill\"}]}",
                "job 'drill': scratch is required"},
            {"{\"jobs\":[{\"name\":\"nightly\",\"cron\":\"0 0 2 * * *\",\"job\":\"backup\",\"retention\":{\"daily\":-1}}]}",
                "job 'nightly': field 'retention.daily' must be a whole number"},
            {"{\"jobs\":[{\"name\":\"nightly\",\"cron\":\"0 0 2 * * *\",\"job\":\"backup\",\"zone\":\"Mars/Olympus\"}]}",
                "job 'nightly': field 'zone': unknown time zone"},
            {"{\"jobs\":[{\"name\":\"nightly\",\"cron\":\"0 0 2 * * *\",\"job\":\"backup\",\"every\":\"day\"}]}",
                "job 'nightly': unknown field 'every'"},
            {"{\"jobs\":[{\"cron\":\"0 0 2 * * *\",\"job\":\"backup\"}]}", "job 1: field 'name' is required"},
            {"{\"jobs\":[{\"name\":\"r\",\"cron\":\"0 0 3 * * *\",\"job\":\"rehearse\",\"scratch\":\"jdbc:sqlite:x.db\"}]}",
                "job 'r': changelog is required for a rehearse job"},
            {"{\"jobs\":[{\"name\":\"r\",\"cron\":\"0 0 3 * * *\",\"job\":\"rehearse\",\"changelog\":\"c.xml\"}]}",
                "job 'r': scratch is required for a rehearse job"},
            {"{\"jobs\":[{\"name\":\"nightly\",\"cron\":\"0 0 2 * * *\",\"job\":\"backup\",\"changelog\":\"c.xml\"}]}",
                "job 'nightly': changelog applies to rehearse jobs only"},
        };
        for (String[] c : cases) {
            Path f = file(c[0]);
            run("schedule", "--url", url, "--schedule", f.toString(), "--store", store, "next").failsWith(1, c[1]);
            run("agent", "--url", url, "--schedule", f.toString(), "--store", store).failsWith(1, c[1]);
        }
        assertThat(dir.resolve("store")).doesNotExist();
    }

    @Test
    void aRehearseJobIsReadWithItsScratchAndChangelog() throws Exception {
        Path f = file("{\"jobs\":[{\"name\":\"rehearsal\",\"cron\":\"0 30 2 * * *\",\"job\":\"rehearse\","
                + "\"scratch\":\"jdbc:sqlite:" + dir.resolve("scratch.db") + "\",\"changelog\":\"db/changelog.xml\"}]}");
        Cli.Run r = run("schedule", "--url", SqliteFiles.url(db()), "--schedule", f.toString(), "--store",
                dir.resolve("store").toString(), "next", "--count", "2", "--json").succeeds();
        JsonNode jobs = JSON.readTree(r.out());
        assertThat(jobs).hasSize(1);
        assertThat(jobs.get(0).get("job").asText()).isEqualTo("rehearsal");
        assertThat(jobs.get(0).get("next")).hasSize(2);
        assertThat(r.out()).contains("rehearse");
    }

    @Test
    void nextListsSlotsInTheJobsZoneAcrossDst() throws Exception {
        Path f = file("{\"jobs\":[{\"name\":\"nightly\",\"cron\":\"0 30 2 * * *\",\"zone\":\"Europe/Berlin\","
                + "\"job\":\"backup\"},{\"name\":\"analyze\",\"cron\":\"0 30 3 * * SUN\",\"job\":\"maintain\","
                + "\"tasks\":[\"optimize\"]}]}");
        String url = SqliteFiles.url(db());
        Cli.Run r = run("schedule", "--url", url, "--schedule", f.toString(), "--store",
                dir.resolve("store").toString(), "next", "--count", "3", "--json").succeeds();
        JsonNode jobs = JSON.readTree(r.out());
        assertThat(jobs).hasSize(2);
        assertThat(jobs.get(0).get("job").asText()).isEqualTo("nightly");
        List<Instant> slots = new ArrayList<>();
        jobs.get(0).get("next").forEach(n -> slots.add(Instant.parse(n.asText())));
        assertThat(slots).hasSize(3).isSorted().doesNotHaveDuplicates();
        for (Instant s : slots) {
            assertThat(s.atZone(ZoneId.of("Europe/Berlin")).toLocalTime().toString()).isEqualTo("02:30");
        }
        assertThat(slots.get(0)).isAfter(Instant.now().minusSeconds(5));
        jobs.get(1).get("next").forEach(n -> assertThat(Instant.parse(n.asText()).atZone(ZoneId.of("UTC"))
                .getDayOfWeek()).isEqualTo(java.time.DayOfWeek.SUNDAY));
        assertThat(run("schedule", "--url", url, "--schedule", f.toString(), "--store",
                dir.resolve("store").toString(), "next").succeeds().out()).contains("nightly", "Europe/Berlin", "02:30");
    }

    @Test
    void historyShowsTheLedgerOfEveryInstance() throws Exception {
        Path database = db();
        Path store = dir.resolve("store");
        try (Custodian app = Custodian.builder(dev.custodian.sqlite.SqliteEngine.create(database))
                .schedule(Schedule.of(Job.backup("every-second", "* * * * * *", store.toString())).withInstance("app-1"))
                .build()) {
            long end = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (app.runs(100).stream().filter(e -> "succeeded".equals(e.outcome())).count() < 2) {
                assertThat(System.nanoTime()).isLessThan(end);
                Thread.sleep(100);
            }
        }
        Path f = file("{\"jobs\":[{\"name\":\"every-second\",\"cron\":\"* * * * * *\",\"job\":\"backup\"}]}");
        Cli.Run r = run("schedule", "--url", SqliteFiles.url(database), "--schedule", f.toString(), "history",
                "--json").succeeds();
        JsonNode runs = JSON.readTree(r.out());
        assertThat(runs.size()).isGreaterThanOrEqualTo(2);
        Set<String> sets = new HashSet<>();
        for (JsonNode e : runs) {
            assertThat(e.get("job").asText()).isEqualTo("every-second");
            assertThat(e.get("instance").asText()).isEqualTo("app-1");
            assertThat(e.get("fencingToken").asLong()).isPositive();
            if (e.get("outcome").asText().equals("succeeded")) {
                sets.add(e.get("setId").asText());
            }
        }
        try (BackupCatalog catalog = BackupCatalog.open(store.toString())) {
            assertThat(catalog.list()).extracting(s -> s.id()).containsExactlyInAnyOrderElementsOf(sets);
        }
        assertThat(run("schedule", "--url", SqliteFiles.url(database), "--schedule", f.toString(), "history")
                .succeeds().out()).contains("every-second", "succeeded", "app-1");
    }
}
