package dev.custodian.internal;

import dev.custodian.ConfigurationException;
import dev.custodian.Secrets;
import dev.custodian.backup.BackupFormat;
import dev.custodian.spi.EngineProvider;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;

/** Engine discovery through {@link ServiceLoader}. */
public final class Engines {
    private Engines() {
    }

    /** The providers on the class path. */
    public static List<EngineProvider> providers() {
        List<EngineProvider> list = new ArrayList<>();
        ServiceLoader.load(EngineProvider.class, Engines.class.getClassLoader()).forEach(list::add);
        if (list.isEmpty()) {
            ServiceLoader.load(EngineProvider.class).forEach(list::add);
        }
        return list;
    }

    /** The provider that accepts the URL, or a one-line error naming the engines available. */
    public static EngineProvider forUrl(String url) {
        if (url == null || url.isBlank()) {
            throw new ConfigurationException("a database URL is required");
        }
        List<EngineProvider> all = providers();
        for (EngineProvider p : all) {
            if (p.accepts(url)) {
                return p;
            }
        }
        throw new ConfigurationException("no engine accepts the URL " + Secrets.mask(url) + "; engines available: "
                + (all.isEmpty() ? "none (add the engine module of this database to the class path)"
                        : String.join(", ", all.stream().map(EngineProvider::engine).toList())));
    }

    /**
     * The provider that takes the target as a restore drill's scratch database (a URL, or a path an
     * engine of files takes), or the one-line error of {@link #forUrl}.
     */
    public static EngineProvider forScratch(String target) {
        if (target != null && !target.isBlank()) {
            for (EngineProvider p : providers()) {
                if (p.acceptsScratch(target)) {
                    return p;
                }
            }
        }
        return forUrl(target);
    }

    /** The backup format an engine's strategy wrote. */
    public static Optional<BackupFormat> format(String engine, String strategy) {
        for (EngineProvider p : providers()) {
            if (p.engine().equals(engine)) {
                for (BackupFormat f : p.backupFormats()) {
                    if (f.strategy().equals(strategy)) {
                        return Optional.of(f);
                    }
                }
            }
        }
        return Optional.empty();
    }
}
