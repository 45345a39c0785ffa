package dev.custodian.migration.internal;

import dev.custodian.Secrets;
import dev.custodian.migration.MigrationException;
import dev.custodian.spi.JdbcAccess;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import liquibase.Scope;
import liquibase.command.CommandScope;
import liquibase.command.core.helpers.DbUrlConnectionArgumentsCommandStep;
import liquibase.command.core.helpers.ShowSummaryArgument;
import liquibase.UpdateSummaryOutputEnum;
import liquibase.database.Database;
import liquibase.database.DatabaseFactory;
import liquibase.database.jvm.JdbcConnection;
import liquibase.exception.CommandExecutionException;
import liquibase.resource.DirectoryResourceAccessor;
import liquibase.ui.LoggerUIService;

/**
 * Runs one Liquibase operation on a connection of its own, inside a Liquibase scope that routes
 * logs to SLF4J, sends console messages to the log, turns analytics and the banner off and
 * resolves the changelog from its directory. Nothing is set globally.
 */
public final class LiquibaseSession {
    private static final Pattern CLASS_PREFIX = Pattern.compile("\\b(?:[a-z][\\w$]*\\.)+[A-Z][\\w$]*(?:Exception|Error):\\s*");

    private final JdbcAccess jdbc;
    private final Path changelog;

    public LiquibaseSession(JdbcAccess jdbc, Path changelog) {
        this.jdbc = Objects.requireNonNull(jdbc, "jdbc");
        this.changelog = changelog.toAbsolutePath().normalize();
    }

    /** The changelog's file name, as Liquibase records it relative to its directory. */
    public String changelogFile() {
        return changelog.getFileName().toString();
    }

    /** One operation on the database, given Liquibase's view of it. */
    @FunctionalInterface
    public interface Work<T> {
        T run(Database database) throws Exception;
    }

    /**
     * Runs the work in a scope of its own on a fresh connection, which is returned afterwards.
     *
     * @param operation what the work is, for the error message ("update", "rollback 2")
     * @throws MigrationException with one masked line when anything fails
     */
    @SuppressWarnings("try")
    public <T> T run(String operation, Work<T> work) {
        try (DirectoryResourceAccessor resources = new DirectoryResourceAccessor(changelog.getParent());
                Connection connection = jdbc.dataSource().getConnection()) {
            Map<String, Object> values = Map.of(
                    Scope.Attr.logService.name(), new Slf4jLogService(),
                    Scope.Attr.ui.name(), new LoggerUIService(),
                    Scope.Attr.resourceAccessor.name(), resources,
                    "liquibase.analytics.enabled", Boolean.FALSE,
                    "liquibase.showBanner", Boolean.FALSE);
            return Scope.child(values, () -> {
                Database database = DatabaseFactory.getInstance()
                        .findCorrectDatabaseImplementation(new JdbcConnection(connection));
                return work.run(database);
            });
        } catch (MigrationException e) {
            throw e;
        } catch (Exception e) {
            throw new MigrationException(operation + " of " + changelogFile() + " failed: " + describe(e), e);
        }
    }

    /** A command with the database and the changelog set, its summary going to the log. */
    public CommandScope command(Database database, String[] name) throws CommandExecutionException {
        return new CommandScope(name)
                .addArgumentValue(DbUrlConnectionArgumentsCommandStep.DATABASE_ARG, database)
                .addArgumentValue(ShowSummaryArgument.SHOW_SUMMARY_OUTPUT, UpdateSummaryOutputEnum.LOG);
    }

    /**
     * Liquibase's own finding, on one line: command wrappers are skipped, class-name prefixes
     * dropped, line breaks joined with "; ", secrets masked.
     */
    public static String describe(Throwable t) {
        Throwable finding = t;
        while ((finding instanceof CommandExecutionException || blank(finding.getMessage()))
                && finding.getCause() != null && finding.getCause() != finding) {
            finding = finding.getCause();
        }
        String message = finding.getMessage();
        if (blank(message)) {
            message = finding.getClass().getSimpleName();
        }
        StringBuilder sb = new StringBuilder();
        for (String line : message.split("\\R")) {
            String s = CLASS_PREFIX.matcher(line.strip()).replaceAll("");
            if (s.isEmpty()) {
                continue;
            }
            if (sb.length() > 0) {
                char last = sb.charAt(sb.length() - 1);
                sb.append(last == ':' || last == ';' ? " " : "; ");
            }
            sb.append(s);
        }
        return Secrets.mask(sb.toString());
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
