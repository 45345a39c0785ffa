package dev.custodian.cli;

import dev.custodian.Custodian;
import dev.custodian.Secrets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import picocli.CommandLine.Option;

/** The {@code --url} option and how a command connects with it. */
public final class UrlOption {
    /** The property that lets an engine create a database (a file, a database) that does not exist yet. */
    static final String CREATE_PROPERTY = "custodian.create";
    /**
     * The property that keeps the SQLite engine from switching a file to WAL: an operator's tool
     * inspects a database the application owns and leaves its settings alone. Given for SQLite
     * URLs only, since every engine refuses properties it does not know.
     */
    static final String KEEP_JOURNAL_MODE_PROPERTY = "custodian.sqlite.keepJournalMode";
    /**
     * The property that makes a server engine's pool open connections only as the command needs
     * them (one kept open) instead of filling a fixed-size pool: a run of the tool is one
     * operation, and each connection it opens costs the server a process and a TLS handshake.
     * Given for PostgreSQL and MySQL/MariaDB URLs unless the user gives it.
     */
    static final String POOL_MINIMUM_IDLE_PROPERTY = "custodian.poolMinimumIdle";

    static final String DESCRIPTION = "The database: jdbc:sqlite:FILE (jdbc:postgresql:, jdbc:mariadb:, jdbc:mysql:, "
            + "redis:// with their engine modules). A password may be part of the URL; it is never printed.";

    static final String PROPERTY_DESCRIPTION = "A driver or engine property, repeatable: user, password, sslmode, "
            + "custodian.redis.trustStore… Values of secret properties are never printed.";

    @Option(names = "--url", required = true, paramLabel = "URL", description = DESCRIPTION)
    String url;

    @Option(names = "--property", paramLabel = "KEY=VALUE", description = PROPERTY_DESCRIPTION)
    Map<String, String> properties = new LinkedHashMap<>();

    /** Connects to an existing database; a database that does not exist is an error, never created. */
    public Custodian connect() {
        return connect(url, properties);
    }

    /**
     * Connects for one health report: a run of the tool is one report, so costly probes (an
     * integrity check, a scan of every table) run in it rather than in the background.
     */
    public Custodian connectForHealth() {
        return Custodian.builder(url, toolProperties(url, properties))
                .health(dev.custodian.health.HealthOptions.builder().costlyInterval(java.time.Duration.ZERO).build())
                .build();
    }

    static Custodian connect(String url) {
        return connect(url, Map.of());
    }

    static Custodian connect(String url, Map<String, String> given) {
        return Custodian.connect(url, toolProperties(url, given));
    }

    static Properties toolProperties(String url, Map<String, String> given) {
        Properties properties = new Properties();
        if (url != null && url.regionMatches(true, 0, "jdbc:sqlite:", 0, "jdbc:sqlite:".length())) {
            properties.setProperty(KEEP_JOURNAL_MODE_PROPERTY, "true");
        }
        if (url != null && (url.startsWith("jdbc:postgresql:") || url.startsWith("jdbc:mariadb:")
                || url.startsWith("jdbc:mysql:"))) {
            properties.setProperty(POOL_MINIMUM_IDLE_PROPERTY, "1");
        }
        given.forEach(properties::setProperty);
        return properties;
    }

    /** A builder for the database (to add a schedule); a database that does not exist is an error. */
    public Custodian.Builder builder() {
        return Custodian.builder(url, toolProperties(url, properties));
    }

    /** Connects to a restore target, which may not exist yet. */
    public Custodian connectForRestore() {
        return connectForRestore(url, properties);
    }

    static Custodian connectForRestore(String url) {
        return connectForRestore(url, Map.of());
    }

    static Custodian connectForRestore(String url, Map<String, String> given) {
        Properties properties = toolProperties(url, given);
        properties.setProperty(CREATE_PROPERTY, "true");
        return Custodian.connect(url, properties);
    }

    /** The URL with its secrets masked, for messages. */
    public String masked() {
        return Secrets.mask(url);
    }
}
