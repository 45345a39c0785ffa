package dev.custodian.migration.internal;

import dev.custodian.migration.AppliedChangeSet;
import dev.custodian.migration.ChangeSetInfo;
import dev.custodian.migration.MigrationException;
import dev.custodian.migration.MigrationOptions;
import dev.custodian.migration.RollbackTarget;
import dev.custodian.migration.UpdateTarget;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import liquibase.Contexts;
import liquibase.LabelExpression;
import liquibase.change.Change;
import liquibase.change.core.TagDatabaseChange;
import liquibase.changelog.ChangeLogHistoryService;
import liquibase.changelog.ChangeLogHistoryServiceFactory;
import liquibase.changelog.ChangeLogParameters;
import liquibase.changelog.ChangeSet;
import liquibase.changelog.DatabaseChangeLog;
import liquibase.changelog.RanChangeSet;
import liquibase.command.CommandScope;
import liquibase.command.core.StatusCommandStep;
import liquibase.command.core.helpers.DatabaseChangelogCommandStep;
import liquibase.database.Database;

/**
 * A changelog and a database's history of it, read without changing anything: the changelog
 * parsed, the pending change sets, the applied ones, the tags; and the checks that refuse a target
 * that does not fit them, before anything runs.
 */
final class ChangeLogs {
    private final LiquibaseSession session;
    private final MigrationOptions options;

    ChangeLogs(LiquibaseSession session, MigrationOptions options) {
        this.session = session;
        this.options = options;
    }

    /** A command with the database, the changelog, the contexts and the labels set. */
    CommandScope command(Database database, String[] name) throws Exception {
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

    DatabaseChangeLog parse(Database database) throws Exception {
        ChangeLogParameters parameters = new ChangeLogParameters(database);
        parameters.setContexts(new Contexts(options.contexts()));
        parameters.setLabels(new LabelExpression(options.labels()));
        return DatabaseChangelogCommandStep.getDatabaseChangeLog(session.changelogFile(), parameters, database);
    }

    /** The change sets not applied yet, in order. Reads only. */
    List<ChangeSet> pending(Database database) throws Exception {
        return pending(database, parse(database));
    }

    List<ChangeSet> pending(Database database, DatabaseChangeLog changeLog) throws Exception {
        return new StatusCommandStep().listUnrunChangeSets(new Contexts(options.contexts()),
                new LabelExpression(options.labels()), changeLog, database);
    }

    /** The applied change sets, oldest first, read afresh. Empty when the history table does not exist. */
    static List<RanChangeSet> ran(Database database) throws Exception {
        ChangeLogHistoryService history = ChangeLogHistoryServiceFactory.getInstance().getChangeLogService(database);
        history.reset();
        return new ArrayList<>(history.getRanChangeSets());
    }

    static List<AppliedChangeSet> applied(Database database) throws Exception {
        List<AppliedChangeSet> out = new ArrayList<>();
        for (RanChangeSet r : ran(database)) {
            out.add(new AppliedChangeSet(r.getOrderExecuted() == null ? out.size() + 1 : r.getOrderExecuted(),
                    r.getId(), r.getAuthor(), r.getChangeLog(),
                    r.getDateExecuted() == null ? null : r.getDateExecuted().toInstant(), r.getDeploymentId(),
                    r.getLastCheckSum() == null ? null : r.getLastCheckSum().toString(), r.getTag(),
                    r.getExecType() == null ? null : r.getExecType().name(), r.getDescription()));
        }
        return out;
    }

    static ChangeSetInfo info(ChangeSet changeSet) {
        return new ChangeSetInfo(changeSet.getId(), changeSet.getAuthor(), changeSet.getFilePath());
    }

    static ChangeSetInfo info(RanChangeSet ran) {
        return new ChangeSetInfo(ran.getId(), ran.getAuthor(), ran.getChangeLog());
    }

    /**
     * The pending change sets an update to the target applies, in order; refused (nothing
     * changed) when the count exceeds them or no change set of the changelog tags the database
     * with the tag.
     */
    List<ChangeSet> selected(Database database, UpdateTarget target) throws Exception {
        DatabaseChangeLog changeLog = parse(database);
        List<ChangeSet> pending = pending(database, changeLog);
        if (target.count() > 0) {
            if (target.count() > pending.size()) {
                throw refused(target.describe(), "only " + pending.size() + " change set(s) are pending; nothing applied");
            }
            return pending.subList(0, target.count());
        }
        if (target.tag() == null) {
            return pending;
        }
        ChangeSet tagging = null;
        Set<String> tags = new LinkedHashSet<>();
        for (ChangeSet c : changeLog.getChangeSets()) {
            for (Change change : c.getChanges()) {
                if (change instanceof TagDatabaseChange t && t.getTag() != null) {
                    tags.add(t.getTag());
                    if (tagging == null && t.getTag().equals(target.tag())) {
                        tagging = c;
                    }
                }
            }
        }
        if (tagging == null) {
            throw refused(target.describe(), "no change set of " + session.changelogFile() + " tags the database '"
                    + target.tag() + "' (" + (tags.isEmpty() ? "it has no tagDatabase change set"
                            : "its tags: " + String.join(", ", tags)) + "); nothing applied");
        }
        List<ChangeSet> all = changeLog.getChangeSets();
        int end = all.indexOf(tagging);
        List<ChangeSet> out = new ArrayList<>();
        for (ChangeSet c : pending) {
            if (all.indexOf(c) <= end) {
                out.add(c);
            }
        }
        return out;
    }

    /**
     * Refuses a rollback target that does not fit the history: a count beyond the applied change
     * sets, a tag no applied change set carries.
     */
    void checkRollback(Database database, RollbackTarget target) throws Exception {
        List<RanChangeSet> ran = ran(database);
        if (target.count() > 0 && target.count() > ran.size()) {
            throw refused(target.describe(), "only " + ran.size() + " change set(s) are applied; nothing rolled back");
        }
        if (target.tag() != null && ran.stream().noneMatch(r -> target.tag().equals(r.getTag()))) {
            Set<String> tags = new LinkedHashSet<>();
            ran.stream().map(RanChangeSet::getTag).filter(t -> t != null && !t.isBlank()).forEach(tags::add);
            throw refused(target.describe(), "no applied change set carries tag '" + target.tag() + "' ("
                    + (tags.isEmpty() ? "the database has no tag" : "its tags: " + String.join(", ", tags))
                    + "); nothing rolled back");
        }
    }

    MigrationException refused(String operation, String why) {
        return new MigrationException(operation + " of " + session.changelogFile() + " refused: " + why);
    }
}
