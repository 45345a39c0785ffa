package dev.custodian.backup.textdb;

import dev.custodian.backup.BackupFormat;
import dev.custodian.spi.Engine;
import dev.custodian.spi.EngineProvider;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;

/** Finds the text database for {@code textdb:<directory>} URLs; lists its backup format. */
public final class TextDbProvider implements EngineProvider {
    private static final String PREFIX = "textdb:";

    @Override
    public String engine() {
        return TextDbEngine.NAME;
    }

    @Override
    public boolean accepts(String url) {
        return url != null && url.startsWith(PREFIX);
    }

    @Override
    public Engine open(String url, Properties properties) {
        return new TextDbEngine(Path.of(url.substring(PREFIX.length())));
    }

    @Override
    public List<BackupFormat> backupFormats() {
        return List.of(new TextDbFormat());
    }
}
