package dev.custodian.backup.internal;

import dev.custodian.Secrets;
import dev.custodian.backup.BackupManifest;
import dev.custodian.backup.DecryptionKeys;
import dev.custodian.backup.BackupStrategy;
import dev.custodian.backup.PartEntry;
import dev.custodian.backup.ProgressListener;
import dev.custodian.backup.RestoreOptions;
import dev.custodian.backup.RestoreRefusedException;
import dev.custodian.backup.RestoreReport;
import dev.custodian.backup.RestoreResult;
import dev.custodian.backup.VerificationException;
import dev.custodian.backup.VerifyLevel;
import dev.custodian.backup.VerifyReport;
import dev.custodian.internal.Messages;
import dev.custodian.spi.Engine;
import dev.custodian.spi.EngineInfo;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Restores and test restores of a complete set into an engine's database. */
public final class RestoreRun {
    private static final Logger LOG = LoggerFactory.getLogger(RestoreRun.class);

    private final Engine engine;
    private final LocatedSet set;
    private final DecryptionKeys keys;
    private final ProgressListener listener;

    /** @param keys open the set when it is encrypted */
    public RestoreRun(Engine engine, LocatedSet set, DecryptionKeys keys, ProgressListener listener) {
        this.engine = engine;
        this.set = set;
        this.keys = keys;
        this.listener = listener;
    }

    /**
     * Checks everything that can be checked before the target is touched (engine, strategy,
     * tables, the parts' checksums, an empty target or {@code clean}), then restores.
     */
    public RestoreReport restore(RestoreOptions options) {
        long start = System.nanoTime();
        BackupManifest m = set.manifest();
        EngineInfo info = engine.describe();
        BackupStrategy strategy = RestoreChecks.strategyFor(engine, info, m, options);
        SetCipher cipher = SetCipher.forExistingSet(m.encryption(), m.id(), keys);
        SetVerifier checksums = new SetVerifier(set.store(), m, keys, null).run(VerifyLevel.CHECKSUMS);
        if (!checksums.problems().isEmpty()) {
            throw new VerificationException("restore refused: backup " + m.id() + " failed verification, nothing was"
                    + " changed: " + checksums.problems().get(0));
        }
        RestoreChecks.refuseNonEmpty(RestoreChecks.inspect(strategy, info), info, options.clean(),
                "restore with clean to replace it");
        String target = Secrets.mask(info.target());
        LOG.info("restore of backup {} into {} started{}", m.id(), target, options.clean() ? " (clean)" : "");
        RestoreResult result = run(strategy, options, target, cipher);
        RestoreReport report = new RestoreReport(m.id(), target, result.rowsPerTable(),
                Duration.ofNanos(System.nanoTime() - start));
        LOG.info("restore of backup {} into {} complete: {} rows in {} ms", m.id(), target, report.totalRows(),
                report.took().toMillis());
        return report;
    }

    /**
     * Verifies at every level: checksums and decoding, then a restore into the engine's database,
     * which must be empty, comparing rows with the manifest.
     */
    public VerifyReport testRestore() {
        long start = System.nanoTime();
        BackupManifest m = set.manifest();
        SetVerifier decoded = new SetVerifier(set.store(), m, keys, new ProgressMeter("verify", m.id(), listener))
                .run(VerifyLevel.DECODE);
        List<String> checked = new ArrayList<>(decoded.checked());
        List<String> problems = new ArrayList<>(decoded.problems());
        if (problems.isEmpty()) {
            EngineInfo info = engine.describe();
            BackupStrategy strategy = RestoreChecks.strategyFor(engine, info, m, RestoreOptions.defaults());
            RestoreChecks.refuseNonEmpty(RestoreChecks.inspect(strategy, info), info, false,
                    "a test restore needs an empty scratch database");
            String target = Secrets.mask(info.target());
            try {
                RestoreResult result = run(strategy, RestoreOptions.defaults(), target,
                        SetCipher.forExistingSet(m.encryption(), m.id(), keys));
                compare(m, result, target, checked, problems);
            } catch (RuntimeException e) {
                problems.add("test restore into " + target + " failed: " + Messages.describe(e));
            }
        }
        return new VerifyReport(m.id(), VerifyLevel.TEST_RESTORE, checked, problems,
                Duration.ofNanos(System.nanoTime() - start));
    }

    private RestoreResult run(BackupStrategy strategy, RestoreOptions options, String target, SetCipher cipher) {
        ProgressMeter meter = new ProgressMeter("restore", set.id(), listener);
        try {
            RestoreResult result = strategy.restore(options, new SetReader(set.store(), set.manifest(), cipher, meter));
            meter.finish();
            return result;
        } catch (RestoreRefusedException e) {
            throw e; // refused before the strategy changed anything: its message says why and what to do
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw Failures.wrap("restore of backup " + set.id() + " into " + target + " failed: "
                    + Messages.describe(e) + "; if the target was changed, restore again with clean", e);
        }
    }

    private static void compare(BackupManifest m, RestoreResult result, String target, List<String> checked,
            List<String> problems) {
        if (result.totalRows() != m.totalRows()) {
            problems.add("test restore into " + target + ": " + result.totalRows() + " rows restored, the manifest says "
                    + m.totalRows());
            return;
        }
        Map<String, Long> expected = new LinkedHashMap<>();
        for (PartEntry p : m.parts()) {
            if (p.table() != null) {
                expected.merge(p.table(), p.rows(), Long::sum);
            }
        }
        expected.forEach((table, rows) -> {
            Long got = result.rowsPerTable().get(table);
            if (got != null && got.longValue() != rows) {
                problems.add("test restore into " + target + ": table " + table + " has " + got
                        + " rows, the manifest says " + rows);
            }
        });
        if (problems.isEmpty()) {
            checked.add("test restore into " + target + ": " + result.totalRows() + " rows in "
                    + result.rowsPerTable().size() + " tables, as the manifest says");
        }
    }
}
