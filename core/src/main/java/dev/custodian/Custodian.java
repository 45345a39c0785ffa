package dev.custodian;

import dev.custodian.backup.BackupCatalog;
import dev.custodian.backup.BackupCheck;
import dev.custodian.backup.BackupOptions;
import dev.custodian.backup.Backups;
import dev.custodian.backup.DecryptionKeys;
import dev.custodian.backup.internal.BackupChecks;
import dev.custodian.backup.internal.DirectoryStore;
import dev.custodian.backup.internal.EngineBackups;
import dev.custodian.backup.internal.StoreCatalog;
import dev.custodian.backup.internal.Stores;
import dev.custodian.health.HealthOptions;
import dev.custodian.health.HealthProbe;
import dev.custodian.health.HealthReport;
import dev.custodian.health.ProbeGroup;
import dev.custodian.internal.Engines;
import dev.custodian.internal.HealthRunner;
import dev.custodian.internal.MaintenanceRunner;
import dev.custodian.internal.Messages;
import dev.custodian.internal.WorkTracker;
import dev.custodian.internal.schedule.FacadeJobHost;
import dev.custodian.internal.schedule.JobHost;
import dev.custodian.internal.schedule.ScheduleProbes;
import dev.custodian.internal.schedule.ScheduleReports;
import dev.custodian.internal.schedule.Scheduler;
import dev.custodian.schedule.JobStatus;
import dev.custodian.schedule.Schedule;
import dev.custodian.spi.RunLedger;
import dev.custodian.maintenance.MaintenanceReport;
import dev.custodian.maintenance.MaintenanceTask;
import dev.custodian.migration.MigrationOptions;
import dev.custodian.migration.Migrations;
import dev.custodian.migration.internal.LiquibaseMigrations;
import dev.custodian.pool.PoolAdvice;
import dev.custodian.pool.PoolAdvisor;
import dev.custodian.pool.PoolSettings;
import dev.custodian.shutdown.GracefulShutdown;
import dev.custodian.shutdown.internal.ShutdownCoordinator;
import dev.custodian.shutdown.ShutdownReport;
import dev.custodian.spi.Engine;
import dev.custodian.spi.EngineInfo;
import dev.custodian.spi.ManagedPool;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The facade for one managed database: health, maintenance, backups, migrations, pool advice and
 * graceful shutdown. Thread-safe. Closing it shuts it down gracefully.
 *
 * <pre>{@code
 * try (Custodian db = Custodian.connect("jdbc:sqlite:app.db")) {
 *     log.info(db.health().toText());
 *     db.backups(Path.of("backups")).backup(BackupOptions.defaults(), ProgressListener.none());
 * }
 * }</pre>
 */
public final class Custodian implements AutoCloseable {
    /** The deadline {@link #close()} gives a graceful shutdown. */
    public static final Duration DEFAULT_SHUTDOWN_DEADLINE = Duration.ofSeconds(30);
    // after running jobs were cancelled, the time they get to close their ledger entries and release their locks
    private static final Duration JOB_CLOSE_GRACE = Duration.ofSeconds(10);

    private final Engine engine;
    private final Clock clock;
    private final HealthRunner health;
    private final MaintenanceRunner maintenance;
    private final WorkTracker work = new WorkTracker();
    private final ShutdownCoordinator shutdown;
    private volatile boolean notReady;
    private final Map<String, StoreCatalog> stores = new ConcurrentHashMap<>();
    private final OperationEvents events = new OperationEvents();
    private final Scheduler scheduler;

    private Custodian(Builder b) {
        this.engine = b.engine;
        this.clock = b.clock;
        List<HealthProbe> probes = new ArrayList<>();
        probes.add(HealthRunner.processProbe(clock));
        probes.add(HealthRunner.acceptingWorkProbe(() -> notReady));
        probes.addAll(engine.probes());
        if (b.schedule != null) {
            this.scheduler = Scheduler.forEngine(b.schedule, engine, jobHost());
            probes.addAll(ScheduleProbes.all(new ScheduleReports(scheduler), jobHost()));
        } else {
            this.scheduler = null;
        }
        Set<String> names = new HashSet<>();
        for (HealthProbe p : probes) {
            if (!names.add(p.name())) {
                throw new ConfigurationException("two health probes are named '" + p.name() + "'");
            }
        }
        for (String name : b.health.thresholds().keySet()) {
            requireProbe(names, name, "health.threshold");
        }
        for (String name : b.health.disabled()) {
            requireProbe(names, name, "health.disable");
        }
        this.health = new HealthRunner(probes, b.health, clock);
        List<MaintenanceTask> tasks = new ArrayList<>(engine.maintenanceTasks());
        tasks.addAll(b.tasks);
        this.maintenance = new MaintenanceRunner(tasks);
        ShutdownCoordinator.Builder sb = ShutdownCoordinator.builder()
                .markNotReady(() -> notReady = true)
                .stopTakingWork(() -> {
                    if (scheduler != null) {
                        scheduler.stop();
                    }
                    work.close();
                })
                .drainWork(end -> {
                    List<String> cancelled = work.awaitOrCancel(end);
                    if (scheduler != null) {
                        scheduler.awaitJobs(JOB_CLOSE_GRACE);
                    }
                    return cancelled;
                });
        for (ManagedPool pool : engine.pools()) {
            sb.pool(pool);
        }
        engine.finalizers().forEach(sb::finalizer);
        sb.close(health);
        sb.close("backup-stores", () -> stores.values().forEach(StoreCatalog::close));
        if (scheduler != null) {
            sb.close("scheduler", scheduler);
        }
        sb.close(engine);
        this.shutdown = sb.build();
        if (b.shutdownHookDeadline != null) {
            shutdown.registerJvmHook(b.shutdownHookDeadline);
        }
        if (scheduler != null) {
            scheduler.start();
        }
    }

    /** What the scheduler uses of this facade; a drill's scratch target is a facade that owns its engine. */
    private JobHost jobHost() {
        return new FacadeJobHost(this, work, clock,
                target -> new Builder(Engines.forScratch(target).openScratch(target, new Properties()), true).build());
    }

    private static void requireProbe(Set<String> names, String name, String field) {
        if (!names.contains(name)) {
            throw new ConfigurationException(field + ": unknown probe '" + name + "'; known probes: "
                    + String.join(", ", names.stream().sorted().toList()));
        }
    }

    /** Opens the database at the URL with the engine found for it on the class path. */
    public static Custodian connect(String url) {
        return connect(url, new Properties());
    }

    /** Opens the database at the URL with driver or client properties (user, password…). */
    public static Custodian connect(String url, Properties properties) {
        return builder(url, properties).build();
    }

    /** A builder for a database found by URL. */
    public static Builder builder(String url, Properties properties) {
        Engine engine = Engines.forUrl(url).open(url, properties == null ? new Properties() : properties);
        return new Builder(engine, true);
    }

    /** A builder for an engine created explicitly, such as {@code SqliteEngine.create(dataSource)}. */
    public static Builder builder(Engine engine) {
        return new Builder(Objects.requireNonNull(engine, "engine"), false);
    }

    /** A store of backups seen without a connection: list, verify, prune, export. */
    public static BackupCatalog catalog(Path directory) {
        return BackupCatalog.open(directory);
    }

    /**
     * A store of backups named by URL (a path, {@code file:…}, {@code s3://bucket/prefix?…}) seen
     * without a connection; close it when done.
     */
    public static BackupCatalog catalog(String storeUrl) {
        return BackupCatalog.open(storeUrl);
    }

    /** The engine behind this facade. */
    public Engine engine() {
        return engine;
    }

    /** What is managed: engine, server version, database, masked target. */
    public EngineInfo info() {
        return engine.describe();
    }

    /** Every probe: liveness, readiness and diagnostics. */
    public HealthReport health() {
        return health(ProbeGroup.values());
    }

    /** The probes of the given groups. */
    public HealthReport health(ProbeGroup... groups) {
        Set<ProbeGroup> set = groups.length == 0 ? EnumSet.allOf(ProbeGroup.class) : EnumSet.of(groups[0], groups);
        return health.run(engine.describe(), set);
    }

    /**
     * Runs the named probes now, whatever their group or cost: a costly probe (an integrity
     * check, a scan of every table) that {@link #health()} reports from its last run is measured
     * again, and its new result is the one later reports carry.
     *
     * @throws ConfigurationException when a name is not one of {@link #probes()}
     */
    public HealthReport check(String... probeNames) {
        if (probeNames.length == 0) {
            throw new ConfigurationException("check needs at least one probe name");
        }
        try {
            return health.runNamed(engine.describe(), List.of(probeNames));
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException(e.getMessage());
        }
    }

    /** Liveness only: never touches the database. */
    public HealthReport liveness() {
        return health(ProbeGroup.LIVENESS);
    }

    /** Readiness: cheap database checks; DOWN once shutdown has begun. */
    public HealthReport readiness() {
        return health(ProbeGroup.READINESS);
    }

    /** The probes that run, core's and the engine's. */
    public List<HealthProbe> probes() {
        return health.probes();
    }

    /** The maintenance tasks, the engine's and the ones added to the builder. */
    public List<MaintenanceTask> maintenanceTasks() {
        return maintenance.tasks();
    }

    /**
     * Runs maintenance: the named tasks, or the default (ONLINE) tasks when none are named.
     * EXCLUSIVE tasks run only when named. A dry run lists the statements and changes nothing.
     */
    public MaintenanceReport maintain(List<String> taskNames, boolean dryRun) {
        List<MaintenanceTask> selected = maintenance.select(taskNames);
        Instant started = clock.instant();
        MaintenanceReport report;
        try (WorkTracker.Work w = work.begin("maintenance")) {
            report = maintenance.run(selected, dryRun, w::cancelled);
        } catch (RuntimeException e) {
            if (!dryRun) {
                events.publish(OperationEvent.failed(OperationEvent.Operation.MAINTENANCE, "", null, clock.instant(),
                        Duration.between(started, clock.instant()), Messages.describe(e)));
            }
            throw e;
        }
        if (!dryRun) {
            long actions = report.tasks().stream().mapToLong(t -> t.actions().size()).sum();
            String failures = String.join("; ", report.tasks().stream().filter(t -> !t.succeeded())
                    .map(t -> t.task() + ": " + (t.error() == null ? "failed" : t.error())).toList());
            Instant ended = clock.instant();
            events.publish(report.succeeded()
                    ? OperationEvent.succeeded(OperationEvent.Operation.MAINTENANCE, "", null, ended, report.took(), 0, 0,
                            actions)
                    : new OperationEvent(OperationEvent.Operation.MAINTENANCE, false, "", null, ended, report.took(), 0, 0,
                            actions, failures));
        }
        return report;
    }

    /**
     * The listeners of this database's operations: every backup, restore, restore drill and
     * maintenance run is told to them when it ends (metrics are fed this way).
     */
    public OperationEvents events() {
        return events;
    }

    /** Backups of this database into a store directory. */
    public Backups backups(Path directory) {
        return new EngineBackups(engine, new StoreCatalog(new DirectoryStore(directory), clock, DecryptionKeys.none()),
                clock, work::begin, events);
    }

    /**
     * Backups of this database into the store a URL names: a path, {@code file:…}, or
     * {@code s3://bucket/prefix?endpoint=…&region=…&pathStyle=true} with credentials from the
     * standard AWS chain. The store is opened once and closed with this facade.
     */
    public Backups backups(String storeUrl) {
        return backups(storeUrl, new Properties());
    }

    /** The same, with the store's credentials given as properties ({@code accessKeyId}, {@code secretAccessKey}). */
    public Backups backups(String storeUrl, Properties storeProperties) {
        StoreCatalog catalog = stores.computeIfAbsent(storeUrl,
                url -> new StoreCatalog(Stores.open(url, storeProperties), clock, DecryptionKeys.none()));
        return new EngineBackups(engine, catalog, clock, work::begin, events);
    }

    /**
     * What a backup with these options would refuse, found without taking it and without a store:
     * the engine's default strategy (or the one the options name) inspects the database.
     */
    public BackupCheck checkBackup(BackupOptions options) {
        try (WorkTracker.Work w = work.begin("backup-check")) {
            return BackupChecks.check(engine, options);
        }
    }

    /**
     * Liquibase migrations of this database; JDBC engines only, with Liquibase
     * ({@code org.liquibase:liquibase-core}) on the class path.
     */
    public Migrations migrations(MigrationOptions options) {
        var jdbc = engine.jdbc().orElseThrow(() -> new ConfigurationException(
                "migrations need a JDBC database; " + engine.describe().engine() + " has none"));
        requireLiquibase();
        return new LiquibaseMigrations(engine, jdbc, options, this::backups);
    }

    private static void requireLiquibase() {
        try {
            Class.forName("liquibase.command.CommandScope", false, Custodian.class.getClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            throw new ConfigurationException("migrations need Liquibase on the class path: add the dependency"
                    + " org.liquibase:liquibase-core (4.33.0 is the last Apache-2.0 release)");
        }
    }

    /** The engine's pool recipe and the advisor's findings about the pool in use. */
    public PoolAdvice poolAdvice() {
        PoolSettings settings = engine.currentPool().orElseThrow(() -> new ConfigurationException(
                "the engine does not know its pool; pass the settings to poolAdvice(PoolSettings)"));
        return poolAdvice(settings);
    }

    /** The engine's pool recipe and the advisor's findings about the given settings. */
    public PoolAdvice poolAdvice(PoolSettings settings) {
        Optional<PoolAdvisor> advisor = engine.poolAdvisor();
        try {
            return new PoolAdvice(engine.poolRecipe(), settings,
                    advisor.isPresent() ? advisor.get().advise(settings) : List.of());
        } catch (CustodianException e) {
            throw e;
        } catch (Exception e) {
            throw new CustodianException("pool advice failed: " + Messages.describe(e), e);
        }
    }

    /**
     * The status of every scheduled job, as the run ledger shared by every instance tells it;
     * empty when no schedule was given.
     */
    public List<JobStatus> jobs() {
        return scheduler == null ? List.of() : new ScheduleReports(scheduler).statuses();
    }

    /**
     * The run ledger's newest entries (every job, newest slot first), read from the managed
     * database; empty when it has no ledger yet.
     */
    public List<RunLedger.Entry> runs(int limit) {
        return scheduler != null ? scheduler.ledger().recent(null, limit) : Scheduler.recentRuns(engine, limit);
    }

    /** What a framework calls: the graceful shutdown of this database's side of the application. */
    public GracefulShutdown gracefulShutdown() {
        return shutdown;
    }

    /** Shuts down within the deadline; idempotent. */
    public ShutdownReport shutdown(Duration deadline) {
        return shutdown.shutdown(deadline);
    }

    /** Shuts down with {@link #DEFAULT_SHUTDOWN_DEADLINE}. */
    @Override
    public void close() {
        shutdown.shutdown(DEFAULT_SHUTDOWN_DEADLINE);
    }

    /** Builds a {@link Custodian}. */
    public static final class Builder {
        private final Engine engine;
        private final boolean ownsEngine;
        private HealthOptions health = HealthOptions.defaults();
        private final List<MaintenanceTask> tasks = new ArrayList<>();
        private Clock clock = Clock.systemUTC();
        private Duration shutdownHookDeadline;
        private Schedule schedule;

        private Builder(Engine engine, boolean ownsEngine) {
            this.engine = engine;
            this.ownsEngine = ownsEngine;
        }

        public Builder health(HealthOptions options) {
            this.health = Objects.requireNonNull(options, "health");
            return this;
        }

        /** Adds a maintenance task, such as a {@code RetentionPurgeTask}. */
        public Builder task(MaintenanceTask task) {
            tasks.add(Objects.requireNonNull(task, "task"));
            return this;
        }

        public Builder clock(Clock c) {
            this.clock = Objects.requireNonNull(c, "clock");
            return this;
        }

        /** Opts in to a JVM shutdown hook that shuts down gracefully within the deadline. */
        public Builder shutdownHook(Duration deadline) {
            if (deadline == null || deadline.isNegative()) {
                throw new ConfigurationException("shutdownHook deadline must be zero or more, was " + deadline);
            }
            this.shutdownHookDeadline = deadline;
            return this;
        }

        /**
         * Runs a schedule from {@link #build()} until shutdown, each slot once across every
         * instance that runs it on the same database. Needs an engine with a cluster lock (all four have one).
         */
        public Builder schedule(Schedule s) {
            this.schedule = Objects.requireNonNull(s, "schedule");
            return this;
        }

        public Custodian build() {
            try {
                return new Custodian(this);
            } catch (RuntimeException e) {
                if (ownsEngine) {
                    engine.close();
                }
                throw e;
            }
        }
    }
}
