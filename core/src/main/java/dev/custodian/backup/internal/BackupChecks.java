package dev.custodian.backup.internal;

import dev.custodian.ConfigurationException;
import dev.custodian.CustodianException;
import dev.custodian.backup.BackupCheck;
import dev.custodian.backup.BackupException;
import dev.custodian.backup.BackupOptions;
import dev.custodian.backup.BackupStrategy;
import dev.custodian.internal.Messages;
import dev.custodian.spi.Engine;
import java.util.List;
import java.util.Objects;

/** What a backup would refuse, found by the engine's strategy without taking it and without a store. */
public final class BackupChecks {
    private BackupChecks() {
    }

    /** The check of the default strategy, or of the one the options name. */
    public static BackupCheck check(Engine engine, BackupOptions options) {
        Objects.requireNonNull(options, "options");
        List<BackupStrategy> strategies = engine.backupStrategies();
        if (strategies.isEmpty()) {
            throw BackupRun.cannotBackUp(engine.describe().engine());
        }
        BackupStrategy strategy = options.strategy() == null ? strategies.get(0) : strategies.stream()
                .filter(s -> s.name().equals(options.strategy())).findFirst()
                .orElseThrow(() -> new ConfigurationException("backup.strategy '" + options.strategy()
                        + "' is not a strategy of engine " + engine.describe().engine()));
        var info = engine.describe();
        try {
            return new BackupCheck(info.engine(), info.database(), strategy.name(), strategy.check(options));
        } catch (CustodianException e) {
            throw e;
        } catch (Exception e) {
            throw new BackupException("backup check of " + info.engine() + " database '" + info.database()
                    + "' failed: " + Messages.describe(e), e);
        }
    }
}
