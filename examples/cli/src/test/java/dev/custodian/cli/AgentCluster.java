package dev.custodian.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.custodian.Custodian;
import dev.custodian.backup.BackupCatalog;
import dev.custodian.backup.BackupSummary;
import dev.custodian.spi.RunLedger;
import dev.custodian.testing.ChildJvm;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Agents as separate JVM processes on one database, running a backup every second into one
 * directory store, and what the tests do to them: kill -9 the lock holder mid-backup, pause it
 * (SIGSTOP) past its lease, SIGTERM it mid-backup; then the checks that every slot ran once, that
 * the ledger and the store agree and that no slot was lost while an instance lived.
 */
final class AgentCluster implements AutoCloseable {
    static final String JOB = "every-second";
    private final Path dir;
    private final String url;
    final Path store;
    private final Path scheduleFile;
    private final Map<String, ChildJvm> agents = new LinkedHashMap<>();
    private final Custodian reader;
    /** Slot windows in which slots may be missing because the holder died or paused: [from, to]. */
    private final List<Instant[]> outages = new ArrayList<>();

    AgentCluster(Path dir, String url, Duration lease) throws IOException {
        this.dir = dir;
        this.url = url;
        this.store = dir.resolve("store");
        this.scheduleFile = dir.resolve("schedule.json");
        Files.writeString(scheduleFile, "{\"lease\":\"" + lease + "\",\"jobs\":[{\"name\":\"" + JOB
                + "\",\"cron\":\"* * * * * *\",\"zone\":\"Europe/Berlin\",\"job\":\"backup\"}]}");
        this.reader = UrlOption.connect(url);
    }

    /** Starts an agent; its clock is off by the offset (the schedule runs by the database's time). */
    void start(String name, Duration clockOffset) throws IOException {
        agents.put(name, ChildJvm.start(dir.resolve("agent-" + name), List.of("-Xmx256m", "-XX:TieredStopAtLevel=1"),
                CustodianCli.class, "agent", "--url", url, "--store", store.toString(), "--schedule",
                scheduleFile.toString(), "--instance", name, "--shutdown-deadline", "PT10S", "--clock-offset",
                clockOffset.toString()));
    }

    ChildJvm agent(String name) {
        return agents.get(name);
    }

    List<RunLedger.Entry> runs() {
        return reader.runs(100_000).stream().filter(e -> e.job().equals(JOB))
                .sorted((a, b) -> a.slot().compareTo(b.slot())).toList();
    }

    Optional<RunLedger.Entry> entry(Instant slot) {
        return runs().stream().filter(e -> e.slot().equals(slot)).findFirst();
    }

    void await(String what, Duration timeout, BooleanSupplier condition) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("within " + timeout + ": " + what + "; ledger tail: "
                        + runs().stream().skip(Math.max(0, runs().size() - 5)).toList());
            }
            Thread.sleep(5);
        }
    }

    /**
     * Waits until a backup is being written (a set without a manifest in the store) by an agent of
     * this cluster that still lives, and returns its open ledger entry.
     */
    RunLedger.Entry awaitBackupInProgress(Duration timeout) throws Exception {
        long end = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < end) {
            if (incompleteSets() > 0) {
                Optional<RunLedger.Entry> open = runs().stream().filter(e -> e.ended() == null)
                        .filter(e -> agents.containsKey(e.instance()) && agents.get(e.instance()).alive())
                        .reduce((a, b) -> b);
                if (open.isPresent() && incompleteSets() > 0) {
                    return open.get();
                }
            }
            Thread.sleep(2);
        }
        throw new AssertionError("no backup in progress within " + timeout);
    }

    private long incompleteSets() throws IOException {
        if (!Files.isDirectory(store)) {
            return 0;
        }
        try (Stream<Path> sets = Files.list(store)) {
            return sets.filter(p -> Files.isDirectory(p) && !p.getFileName().toString().startsWith("."))
                    .filter(p -> !Files.exists(p.resolve("manifest.json"))).count();
        }
    }

    /** Slots in [from, to] may be missing: no instance could run them (the holder died or paused). */
    void outage(Instant from, Instant to) {
        outages.add(new Instant[] {from, to});
    }

    /** Stops every agent that still runs with SIGTERM; each must exit 0. */
    void terminateAll() throws Exception {
        for (ChildJvm agent : agents.values()) {
            if (agent.alive()) {
                agent.signal("TERM");
            }
        }
        for (Map.Entry<String, ChildJvm> a : agents.entrySet()) {
            int exit = a.getValue().waitFor(Duration.ofSeconds(30));
            if (!killedNames.contains(a.getKey())) {
                assertThat(exit).as("agent " + a.getKey() + " exit; stderr: " + a.getValue().stderr()).isZero();
            }
        }
    }

    private final java.util.Set<String> killedNames = new java.util.HashSet<>();

    /** Kills an agent at once, as kill -9 does. */
    void kill(String name) throws InterruptedException {
        killedNames.add(name);
        agents.get(name).kill();
    }

    /**
     * The checks of the whole run: slots unique, the ledger and the store agreeing (every succeeded
     * run's set has the run's job, slot and token, no other set exists), no set left incomplete,
     * no slot lost outside the outages, and each agent's one line per run.
     */
    void verify(int atLeastSlots) throws Exception {
        List<RunLedger.Entry> runs = runs();
        assertThat(runs).extracting(RunLedger.Entry::slot).doesNotHaveDuplicates();
        assertThat(runs).allSatisfy(e -> assertThat(e.ended()).as("closed: " + e).isNotNull());
        List<RunLedger.Entry> succeeded = runs.stream().filter(e -> e.outcome().equals("succeeded")).toList();
        assertThat(succeeded.size()).as("slots run").isGreaterThanOrEqualTo(atLeastSlots);
        assertThat(runs).allSatisfy(e -> assertThat(e.outcome()).as(e.toString()).isIn("succeeded", "abandoned"));

        List<BackupSummary> all;
        try (BackupCatalog catalog = BackupCatalog.open(store.toString())) {
            all = catalog.listAll();
        }
        assertThat(all).as("no torn set left").allSatisfy(s -> assertThat(s.complete()).as(s.id()).isTrue());
        Map<String, List<BackupSummary>> bySlot = all.stream()
                .collect(Collectors.groupingBy(s -> s.manifest().facts().get("slot")));
        bySlot.forEach((slot, sets) -> assertThat(sets).as("sets of slot " + slot).hasSize(1));
        Map<String, RunLedger.Entry> bySet = succeeded.stream().collect(Collectors.toMap(RunLedger.Entry::setId, e -> e));
        assertThat(all.stream().map(BackupSummary::id).collect(Collectors.toSet())).isEqualTo(bySet.keySet());
        for (BackupSummary s : all) {
            RunLedger.Entry e = bySet.get(s.id());
            assertThat(s.manifest().facts()).containsEntry("job", JOB).containsEntry("slot", e.slot().toString())
                    .containsEntry("fencingToken", Long.toString(e.token()));
        }
        // every run had an acquisition of its own (a token orders acquisitions; a slot found late may run after a newer one)
        assertThat(runs.stream().map(RunLedger.Entry::token).toList()).doesNotHaveDuplicates();
        Instant first = runs.get(0).slot();
        Instant last = runs.get(runs.size() - 1).slot();
        for (Instant t = first; !t.isAfter(last); t = t.plusSeconds(1)) {
            Instant slot = t;
            boolean excused = outages.stream().anyMatch(o -> !slot.isBefore(o[0]) && !slot.isAfter(o[1]));
            if (!excused) {
                assertThat(runs).as("slot " + slot + " ran").anySatisfy(e -> assertThat(e.slot()).isEqualTo(slot));
            }
        }
        for (Map.Entry<String, ChildJvm> a : agents.entrySet()) {
            String out = a.getValue().stdout();
            for (RunLedger.Entry e : succeeded) {
                if (e.instance().equals(a.getKey())) {
                    assertThat(out).contains("job=" + JOB + " slot=" + e.slot() + " outcome=succeeded set=" + e.setId());
                }
            }
        }
    }

    @Override
    public void close() throws Exception {
        for (ChildJvm agent : agents.values()) {
            agent.close();
        }
        reader.close();
    }
}
