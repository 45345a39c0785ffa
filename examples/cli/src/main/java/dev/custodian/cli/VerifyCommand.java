package dev.custodian.cli;

import dev.custodian.Custodian;
import dev.custodian.backup.VerifyLevel;
import dev.custodian.backup.VerifyReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.TypeConversionException;

/** {@code verify}: checks a set's checksums and decoding, or restores it into a scratch database. */
@Command(name = "verify", sortOptions = false,
        description = {"Verifies a backup set: checksums (size and SHA-256 of every part), decode (every part "
                + "decompresses and parses, row counts match), or, with --test-restore-url, a test restore into "
                + "an empty scratch database.", "Exit code 1 when a problem is found."})
final class VerifyCommand extends CliCommand {
    @Mixin
    BackupSelection selection;

    @Option(names = "--level", paramLabel = "LEVEL", converter = LevelConverter.class,
            description = "checksums or decode. Default: decode.")
    VerifyLevel level;

    @Option(names = "--test-restore-url", paramLabel = "URL",
            description = "Also restore the set into this empty scratch database and compare row counts.")
    String testRestoreUrl;

    @Option(names = "--json", description = "Print the report as JSON.")
    boolean json;

    @Override
    public Integer call() {
        if (level != null && testRestoreUrl != null) {
            throw new ParameterException(spec.commandLine(),
                    "--level and --test-restore-url exclude each other (a test restore checks every level)");
        }
        VerifyReport report;
        try (BackupSelection opened = selection) {
            if (testRestoreUrl == null) {
                report = selection.catalog().verify(selection.id(), level == null ? VerifyLevel.DECODE : level,
                        progress());
            } else {
                String id = selection.resolveId();
                selection.catalog().requireKeys(id);
                try (Custodian scratch = UrlOption.connectForRestore(testRestoreUrl)) {
                    report = scratch.backups(selection.store()).withKeys(selection.keys()).testRestore(id, progress());
                }
            }
        }
        print(json ? report.toJson() : report.toText());
        return report.ok() ? ExitCodes.OK : ExitCodes.FAILED;
    }

    /** Accepts only the levels that need no database. */
    static final class LevelConverter implements ITypeConverter<VerifyLevel> {
        @Override
        public VerifyLevel convert(String value) {
            return switch (value.trim().toLowerCase(java.util.Locale.ROOT)) {
                case "checksums" -> VerifyLevel.CHECKSUMS;
                case "decode" -> VerifyLevel.DECODE;
                default -> throw new TypeConversionException("expected checksums or decode, was '" + value + "'");
            };
        }
    }
}
