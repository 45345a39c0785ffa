package dev.custodian.migration.internal;

import dev.custodian.ConfigurationException;
import dev.custodian.backup.BackupManifest;
import dev.custodian.backup.BackupOptions;
import dev.custodian.backup.Backups;
import dev.custodian.backup.ProgressListener;
import dev.custodian.internal.Messages;
import dev.custodian.migration.ChangeSetInfo;
import dev.custodian.migration.MigrationException;
import dev.custodian.migration.MigrationOptions;
import dev.custodian.migration.MigrationStatus;
import dev.custodian.migration.Migrations;
import dev.custodian.migration.UpdateResult;
import dev.custodian.spi.JdbcAccess;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import liquibase.Contexts;
import liquibase.LabelExpression;
import liquibase.changelog.ChangeLogParameters;
import liquibase.changelog.ChangeSet;
import liquibase.changelog.DatabaseChangeLog;
import liquibase.changelog.visitor.DefaultChangeExecListener;
import liquibase.command.CommandResults;
import liquibase.command.CommandScope;
import liquibase.command.core.AbstractUpdateCommandStep;
import liquibase.command.core.ReleaseLocksCommandStep;
import liquibase.command.core.RollbackCommandStep;
import liquibase.command.core.RollbackCountCommandStep;
import liquibase.command.core.StatusCommandStep;
import liquibase.command.core.TagCommandStep;
import liquibase.command.core.UpdateCommandStep;
import liquibase.command.core.UpdateSqlCommandStep;
import liquibase.command.core.ValidateCommandStep;
import liquibase.command.core.helpers.DatabaseChangelogCommandStep;
import liquibase.database.Database;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link Migrations} through Liquibase's {@code CommandScope} API.
 *
 * <p>Each call opens its own connection from the database's data source and runs in a Liquibase
 * scope of its own: Liquibase logs go to SLF4J, its analytics and banner are off, the changelog is
 * resolved from its directory. Every failure is a {@link MigrationException} with one line saying
 * what failed.
 */
public final class LiquibaseMigrations implements Migrations {
    private static final Logger LOG = LoggerFactory.getLogger(Migrations.class);

    private final MigrationOptions options;
    private final Function<Path, Backups> backupsInStore;
    private final LiquibaseSession session;

    /**
     * Migrations of a JDBC database.
     *
     * @param backupsInStore gives the backups of this database into a store, for backup-before-update
     */
    public LiquibaseMigrations(JdbcAccess jdbc, MigrationOptions options, Function<Path, Backups> backupsInStore) {
        this.options = Objects.requireNonNull(options, "options");
        this.backupsInStore = Objects.requireNonNull(backupsInStore, "backupsInStore");
        this.session = new LiquibaseSession(jdbc, options.changelog());
    }

    @Override
    public MigrationOptions options() {
        return options;
    }

    @Override
    public MigrationStatus status() {
        return session.run("status", database -> new MigrationStatus(pending(database)));
    }

    @Override
    public UpdateResult update() {
        Optional<String> backupId = Optional.empty();
        if (options.backupBeforeUpdate().isPresent()) {
            MigrationStatus status = status();
            if (!status.upToDate()) {
                backupId = Optional.of(backupBeforeUpdate(options.backupBeforeUpdate().get(), status.pendingCount()));
            }
        }
        List<ChangeSetInfo> applied = session.run("update", database -> {
            CommandResults results = changelogCommand(database, UpdateCommandStep.COMMAND_NAME).execute();
            Object listener = results.getResult(AbstractUpdateCommandStep.DEFAULT_CHANGE_EXEC_LISTENER_RESULT_KEY);
            if (listener instanceof DefaultChangeExecListener l) {
                return l.getDeployedChangeSets().stream().map(LiquibaseMigrations::info).toList();
            }
            return List.<ChangeSetInfo>of();
        });
        LOG.info("applied {} change set(s) of {}", applied.size(), session.changelogFile());
        return new UpdateResult(applied, backupId);
    }

    private String backupBeforeUpdate(Path store, int pending) {
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
    public String updateSql() {
        return session.run("update-sql", database -> {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            changelogCommand(database, UpdateSqlCommandStep.COMMAND_NAME).setOutput(out).execute();
            return out.toString(StandardCharsets.UTF_8);
        });
    }

    @Override
    public void rollbackCount(int count) {
        if (count < 1) {
            throw new ConfigurationException("rollback count must be 1 or more, was " + count);
        }
        session.run("rollback of " + count + " change set(s)", database -> changelogCommand(database,
                RollbackCountCommandStep.COMMAND_NAME).addArgumentValue(RollbackCountCommandStep.COUNT_ARG, count).execute());
    }

    @Override
    public void rollbackToTag(String tag) {
        requireTag(tag);
        session.run("rollback to tag '" + tag + "'", database -> changelogCommand(database,
                RollbackCommandStep.COMMAND_NAME).addArgumentValue(RollbackCommandStep.TAG_ARG, tag).execute());
    }

    @Override
    public void tag(String tag) {
        requireTag(tag);
        session.run("tag '" + tag + "'", database -> session.command(database, TagCommandStep.COMMAND_NAME)
                .addArgumentValue(TagCommandStep.TAG_ARG, tag).execute());
    }

    @Override
    public void validate() {
        session.run("validation", database -> changelogCommand(database, ValidateCommandStep.COMMAND_NAME).execute());
    }

    @Override
    public void releaseLocks() {
        session.run("release of the migration lock", database -> session.command(database,
                ReleaseLocksCommandStep.COMMAND_NAME).execute());
    }

    private CommandScope changelogCommand(Database database, String[] name) throws Exception {
        CommandScope command = session.command(database, name)
                .addArgumentValue(DatabaseChangelogCommandStep.CHANGELOG_FILE_ARG, session.changelogFile());
        if (options.contexts() != null) {
            command.addArgumentValue(DatabaseChangelogCommandStep.CONTEXTS_ARG, options.contexts());
        }
        if (options.labels() != null) {
            command.addArgumentValue(DatabaseChangelogCommandStep.LABEL_FILTER_ARG, options.labels());
        }
        return command;
    }

    private List<ChangeSetInfo> pending(Database database) throws Exception {
        Contexts contexts = new Contexts(options.contexts());
        LabelExpression labels = new LabelExpression(options.labels());
        ChangeLogParameters parameters = new ChangeLogParameters(database);
        parameters.setContexts(contexts);
        parameters.setLabels(labels);
        DatabaseChangeLog changeLog = DatabaseChangelogCommandStep.getDatabaseChangeLog(
                session.changelogFile(), parameters, database);
        return new StatusCommandStep().listUnrunChangeSets(contexts, labels, changeLog, database).stream()
                .map(LiquibaseMigrations::info).toList();
    }

    private static ChangeSetInfo info(ChangeSet changeSet) {
        return new ChangeSetInfo(changeSet.getId(), changeSet.getAuthor(), changeSet.getFilePath());
    }

    private static void requireTag(String tag) {
        if (tag == null || tag.isBlank()) {
            throw new ConfigurationException("migration tag must not be blank");
        }
    }
}
