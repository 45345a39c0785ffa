package dev.custodian.spi;

import dev.custodian.ConfigurationException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;

/**
 * The properties an engine is opened with from a URL, parsed once for every engine. Keys under
 * {@code custodian.} are Custodian's: the common ones ({@code custodian.poolSize},
 * {@code custodian.expectedInstances}, {@code custodian.create}) and each engine's own under
 * {@code custodian.<engine>.} ({@code custodian.postgresql.backupWorkers}); every other key goes to
 * the driver or client. An unknown {@code custodian.*} key is refused in one line that names it
 * and the known keys. Values are strict: whole numbers, {@code true}/{@code false}, positive
 * seconds.
 *
 * <pre>{@code
 * EngineProperties p = EngineProperties.parse("postgresql", props, List.of(EngineProperties.POOL_SIZE,
 *         EngineProperties.EXPECTED_INSTANCES, "postgresql.backupWorkers"));
 * int workers = p.integer("postgresql.backupWorkers").orElse(1);
 * Properties driver = p.driverProperties();
 * }</pre>
 */
public final class EngineProperties {
    /** The prefix of Custodian's own keys. */
    public static final String PREFIX = "custodian.";
    /** The size of the pool the engine opens. */
    public static final String POOL_SIZE = "poolSize";
    /** How many connections the pool the engine opens keeps when idle (its size unless set lower). */
    public static final String POOL_MINIMUM_IDLE = "poolMinimumIdle";
    /** How many application instances share the server, for pool advice. */
    public static final String EXPECTED_INSTANCES = "expectedInstances";
    /** Creates a missing database (a file, a schema) when opening, for restores into a new one. */
    public static final String CREATE = "create";

    private final String engine;
    private final Properties custodian = new Properties();
    private final Properties driver = new Properties();

    private EngineProperties(String engine, Properties properties, List<String> known) {
        this.engine = engine;
        Set<String> knownKeys = new LinkedHashSet<>();
        for (String k : known) {
            knownKeys.add(PREFIX + k);
        }
        if (properties != null) {
            List<String> unknown = new ArrayList<>();
            for (String key : properties.stringPropertyNames()) {
                String value = properties.getProperty(key);
                if (key.startsWith(PREFIX)) {
                    if (knownKeys.contains(key)) {
                        custodian.setProperty(key, value);
                    } else {
                        unknown.add(key);
                    }
                } else {
                    driver.setProperty(key, value);
                }
            }
            if (!unknown.isEmpty()) {
                throw new ConfigurationException("unknown " + (unknown.size() == 1 ? "property " : "properties ")
                        + String.join(", ", unknown.stream().sorted().toList()) + " for engine " + engine
                        + "; known: " + (knownKeys.isEmpty() ? "none" : String.join(", ", knownKeys)));
            }
        }
    }

    /**
     * Parses properties for an engine.
     *
     * @param engine the engine's name, as in {@link EngineInfo#engine()}
     * @param properties what the URL was opened with; may be null
     * @param known the keys the engine reads, without the {@code custodian.} prefix: common ones
     *     ({@link #POOL_SIZE}) and the engine's own ({@code <engine>.<key>})
     */
    public static EngineProperties parse(String engine, Properties properties, List<String> known) {
        Objects.requireNonNull(engine, "engine");
        for (String k : known) {
            if (k.contains(".") && !k.startsWith(engine + ".")) {
                throw new IllegalArgumentException("engine key " + k + " must be under " + engine + ".");
            }
        }
        return new EngineProperties(engine, properties, known);
    }

    /** Every property that is not Custodian's, for the driver or client. */
    public Properties driverProperties() {
        Properties copy = new Properties();
        driver.stringPropertyNames().forEach(k -> copy.setProperty(k, driver.getProperty(k)));
        return copy;
    }

    /** A text value, trimmed; empty when absent or blank. */
    public Optional<String> string(String key) {
        String v = custodian.getProperty(PREFIX + key);
        return v == null || v.isBlank() ? Optional.empty() : Optional.of(v.trim());
    }

    /** A whole number. */
    public Optional<Integer> integer(String key) {
        return whole(key).map(v -> {
            if (v > Integer.MAX_VALUE || v < Integer.MIN_VALUE) {
                throw invalid(key, v.toString(), "a whole number up to " + Integer.MAX_VALUE);
            }
            return v.intValue();
        });
    }

    /** A whole number, as a long. */
    public Optional<Long> whole(String key) {
        return string(key).map(v -> {
            try {
                return Long.parseLong(v);
            } catch (NumberFormatException e) {
                throw invalid(key, v, "a whole number");
            }
        });
    }

    /** {@code true} or {@code false}, nothing else. */
    public Optional<Boolean> bool(String key) {
        return string(key).map(v -> switch (v.toLowerCase(Locale.ROOT)) {
            case "true" -> Boolean.TRUE;
            case "false" -> Boolean.FALSE;
            default -> throw invalid(key, v, "true or false");
        });
    }

    /** A positive number of seconds. */
    public Optional<Duration> seconds(String key) {
        return whole(key).map(v -> {
            if (v <= 0) {
                throw invalid(key, v.toString(), "a positive number of seconds");
            }
            return Duration.ofSeconds(v);
        });
    }

    /** A file path. */
    public Optional<Path> path(String key) {
        return string(key).map(Path::of);
    }

    private ConfigurationException invalid(String key, String value, String expected) {
        String shown = dev.custodian.Secrets.isSecretKey(key) ? dev.custodian.Secrets.MASK : value;
        return new ConfigurationException(PREFIX + key + " of engine " + engine + " must be " + expected + ", was '"
                + shown + "'");
    }
}
