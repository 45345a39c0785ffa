package dev.custodian.migration.internal;

import dev.custodian.ConfigurationException;
import dev.custodian.Custodian;
import dev.custodian.Secrets;
import dev.custodian.backup.BackupStrategy;
import dev.custodian.backup.TargetContents;
import dev.custodian.internal.Messages;
import dev.custodian.migration.MigrationException;
import dev.custodian.migration.MigrationRehearsalSupport;
import dev.custodian.migration.RehearsalOptions;
import dev.custodian.spi.Engine;
import dev.custodian.spi.JdbcAccess;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Properties;

/**
 * The scratch database of a rehearsal: opened from its URL (created when missing), checked before
 * anything changes (same engine as production, not production itself, empty unless clean), and
 * emptied afterwards unless kept.
 */
final class ScratchTarget implements AutoCloseable {
    private static final String CREATE = "custodian.create";

    private final Custodian custodian;
    private final String masked;

    private ScratchTarget(Custodian custodian, String masked) {
        this.custodian = custodian;
        this.masked = masked;
    }

    /** Opens the scratch database; a database or file that does not exist yet is created. */
    static ScratchTarget open(RehearsalOptions options) {
        Properties properties = options.scratchProperties();
        if (properties.getProperty(CREATE) == null) {
            properties.setProperty(CREATE, "true");
        }
        String masked = Secrets.mask(options.scratchUrl());
        Custodian c;
        try {
            c = Custodian.connect(options.scratchUrl(), properties);
        } catch (RuntimeException e) {
            throw new MigrationException("rehearsal refused: cannot open scratch database " + masked + ": "
                    + Messages.describe(e), e);
        }
        return new ScratchTarget(c, masked);
    }

    Custodian custodian() {
        return custodian;
    }

    Engine engine() {
        return custodian.engine();
    }

    String masked() {
        return masked;
    }

    JdbcAccess jdbc() {
        return engine().jdbc().orElseThrow(() -> new ConfigurationException("rehearsal refused: scratch database "
                + masked + " has no JDBC access"));
    }

    MigrationRehearsalSupport support() {
        return engine().migrationRehearsal().orElseThrow(() -> new ConfigurationException("rehearsal refused: engine "
                + engine().describe().engine() + " of scratch database " + masked + " cannot rehearse migrations"));
    }

    /**
     * Refuses a scratch database of another engine than production's, or production itself
     * (compared by the engines' own identity of a database, so aliases of one server are seen).
     */
    void refuseProduction(String productionEngine, String productionIdentity) {
        String scratchEngine = engine().describe().engine();
        if (!productionEngine.equals(scratchEngine)) {
            throw new ConfigurationException("rehearsal refused: scratch database " + masked + " is " + scratchEngine
                    + ", production is " + productionEngine + "; name a scratch database of the same engine");
        }
        String scratchIdentity;
        try (Connection c = jdbc().dataSource().getConnection()) {
            scratchIdentity = support().databaseIdentity(c);
        } catch (SQLException e) {
            throw new MigrationException("rehearsal refused: cannot tell which database scratch database " + masked
                    + " is: " + Messages.describe(e), e);
        }
        if (productionIdentity.equals(scratchIdentity)) {
            throw new ConfigurationException("rehearsal refused: scratch database " + masked
                    + " is the production database itself (" + productionIdentity
                    + "); never rehearse on production: name an empty scratch database");
        }
    }

    /** Refuses a scratch database that holds anything, unless it may be cleaned. */
    void refuseNotEmpty(String strategyName, boolean clean) {
        if (clean) {
            return;
        }
        BackupStrategy strategy = engine().backupStrategies().stream()
                .filter(s -> s.name().equals(strategyName)).findFirst()
                .orElseThrow(() -> new ConfigurationException("rehearsal refused: the backup was written by strategy '"
                        + strategyName + "', which the scratch database's engine does not have"));
        TargetContents contents;
        try {
            contents = strategy.inspectTarget();
        } catch (Exception e) {
            throw new MigrationException("rehearsal refused: cannot inspect scratch database " + masked + ": "
                    + Messages.describe(e), e);
        }
        if (!contents.isEmpty()) {
            List<String> objects = contents.objects();
            throw new ConfigurationException("rehearsal refused: scratch database " + masked + " is not empty (holds "
                    + String.join(", ", objects.subList(0, Math.min(5, objects.size())))
                    + (objects.size() > 5 ? " and " + (objects.size() - 5) + " more" : "")
                    + "); name an empty one, or clean it (--clean) to have it emptied");
        }
    }

    /** Drops everything the rehearsal left in the scratch database. */
    void empty() throws SQLException {
        try (Connection c = jdbc().dataSource().getConnection()) {
            support().empty(c);
        }
    }

    @Override
    public void close() {
        custodian.close();
    }
}
