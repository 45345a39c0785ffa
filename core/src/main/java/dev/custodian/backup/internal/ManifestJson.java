package dev.custodian.backup.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.custodian.backup.BackupManifest;
import dev.custodian.backup.BackupOptions;
import dev.custodian.backup.Compression;
import dev.custodian.backup.ManifestEncryption;
import dev.custodian.backup.PartEntry;
import dev.custodian.backup.PartKind;
import dev.custodian.backup.WrappedKey;
import dev.custodian.internal.Json;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON form of {@code manifest.json}, written and read field by field, so that renaming a
 * Java type or field can never change the format or break reading old sets (the golden sets of
 * every format version in the tests hold it to that).
 *
 * <p>Format 1 named engine-specific part kinds ({@code DATABASE_FILE}, {@code SNAPSHOT},
 * {@code KEYSPACE}); format 2 writes generic roles ({@code IMAGE}, {@code DATA}) and reads both.
 */
public final class ManifestJson {
    private static final Map<String, PartKind> LEGACY_KINDS = Map.of("DATABASE_FILE", PartKind.IMAGE,
            "SNAPSHOT", PartKind.IMAGE, "KEYSPACE", PartKind.DATA);

    private ManifestJson() {
    }

    /** The manifest as this version writes it. */
    public static byte[] write(BackupManifest m) throws IOException {
        ObjectNode root = Json.mapper().createObjectNode();
        root.put("formatVersion", m.formatVersion());
        root.put("id", m.id());
        root.put("engine", m.engine());
        root.put("serverVersion", m.serverVersion());
        root.put("database", m.database());
        root.put("strategy", m.strategy());
        root.put("startedAt", m.startedAt().toString());
        root.put("finishedAt", m.finishedAt() == null ? null : m.finishedAt().toString());
        root.put("libraryVersion", m.libraryVersion());
        ObjectNode options = root.putObject("options");
        options.put("schemaOnly", m.options().schemaOnly());
        options.put("dataOnly", m.options().dataOnly());
        ArrayNode tables = options.putArray("tables");
        m.options().tables().forEach(tables::add);
        options.put("compression", m.options().compression().name());
        options.put("strategy", m.options().strategy());
        root.put("compression", m.compression().name());
        ArrayNode parts = root.putArray("parts");
        for (PartEntry p : m.parts()) {
            ObjectNode part = parts.addObject();
            part.put("name", p.name());
            part.put("file", p.file());
            part.put("kind", p.kind().name());
            part.put("table", p.table());
            part.put("rows", p.rows());
            part.put("storedBytes", p.storedBytes());
            part.put("rawBytes", p.rawBytes());
            part.put("sha256", p.sha256());
            if (p.packed()) {
                part.put("offset", p.offset());
            }
        }
        ObjectNode facts = root.putObject("facts");
        m.facts().forEach(facts::put);
        if (m.encryption() != null) {
            ObjectNode enc = root.putObject("encryption");
            enc.put("cipher", m.encryption().cipher());
            enc.put("chunkBytes", m.encryption().chunkBytes());
            ArrayNode keys = enc.putArray("keys");
            for (WrappedKey k : m.encryption().keys()) {
                ObjectNode key = keys.addObject();
                key.put("type", k.type());
                key.put("keyId", k.keyId());
                key.put("kdf", k.kdf());
                key.put("iterations", k.iterations());
                key.put("salt", k.salt());
                key.put("ephemeralPublicKey", k.ephemeralPublicKey());
                key.put("nonce", k.nonce());
                key.put("ciphertext", k.ciphertext());
            }
        }
        return Json.mapper().writeValueAsBytes(root);
    }

    /**
     * Reads a manifest of any format version up to this one's.
     *
     * @throws IOException when it is not JSON or lacks what every version has
     */
    public static BackupManifest read(byte[] json) throws IOException {
        JsonNode root;
        try {
            root = Json.mapper().readTree(json);
        } catch (IOException e) {
            throw new IOException("not JSON: " + e.getMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new IOException("empty manifest");
        }
        int version = root.path("formatVersion").asInt(0);
        if (version < 1) {
            throw new IOException("no format version");
        }
        if (version > BackupManifest.FORMAT_VERSION) {
            throw new IOException("written by a newer Custodian (format " + version + ", this one reads up to "
                    + BackupManifest.FORMAT_VERSION + "); use a newer version");
        }
        JsonNode o = root.path("options");
        List<String> tables = new ArrayList<>();
        o.path("tables").forEach(t -> tables.add(t.asText()));
        Compression compression = compression(root.path("compression"));
        BackupOptions options = new BackupOptions(o.path("schemaOnly").asBoolean(false), o.path("dataOnly").asBoolean(false),
                tables, o.has("compression") ? compression(o.get("compression")) : compression, text(o, "strategy"));
        List<PartEntry> parts = new ArrayList<>();
        for (JsonNode p : root.path("parts")) {
            if (!p.isObject()) {
                throw new IOException("a part entry is not an object");
            }
            parts.add(new PartEntry(text(p, "name"), text(p, "file"), kind(p.path("kind")), text(p, "table"),
                    p.path("rows").asLong(0), p.path("storedBytes").asLong(0), p.path("rawBytes").asLong(0),
                    text(p, "sha256"), offset(p)));
        }
        Map<String, String> facts = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.path("facts").fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> f = it.next();
            facts.put(f.getKey(), f.getValue().isNull() ? null : f.getValue().asText());
        }
        return new BackupManifest(version, text(root, "id"), text(root, "engine"), text(root, "serverVersion"),
                text(root, "database"), text(root, "strategy"), instant(root, "startedAt"), instant(root, "finishedAt"),
                text(root, "libraryVersion"), options, compression, parts, facts, encryption(root.get("encryption")));
    }

    private static ManifestEncryption encryption(JsonNode enc) throws IOException {
        if (enc == null || enc.isNull()) {
            return null;
        }
        String cipher = text(enc, "cipher");
        if (cipher == null || !enc.path("keys").isArray() || enc.path("keys").isEmpty()) {
            throw new IOException("the encryption section lacks a cipher or wrapped keys");
        }
        List<WrappedKey> keys = new ArrayList<>();
        for (JsonNode k : enc.path("keys")) {
            keys.add(new WrappedKey(text(k, "type"), text(k, "keyId"), text(k, "kdf"), k.path("iterations").asInt(0),
                    text(k, "salt"), text(k, "ephemeralPublicKey"), text(k, "nonce"), text(k, "ciphertext")));
        }
        return new ManifestEncryption(cipher, enc.path("chunkBytes").asInt(0), keys);
    }

    /** Where a packed part starts in its file (format 3); -1 for a part that is a whole file. */
    private static long offset(JsonNode part) throws IOException {
        JsonNode v = part.get("offset");
        if (v == null || v.isNull()) {
            return -1;
        }
        if (!v.canConvertToLong() || v.asLong() < 0) {
            throw new IOException("a part's offset is not a byte position: " + v);
        }
        return v.asLong();
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    private static Instant instant(JsonNode node, String field) throws IOException {
        String v = text(node, field);
        try {
            return v == null ? null : Instant.parse(v);
        } catch (DateTimeParseException e) {
            throw new IOException(field + " is not an ISO-8601 instant: '" + v + "'", e);
        }
    }

    private static Compression compression(JsonNode node) throws IOException {
        if (node.isMissingNode() || node.isNull()) {
            return null;
        }
        try {
            return Compression.valueOf(node.asText());
        } catch (IllegalArgumentException e) {
            throw new IOException("unknown compression '" + node.asText() + "'", e);
        }
    }

    private static PartKind kind(JsonNode node) throws IOException {
        String name = node.asText("");
        PartKind legacy = LEGACY_KINDS.get(name);
        if (legacy != null) {
            return legacy;
        }
        try {
            return PartKind.valueOf(name);
        } catch (IllegalArgumentException e) {
            throw new IOException("unknown part kind '" + name + "'", e);
        }
    }
}
