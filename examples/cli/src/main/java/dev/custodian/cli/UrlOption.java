package dev.custodian.cli;

import dev.custodian.Custodian;
import dev.custodian.Secrets;
import java.util.Properties;
import picocli.CommandLine.Option;

/** The {@code --url} option and how a command connects with it. */
public final class UrlOption {
    /** The property that lets the SQLite engine create a database file that does not exist yet. */
    static final String CREATE_PROPERTY = "custodian.create";
    /**
     * The property that keeps the SQLite engine from switching a file to WAL: an operator's tool
     * inspects a database the application owns and leaves its settings alone. Engines that do not
     * know a {@code custodian.} property ignore it.
     */
    static final String KEEP_JOURNAL_MODE_PROPERTY = "custodian.keepJournalMode";

    static final String DESCRIPTION = "The database: jdbc:sqlite:FILE (jdbc:postgresql:, jdbc:mariadb:, jdbc:mysql:, "
            + "redis:// with their engine modules). A password may be part of the URL; it is never printed.";

    @Option(names = "--url", required = true, paramLabel = "URL", description = DESCRIPTION)
    String url;

    /** Connects to an existing database; a database that does not exist is an error, never created. */
    public Custodian connect() {
        return connect(url);
    }

    static Custodian connect(String url) {
        return Custodian.connect(url, toolProperties());
    }

    private static Properties toolProperties() {
        Properties properties = new Properties();
        properties.setProperty(KEEP_JOURNAL_MODE_PROPERTY, "true");
        return properties;
    }

    /** Connects to a restore target, which may not exist yet. */
    public Custodian connectForRestore() {
        return connectForRestore(url);
    }

    static Custodian connectForRestore(String url) {
        Properties properties = toolProperties();
        properties.setProperty(CREATE_PROPERTY, "true");
        return Custodian.connect(url, properties);
    }

    /** The URL with its secrets masked, for messages. */
    public String masked() {
        return Secrets.mask(url);
    }
}
