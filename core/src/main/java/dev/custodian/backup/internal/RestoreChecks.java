package dev.custodian.backup.internal;

import dev.custodian.ConfigurationException;
import dev.custodian.Secrets;
import dev.custodian.backup.BackupException;
import dev.custodian.backup.BackupFeature;
import dev.custodian.backup.BackupManifest;
import dev.custodian.backup.BackupStrategy;
import dev.custodian.backup.PartEntry;
import dev.custodian.backup.RestoreOptions;
import dev.custodian.backup.RestoreRefusedException;
import dev.custodian.backup.TargetContents;
import dev.custodian.internal.Messages;
import dev.custodian.spi.Engine;
import dev.custodian.spi.EngineInfo;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/** The checks a restore passes before anything is changed; each refusal is one line. */
public final class RestoreChecks {
    private static final int NAMES_SHOWN = 3;

    private RestoreChecks() {
    }

    /** The strategy that restores the set, after the engine, strategy and table checks. */
    public static BackupStrategy strategyFor(Engine engine, EngineInfo info, BackupManifest m, RestoreOptions options) {
        if (!m.engine().equals(info.engine())) {
            throw new RestoreRefusedException("restore refused: backup " + m.id() + " was written by engine '"
                    + m.engine() + "' and this database is '" + info.engine() + "'");
        }
        BackupStrategy strategy = engine.backupStrategies().stream().filter(s -> s.name().equals(m.strategy()))
                .findFirst().orElseThrow(() -> new RestoreRefusedException("restore refused: backup " + m.id()
                        + " was written by strategy '" + m.strategy() + "', which engine " + info.engine()
                        + " does not offer here"));
        if (!options.tables().isEmpty()) {
            if (!strategy.features().contains(BackupFeature.RESTORE_TABLES)) {
                throw new ConfigurationException("restore.tables is not supported by strategy '" + strategy.name()
                        + "' of engine " + info.engine() + "; restore the whole set");
            }
            Set<String> inSet = new TreeSet<>();
            m.parts().stream().map(PartEntry::table).filter(Objects::nonNull).forEach(inSet::add);
            if (!inSet.isEmpty()) {
                List<String> missing = options.tables().stream().filter(t -> !inSet.contains(t)).toList();
                if (!missing.isEmpty()) {
                    throw new RestoreRefusedException("restore refused: backup " + m.id() + " has no table "
                            + quoted(missing) + "; its tables: " + abbreviated(List.copyOf(inSet), 10));
                }
            }
        }
        return strategy;
    }

    /** What the target holds, asked of the strategy. */
    public static TargetContents inspect(BackupStrategy strategy, EngineInfo info) {
        try {
            return strategy.inspectTarget();
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw new BackupException("cannot inspect the restore target " + Secrets.mask(info.target()) + ": "
                    + Messages.describe(e), e);
        }
    }

    /** Refuses a non-empty target unless cleaning was asked for. */
    public static void refuseNonEmpty(TargetContents target, EngineInfo info, boolean clean, String hint) {
        if (!target.isEmpty() && !clean) {
            throw new RestoreRefusedException("restore refused: target " + Secrets.mask(info.target()) + " is not empty ("
                    + target.objects().size() + " objects: " + abbreviated(target.objects(), NAMES_SHOWN) + "); "
                    + hint);
        }
    }

    private static String quoted(List<String> names) {
        return String.join(", ", names.stream().map(n -> "'" + n + "'").toList());
    }

    static String abbreviated(List<String> names, int shown) {
        String head = String.join(", ", names.subList(0, Math.min(shown, names.size())));
        return names.size() > shown ? head + ", ..." : head;
    }
}
