package dev.custodian.cli;

import dev.custodian.internal.TextTable;
import dev.custodian.migration.ChangeSetInfo;
import dev.custodian.migration.UpdateTarget;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.List;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/** What the migrate subcommands share: the update target options, the date converter, the change set table. */
final class MigrateTargets {
    private MigrateTargets() {
    }

    /** {@code --to-tag T | --count N}: how far an update goes; neither means every pending change set. */
    static final class Update {
        @Option(names = "--to-tag", paramLabel = "TAG",
                description = "Apply the pending change sets up to and including the one that tags the database TAG.")
        String tag;

        @Option(names = "--count", paramLabel = "N", description = "Apply the next N pending change sets.")
        Integer count;

        static UpdateTarget of(Update u) {
            if (u == null) {
                return UpdateTarget.all();
            }
            return u.count != null ? UpdateTarget.count(u.count) : UpdateTarget.toTag(u.tag);
        }
    }

    /**
     * A date for {@code --to-date}: {@code 2026-01-31} (midnight), {@code 2026-01-31T10:15:00} (both in
     * this machine's time zone), or with an offset, {@code 2026-01-31T10:15:00Z}.
     */
    static final class DateConverter implements ITypeConverter<Instant> {
        @Override
        public Instant convert(String value) {
            String v = value.trim();
            try {
                if (v.length() == 10) {
                    return LocalDate.parse(v).atStartOfDay(ZoneId.systemDefault()).toInstant();
                }
                if (v.endsWith("Z") || v.matches(".*[+-]\\d\\d:?\\d\\d$")) {
                    return OffsetDateTime.parse(v).toInstant();
                }
                return LocalDateTime.parse(v).atZone(ZoneId.systemDefault()).toInstant();
            } catch (DateTimeParseException e) {
                throw new TypeConversionException("expected a date like 2026-01-31, 2026-01-31T10:15:00 or"
                        + " 2026-01-31T10:15:00Z, was '" + value + "'");
            }
        }
    }

    /** Change sets as a table, one per line. */
    static String table(List<ChangeSetInfo> sets) {
        TextTable table = new TextTable("ID", "AUTHOR", "FILE");
        for (ChangeSetInfo c : sets) {
            table.row(c.id(), c.author(), c.file());
        }
        return table.render();
    }
}
