package dev.custodian.cli;

import dev.custodian.migration.RehearsalOptions;
import dev.custodian.migration.RehearsalReport;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code migrate rehearse}: the pending change sets rehearsed on a copy of production restored from
 * a backup into a scratch database.
 */
@Command(name = "rehearse", sortOptions = false, description = {"Rehearses the pending change sets on a copy of the "
        + "database: restores a backup (the latest, or --id) into the scratch database, applies each pending change set "
        + "(timed, its locks sampled, its rows counted), rolls them back one by one comparing the schema after each "
        + "rollback with the schema before, applies them again, and prints the report. The database itself is only read.",
        "Exit code 0 when every pending change set applied, rolled back to an identical schema and applied again; 1 "
        + "otherwise, with the failing change set named. A scratch database that is the database itself is refused; "
        + "one that holds anything is refused without --clean."})
final class MigrateRehearseCommand extends MigrateSubcommand {
    @Option(names = "--from", required = true, paramLabel = StoreOption.LABEL,
            description = StoreOption.DESCRIPTION)
    String store;

    @Option(names = "--id", paramLabel = "ID", defaultValue = BackupSelection.LATEST,
            description = "The backup to restore, or 'latest' (the newest complete set). Default: ${DEFAULT-VALUE}.")
    String id;

    @Option(names = "--scratch", required = true, paramLabel = "URL",
            description = "The scratch database the copy is restored into; created when it does not exist.")
    String scratch;

    @Option(names = "--scratch-property", paramLabel = "KEY=VALUE",
            description = "A driver or engine property of the scratch database, repeatable (user, password…).")
    Map<String, String> scratchProperties = new LinkedHashMap<>();

    @Option(names = "--clean", description = "Empty a scratch database that holds anything (refused otherwise).")
    boolean clean;

    @Option(names = "--keep-scratch", description = "Keep the rehearsed copy in the scratch database (emptied otherwise).")
    boolean keepScratch;

    @Option(names = "--backup-if-older-than", paramLabel = "AGE", converter = AgeConverter.class,
            description = "Take a backup of the database into the store first when the newest is older than AGE "
                    + "(30m, 12h, 1d or ISO-8601 PT12H); with the latest backup only.")
    Duration backupIfOlderThan;

    @Option(names = "--json", description = "Print the report as JSON.")
    boolean json;

    @Override
    public Integer call() {
        RehearsalOptions.Builder b = RehearsalOptions.builder(store, scratch).backupId(id).clean(clean)
                .keepScratch(keepScratch).backupIfOlderThan(backupIfOlderThan);
        scratchProperties.forEach(b::scratchProperty);
        RehearsalOptions options = b.build();
        RehearsalReport report = migrate.withMigrations(null, m -> m.rehearse(options));
        print(json ? report.toJson() : report.toText());
        if (report.passed()) {
            return ExitCodes.OK;
        }
        err().println(ErrorReporter.PREFIX + "rehearsal " + ErrorReporter.oneLine(report.verdict()));
        err().flush();
        return ExitCodes.FAILED;
    }

    /** An age: {@code 30s}, {@code 30m}, {@code 12h}, {@code 2d}, or ISO-8601 ({@code PT12H}). */
    static final class AgeConverter implements ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            String v = value.trim().toLowerCase(Locale.ROOT);
            try {
                if (v.startsWith("p")) {
                    return Duration.parse(v.toUpperCase(Locale.ROOT));
                }
                long n = Long.parseLong(v.substring(0, v.length() - 1));
                return switch (v.charAt(v.length() - 1)) {
                    case 's' -> Duration.ofSeconds(n);
                    case 'm' -> Duration.ofMinutes(n);
                    case 'h' -> Duration.ofHours(n);
                    case 'd' -> Duration.ofDays(n);
                    default -> throw new NumberFormatException();
                };
            } catch (NumberFormatException | DateTimeParseException | StringIndexOutOfBoundsException e) {
                throw new TypeConversionException("expected an age like 30m, 12h, 1d or PT12H, was '" + value + "'");
            }
        }
    }
}
