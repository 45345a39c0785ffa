package dev.custodian.migration.internal;

import dev.custodian.ConfigurationException;
import dev.custodian.backup.BackupManifest;
import dev.custodian.backup.BackupOptions;
import dev.custodian.backup.Backups;
import dev.custodian.backup.ProgressListener;
import dev.custodian.internal.Messages;
import dev.custodian.migration.AppliedChangeSet;
import dev.custodian.migration.ChangeSetInfo;
import dev.custodian.migration.MigrationException;
import dev.custodian.migration.MigrationHistory;
import dev.custodian.migration.MigrationOptions;
import dev.custodian.migration.MigrationStatus;
import dev.custodian.migration.Migrations;
import dev.custodian.migration.RehearsalOptions;
import dev.custodian.migration.RehearsalReport;
import dev.custodian.migration.RollbackResult;
import dev.custodian.migration.RollbackTarget;
import dev.custodian.migration.UpdateResult;
import dev.custodian.migration.UpdateTarget;
import dev.custodian.spi.Engine;
import dev.custodian.spi.JdbcAccess;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import liquibase.changelog.ChangeSet;
import liquibase.changelog.visitor.DefaultChangeExecListener;
import liquibase.command.CommandResults;
import liquibase.command.CommandScope;
import liquibase.command.core.AbstractUpdateCommandStep;
import liquibase.command.core.ReleaseLocksCommandStep;
import liquibase.command.core.RollbackCommandStep;
import liquibase.command.core.RollbackCountCommandStep;
import liquibase.command.core.RollbackCountSqlCommandStep;
import liquibase.command.core.RollbackSqlCommandStep;
import liquibase.command.core.RollbackToDateCommandStep;
import liquibase.command.core.RollbackToDateSqlCommandStep;
import liquibase.command.core.TagCommandStep;
import liquibase.command.core.UpdateCommandStep;
import liquibase.command.core.UpdateCountCommandStep;
import liquibase.command.core.UpdateCountSqlCommandStep;
import liquibase.command.core.UpdateSqlCommandStep;
import liquibase.command.core.UpdateToTagCommandStep;
import liquibase.command.core.UpdateToTagSqlCommandStep;
import liquibase.command.core.ValidateCommandStep;
import liquibase.database.Database;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link Migrations} through Liquibase's {@code CommandScope} API.
 *
 * <p>Each call opens its own connection from the database's data source and runs in a Liquibase
 * scope of its own: Liquibase logs go to SLF4J, its analytics and banner are off, the changelog is
 * resolved from its directory. Every failure is a {@link MigrationException} with one line saying
 * what failed. Targets are checked against the changelog and the history before anything runs.
 */
public final class LiquibaseMigrations implements Migrations {
    private static final Logger LOG = LoggerFactory.getLogger(Migrations.class);

    private final MigrationOptions options;
    private final Function<String, Backups> backupsInStore;
    private final Engine engine;
    private final LiquibaseSession session;
    private final ChangeLogs changeLogs;

    /**
     * Migrations of a JDBC database without an engine: everything but rehearsals.
     *
     * @param backupsInStore gives the backups of this database into a store, for backup-before-update
     */
    public LiquibaseMigrations(JdbcAccess jdbc, MigrationOptions options, Function<String, Backups> backupsInStore) {
        this(null, jdbc, options, backupsInStore);
    }

    /**
     * Migrations of an engine's JDBC database, rehearsals included.
     *
     * @param engine the engine, for rehearsals; null when there is none
     * @param backupsInStore gives the backups of this database into a store, for backup-before-update
     */
    public LiquibaseMigrations(Engine engine, JdbcAccess jdbc, MigrationOptions options,
            Function<String, Backups> backupsInStore) {
        this.engine = engine;
        this.options = Objects.requireNonNull(options, "options");
        this.backupsInStore = Objects.requireNonNull(backupsInStore, "backupsInStore");
        this.session = new LiquibaseSession(jdbc, options.changelog());
        this.changeLogs = new ChangeLogs(session, options);
    }

    @Override
    public MigrationOptions options() {
        return options;
    }

    @Override
    public MigrationStatus status() {
        return session.run("status", database -> new MigrationStatus(
                changeLogs.pending(database).stream().map(ChangeLogs::info).toList()));
    }

    @Override
    public MigrationHistory history() {
        return session.run("history", database -> new MigrationHistory(ChangeLogs.applied(database)));
    }

    @Override
    public UpdateResult update(UpdateTarget target) {
        Objects.requireNonNull(target, "target");
        List<ChangeSet> selected = session.run(target.describe(), database -> changeLogs.selected(database, target));
        Optional<String> backupId = Optional.empty();
        if (options.backupBeforeUpdate().isPresent() && !selected.isEmpty()) {
            backupId = Optional.of(backupBeforeUpdate(options.backupBeforeUpdate().get(), selected.size()));
        }
        if (selected.isEmpty()) {
            return new UpdateResult(List.of(), backupId);
        }
        List<ChangeSetInfo> applied = session.run(target.describe(), database -> {
            CommandScope command = updateCommand(database, target, false);
            CommandResults results = command.execute();
            Object listener = results.getResult(AbstractUpdateCommandStep.DEFAULT_CHANGE_EXEC_LISTENER_RESULT_KEY);
            if (listener instanceof DefaultChangeExecListener l) {
                return l.getDeployedChangeSets().stream().map(ChangeLogs::info).toList();
            }
            return List.<ChangeSetInfo>of();
        });
        LOG.info("applied {} change set(s) of {}", applied.size(), session.changelogFile());
        return new UpdateResult(applied, backupId);
    }

    private CommandScope updateCommand(Database database, UpdateTarget target, boolean sql) throws Exception {
        if (target.count() > 0) {
            return changeLogs.command(database, sql ? UpdateCountSqlCommandStep.COMMAND_NAME
                    : UpdateCountCommandStep.COMMAND_NAME).addArgumentValue(UpdateCountCommandStep.COUNT_ARG, target.count());
        }
        if (target.tag() != null) {
            return changeLogs.command(database, sql ? UpdateToTagSqlCommandStep.COMMAND_NAME
                    : UpdateToTagCommandStep.COMMAND_NAME).addArgumentValue(UpdateToTagCommandStep.TAG_ARG, target.tag());
        }
        return changeLogs.command(database, sql ? UpdateSqlCommandStep.COMMAND_NAME : UpdateCommandStep.COMMAND_NAME);
    }

    private String backupBeforeUpdate(String store, int pending) {
        LOG.info("taking a backup into {} before applying {} change set(s)", store, pending);
        BackupManifest manifest;
        try {
            Backups backups = backupsInStore.apply(store);
            manifest = backups.backup(BackupOptions.defaults().withCompression(options.backupCompression()),
                    ProgressListener.none());
        } catch (RuntimeException e) {
            throw new MigrationException("update of " + session.changelogFile() + " not applied: the backup before it into "
                    + store + " failed: " + Messages.describe(e), e);
        }
        return manifest.id();
    }

    @Override
    public String updateSql(UpdateTarget target) {
        Objects.requireNonNull(target, "target");
        String operation = target.describe().replaceFirst("^update", "update-sql");
        return session.run(operation, database -> {
            changeLogs.selected(database, target);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            updateCommand(database, target, true).setOutput(out).execute();
            return out.toString(StandardCharsets.UTF_8);
        });
    }

    @Override
    public RollbackResult rollback(RollbackTarget target) {
        Objects.requireNonNull(target, "target");
        RollbackResult result = session.run(target.describe(), database -> {
            changeLogs.checkRollback(database, target);
            List<AppliedChangeSet> before = ChangeLogs.applied(database);
            rollbackCommand(database, target, false).execute();
            List<AppliedChangeSet> after = ChangeLogs.applied(database);
            List<ChangeSetInfo> undone = new ArrayList<>();
            for (int i = before.size() - 1; i >= 0; i--) {
                ChangeSetInfo c = before.get(i).info();
                if (after.stream().noneMatch(a -> a.info().equals(c))) {
                    undone.add(c);
                }
            }
            return new RollbackResult(undone);
        });
        LOG.info("rolled back {} change set(s) of {}", result.rolledBack().size(), session.changelogFile());
        return result;
    }

    @Override
    public String rollbackSql(RollbackTarget target) {
        Objects.requireNonNull(target, "target");
        return session.run(target.describe().replaceFirst("^rollback", "rollback-sql"), database -> {
            changeLogs.checkRollback(database, target);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            rollbackCommand(database, target, true).setOutput(out).execute();
            return out.toString(StandardCharsets.UTF_8);
        });
    }

    private CommandScope rollbackCommand(Database database, RollbackTarget target, boolean sql) throws Exception {
        if (target.count() > 0) {
            return changeLogs.command(database, sql ? RollbackCountSqlCommandStep.COMMAND_NAME
                    : RollbackCountCommandStep.COMMAND_NAME).addArgumentValue(RollbackCountCommandStep.COUNT_ARG, target.count());
        }
        if (target.tag() != null) {
            return changeLogs.command(database, sql ? RollbackSqlCommandStep.COMMAND_NAME
                    : RollbackCommandStep.COMMAND_NAME).addArgumentValue(RollbackCommandStep.TAG_ARG, target.tag());
        }
        return changeLogs.command(database, sql ? RollbackToDateSqlCommandStep.COMMAND_NAME
                : RollbackToDateCommandStep.COMMAND_NAME)
                .addArgumentValue(RollbackToDateCommandStep.DATE_ARG, Date.from(target.date()));
    }

    @Override
    public void tag(String tag) {
        if (tag == null || tag.isBlank()) {
            throw new ConfigurationException("migration tag must not be blank");
        }
        session.run("tag '" + tag + "'", database -> session.command(database, TagCommandStep.COMMAND_NAME)
                .addArgumentValue(TagCommandStep.TAG_ARG, tag).execute());
    }

    @Override
    public void validate() {
        session.run("validation", database -> changeLogs.command(database, ValidateCommandStep.COMMAND_NAME).execute());
    }

    @Override
    public void releaseLocks() {
        session.run("release of the migration lock", database -> session.command(database,
                ReleaseLocksCommandStep.COMMAND_NAME).execute());
    }

    @Override
    public RehearsalReport rehearse(RehearsalOptions rehearsal) {
        Objects.requireNonNull(rehearsal, "rehearsal options");
        if (engine == null) {
            throw new ConfigurationException("migration rehearsals need an engine: use Custodian.migrations(options)");
        }
        return new RehearsalRun(engine, this, options, rehearsal, backupsInStore).run();
    }
}
