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
 * Sets written by every earlier format version (and by this one) are read by this version: listed
 * as complete, every manifest field read back as it was written, every part's checksum good.
 * Engines' own tests decode and restore them.
 */
class GoldenSetsTest {
    private static final Map<String, String> ENGINES = Map.of("sqlite", "sqlite", "sqlite-gzip", "sqlite",
            "sqlite-none", "sqlite", "sqlite-encrypted", "sqlite", "postgres", "postgresql", "mysql", "mysql",
            "redis-logical", "redis", "redis-rdb", "redis");
    private static final Map<String, String> STRATEGIES = Map.of("sqlite", "sqlite-file", "sqlite-gzip",
            "sqlite-file", "sqlite-none", "sqlite-file", "sqlite-encrypted", "sqlite-file", "postgres", "pg-logical",
            "mysql", "mysql-logical", "redis-logical", "redis-logical", "redis-rdb", "redis-rdb");

    private static final Map<String, String> V1_KINDS = Map.of("DATABASE_FILE", "IMAGE", "SNAPSHOT", "IMAGE",
            "KEYSPACE", "DATA");

    @TempDir
    Path tmp;

    static Stream<String> stores() {
        return GoldenSets.all().stream();
    }

    @org.junit.jupiter.api.Test
    void everyFormatVersionUpToTheCurrentOneHasGoldenSetsOfEveryEngine() {
        assertThat(GoldenSets.VERSIONS).last().isEqualTo(dev.custodian.backup.BackupManifest.FORMAT_VERSION);
        for (int version : GoldenSets.VERSIONS) {
            // a set of one small part is written in format 2 still, so format 3 has the engines of several parts
            assertThat(GoldenSets.stores(version)).contains(version < 3
                    ? new String[] {"sqlite", "postgres", "mysql", "redis-logical", "redis-rdb"}
                    : new String[] {"postgres", "mysql", "redis-logical"});
        }
    }

    @ParameterizedTest
    @MethodSource("stores")
    void everyGoldenSetIsListedCompleteAndItsChecksumsHold(String versionAndStore) {
        int version = Integer.parseInt(versionAndStore.split("/")[0]);
        String store = versionAndStore.split("/")[1];
        Path dir = GoldenSets.copy(version, store, tmp.resolve(store));
        BackupCatalog catalog = BackupCatalog.open(dir);
        List<BackupSummary> sets = catalog.list();
        assertThat(sets).extracting(BackupSummary::id).containsExactly(GoldenSets.id(version, store));
        VerifyReport report = catalog.verify("latest", VerifyLevel.CHECKSUMS, ProgressListener.none());
        assertThat(report.problems()).isEmpty();
        assertThat(report.ok()).isTrue();
    }

    @ParameterizedTest
    @MethodSource("stores")
    void everyManifestFieldIsReadAsWritten(String versionAndStore) throws Exception {
        int version = Integer.parseInt(versionAndStore.split("/")[0]);
        String store = versionAndStore.split("/")[1];
        Path dir = GoldenSets.copy(version, store, tmp.resolve(store));
        String id = GoldenSets.id(version, store);
        JsonNode written = new ObjectMapper().readTree(Files.readString(dir.resolve(id).resolve("manifest.json")));
        BackupManifest m = BackupCatalog.open(dir).manifest(id);

        assertThat(m.formatVersion()).isEqualTo(written.get("formatVersion").asInt()).isEqualTo(version);
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
            assertThat(p.storedBytes()).isEqualTo(w.get("storedBytes").asLong());
            assertThat(p.offset()).isEqualTo(w.has("offset") ? w.get("offset").asLong() : -1);
            if (p.packed()) {
                assertThat(Files.size(dir.resolve(id).resolve(p.file()))).isGreaterThanOrEqualTo(p.offset() + p.storedBytes());
            } else {
                assertThat(p.storedBytes()).isEqualTo(Files.size(dir.resolve(id).resolve(p.file())));
            }
            assertThat(p.rawBytes()).isEqualTo(w.get("rawBytes").asLong());
            assertThat(p.sha256()).isEqualTo(w.get("sha256").asText());
            assertThat(p.kind()).isNotNull();
            // format 1 named a file image and a key space by the engine's word; format 2 by one kind each
            String kind = w.get("kind").asText();
            assertThat(p.kind().name()).isEqualTo(version == 1 ? V1_KINDS.getOrDefault(kind, kind) : kind);
        }
        JsonNode encryption = written.get("encryption");
        if (encryption == null || encryption.isNull()) {
            assertThat(m.encryption()).isNull();
        } else {
            assertThat(m.encryption().cipher()).isEqualTo(encryption.get("cipher").asText());
            assertThat(m.encryption().chunkBytes()).isEqualTo(encryption.get("chunkBytes").asInt());
            assertThat(m.encryption().keys()).hasSize(encryption.get("keys").size());
            for (int i = 0; i < encryption.get("keys").size(); i++) {
                JsonNode w = encryption.get("keys").get(i);
                dev.custodian.backup.WrappedKey k = m.encryption().keys().get(i);
                assertThat(k.type()).isEqualTo(w.get("type").asText());
                assertThat(k.keyId()).isEqualTo(textOrNull(w.get("keyId")));
                assertThat(k.kdf()).isEqualTo(textOrNull(w.get("kdf")));
                assertThat(k.iterations()).isEqualTo(w.get("iterations").asInt());
                assertThat(k.salt()).isEqualTo(textOrNull(w.get("salt")));
                assertThat(k.ephemeralPublicKey()).isEqualTo(textOrNull(w.get("ephemeralPublicKey")));
                assertThat(k.nonce()).isEqualTo(w.get("nonce").asText());
                assertThat(k.ciphertext()).isEqualTo(w.get("ciphertext").asText());
            }
        }
        assertThat(m.totalRows()).isPositive();
    }

    private static String textOrNull(JsonNode node) {
        return node == null || node.isNull() ? null : node.asText();
    }
}
