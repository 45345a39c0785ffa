package dev.custodian.golden;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.custodian.backup.BackupCatalog;
import dev.custodian.backup.BackupManifest;
import dev.custodian.backup.BackupSummary;
import dev.custodian.backup.PartEntry;
import dev.custodian.backup.ProgressListener;
import dev.custodian.backup.VerifyLevel;
import dev.custodian.backup.VerifyReport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Sets written by format version 1 are read by this version: listed as complete, every manifest
 * field read back as it was written, every part's checksum good. Engines' own tests decode and
 * restore them.
 */
class GoldenSetsTest {
    private static final Map<String, String> ENGINES = Map.of("sqlite", "sqlite", "sqlite-gzip", "sqlite",
            "sqlite-none", "sqlite", "postgres", "postgresql", "mysql", "mysql", "redis-logical", "redis",
            "redis-rdb", "redis");
    private static final Map<String, String> STRATEGIES = Map.of("sqlite", "sqlite-file", "sqlite-gzip",
            "sqlite-file", "sqlite-none", "sqlite-file", "postgres", "pg-logical", "mysql", "mysql-logical",
            "redis-logical", "redis-logical", "redis-rdb", "redis-rdb");

    @TempDir
    Path tmp;

    static Stream<String> stores() {
        return GoldenSets.stores().stream();
    }

    @ParameterizedTest
    @MethodSource("stores")
    void everyGoldenSetIsListedCompleteAndItsChecksumsHold(String store) {
        Path dir = GoldenSets.copy(store, tmp.resolve(store));
        BackupCatalog catalog = BackupCatalog.open(dir);
        List<BackupSummary> sets = catalog.list();
        assertThat(sets).extracting(BackupSummary::id).containsExactly(GoldenSets.id(store));
        VerifyReport report = catalog.verify("latest", VerifyLevel.CHECKSUMS, ProgressListener.none());
        assertThat(report.problems()).isEmpty();
        assertThat(report.ok()).isTrue();
    }

    @ParameterizedTest
    @MethodSource("stores")
    void everyManifestFieldIsReadAsWritten(String store) throws Exception {
        Path dir = GoldenSets.copy(store, tmp.resolve(store));
        String id = GoldenSets.id(store);
        JsonNode written = new ObjectMapper().readTree(Files.readString(dir.resolve(id).resolve("manifest.json")));
        BackupManifest m = BackupCatalog.open(dir).manifest(id);

        assertThat(m.formatVersion()).isEqualTo(written.get("formatVersion").asInt()).isEqualTo(1);
        assertThat(m.id()).isEqualTo(written.get("id").asText()).isEqualTo(id);
        assertThat(m.engine()).isEqualTo(written.get("engine").asText()).isEqualTo(ENGINES.get(store));
        assertThat(m.strategy()).isEqualTo(written.get("strategy").asText()).isEqualTo(STRATEGIES.get(store));
        assertThat(m.serverVersion()).isEqualTo(written.get("serverVersion").asText());
        assertThat(m.database()).isEqualTo(written.get("database").asText());
        assertThat(m.libraryVersion()).isEqualTo(written.get("libraryVersion").asText());
        assertThat(m.startedAt()).isEqualTo(java.time.Instant.parse(written.get("startedAt").asText()));
        assertThat(m.finishedAt()).isAfterOrEqualTo(m.startedAt());
        assertThat(m.compression().name()).isEqualTo(written.get("compression").asText());
        assertThat(m.options().schemaOnly()).isEqualTo(written.get("options").get("schemaOnly").asBoolean());
        assertThat(m.options().dataOnly()).isEqualTo(written.get("options").get("dataOnly").asBoolean());
        assertThat(m.options().tables()).hasSize(written.get("options").get("tables").size());
        assertThat(m.facts()).hasSize(written.get("facts").size());
        written.get("facts").fields().forEachRemaining(f -> assertThat(m.facts()).containsEntry(f.getKey(),
                f.getValue().asText()));

        JsonNode parts = written.get("parts");
        assertThat(m.parts()).hasSize(parts.size());
        for (int i = 0; i < parts.size(); i++) {
            PartEntry p = m.parts().get(i);
            JsonNode w = parts.get(i);
            assertThat(p.name()).isEqualTo(w.get("name").asText());
            assertThat(p.file()).isEqualTo(w.get("file").asText());
            assertThat(p.table()).isEqualTo(w.get("table").isNull() ? null : w.get("table").asText());
            assertThat(p.rows()).isEqualTo(w.get("rows").asLong());
            assertThat(p.storedBytes()).isEqualTo(w.get("storedBytes").asLong())
                    .isEqualTo(Files.size(dir.resolve(id).resolve(p.file())));
            assertThat(p.rawBytes()).isEqualTo(w.get("rawBytes").asLong());
            assertThat(p.sha256()).isEqualTo(w.get("sha256").asText());
            assertThat(p.kind()).isNotNull();
        }
        assertThat(m.totalRows()).isPositive();
    }
}
