package dev.custodian.backup.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.custodian.backup.BackupCatalog;
import dev.custodian.backup.BackupException;
import dev.custodian.backup.BackupManifest;
import dev.custodian.backup.BackupOptions;
import dev.custodian.backup.Backups;
import dev.custodian.backup.DecryptionKeys;
import dev.custodian.backup.Encryption;
import dev.custodian.backup.PartEntry;
import dev.custodian.backup.ProgressListener;
import dev.custodian.backup.RestoreOptions;
import dev.custodian.backup.VerifyLevel;
import dev.custodian.backup.VerifyReport;
import dev.custodian.backup.textdb.Behaviour;
import dev.custodian.backup.textdb.TextDb;
import dev.custodian.internal.Json;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Client-side encryption: round trips, fail-closed refusals, and every kind of tampering found. */
class EncryptedSetsTest {
    private static final char[] PASSPHRASE = "correct horse battery staple".toCharArray();
    // an encrypted part's header before its first chunk: magic, version, chunk size, nonce prefix
    private static final int HEADER = 7 + 1 + 4 + 8;

    @TempDir
    Path tmp;

    private Path source() {
        Path source = tmp.resolve("source");
        if (!Files.exists(source)) {
            TextDb.sample(source);
            // rows compression cannot shrink, so the part spans several encryption chunks
            java.util.Random random = new java.util.Random(11);
            StringBuilder sb = new StringBuilder();
            byte[] bytes = new byte[600];
            for (int i = 0; i < 600; i++) {
                random.nextBytes(bytes);
                sb.append(java.util.Base64.getEncoder().encodeToString(bytes)).append('\n');
            }
            TextDb.write(source, "big", sb.toString());
        }
        return source;
    }

    private Backups backups(Path db, Path store) {
        return TextDb.backups(db, store.toString(), Clock.systemUTC(), Behaviour.normal());
    }

    private BackupManifest backup(Path store, Encryption encryption) {
        return backups(source(), store).backup(BackupOptions.defaults().withEncryption(encryption), ProgressListener.none());
    }

    @Test
    void aPassphraseSetRoundTripsAndItsManifestHoldsNoKeyNorPassphrase() throws Exception {
        Path store = tmp.resolve("store");
        BackupManifest m = backup(store, Encryption.passphrase(PASSPHRASE));
        assertThat(m.encrypted()).isTrue();
        String manifest = Files.readString(store.resolve(m.id()).resolve("manifest.json"));
        assertThat(manifest).contains("\"cipher\" : \"AES-256-GCM\"").contains("pbkdf2").doesNotContain(new String(PASSPHRASE));
        for (PartEntry p : m.parts()) {
            byte[] stored = Files.readAllBytes(store.resolve(m.id()).resolve(p.file()));
            assertThat(new String(stored, StandardCharsets.ISO_8859_1)).doesNotContain("row 1, ");
        }
        try (BackupCatalog catalog = BackupCatalog.open(store.toString())) {
            assertThat(catalog.verify(m.id(), VerifyLevel.CHECKSUMS, ProgressListener.none()).ok()).isTrue();
            VerifyReport noKeys = catalog.verify(m.id(), VerifyLevel.DECODE, ProgressListener.none());
            assertThat(noKeys.problems()).singleElement().asString().contains("is encrypted").contains("passphrase");
            VerifyReport decoded = catalog.withKeys(DecryptionKeys.passphrase(PASSPHRASE))
                    .verify(m.id(), VerifyLevel.DECODE, ProgressListener.none());
            assertThat(decoded.problems()).isEmpty();
            assertThat(decoded.checked()).anyMatch(c -> c.contains("every chunk is authenticated"));
        }
        Path target = tmp.resolve("target");
        backups(target, store).withKeys(DecryptionKeys.passphrase(PASSPHRASE))
                .restore(m.id(), RestoreOptions.defaults(), ProgressListener.none());
        assertThat(TextDb.contents(target)).isEqualTo(TextDb.contents(source()));
    }

    @Test
    void aWrongPassphraseIsRefusedInOneLineAndChangesNothing() {
        Path store = tmp.resolve("store");
        BackupManifest m = backup(store, Encryption.passphrase(PASSPHRASE));
        Path target = tmp.resolve("target");
        TextDb.table(target, "keep", 3);
        Map<String, String> before = TextDb.contents(target);
        assertThatThrownBy(() -> backups(target, store).withKeys(DecryptionKeys.passphrase("wrong passphrase".toCharArray()))
                .restore(m.id(), RestoreOptions.defaults().withClean(true), ProgressListener.none()))
                .isInstanceOf(BackupException.class).hasMessageContaining("passphrase does not open backup set " + m.id())
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n").doesNotContain("wrong passphrase"));
        assertThatThrownBy(() -> backups(target, store).restore(m.id(), RestoreOptions.defaults().withClean(true),
                ProgressListener.none())).hasMessageContaining("is encrypted");
        assertThat(TextDb.contents(target)).isEqualTo(before);
    }

    @Test
    void aSetForARecipientOnlyNeedsItsIdentity() throws Exception {
        Path identity = tmp.resolve("ops.identity");
        String publicKey = Encryption.newIdentity(identity);
        assertThat(Files.getPosixFilePermissions(identity)).extracting(Object::toString)
                .containsExactlyInAnyOrder("OWNER_READ", "OWNER_WRITE");
        Path other = tmp.resolve("other.identity");
        Encryption.newIdentity(other);
        Path store = tmp.resolve("store");
        BackupManifest m = backup(store, Encryption.recipientFile(writePublic(publicKey)));
        assertThat(m.encryption().passphrase()).isFalse();
        Path target = tmp.resolve("target");
        assertThatThrownBy(() -> backups(target, store).withKeys(DecryptionKeys.identityFile(other))
                .restore(m.id(), RestoreOptions.defaults(), ProgressListener.none()))
                .hasMessageContaining("is not a recipient of backup set " + m.id());
        assertThat(TextDb.contents(target)).isEmpty();
        backups(target, store).withKeys(DecryptionKeys.identityFile(identity))
                .restore(m.id(), RestoreOptions.defaults(), ProgressListener.none());
        assertThat(TextDb.contents(target)).isEqualTo(TextDb.contents(source()));
    }

    private Path writePublic(String key) throws Exception {
        Path file = tmp.resolve("ops.pub");
        Files.writeString(file, "custodian-recipient-v1\npublic-key: " + key + "\n");
        return file;
    }

    @Test
    void aFlippedByteAnywhereFailsDecodingNamingThePartAndChunk() throws Exception {
        Path store = tmp.resolve("store");
        BackupManifest m = backup(store, Encryption.passphrase(PASSPHRASE));
        PartEntry big = m.parts().stream().filter(p -> "big".equals(p.table())).findFirst().orElseThrow();
        Path file = store.resolve(m.id()).resolve(big.file());
        byte[] bytes = Files.readAllBytes(file);
        int at = bytes.length * 2 / 3;
        bytes[at] ^= 0x01;
        Files.write(file, bytes);
        rewriteChecksum(store, m, big, bytes);
        try (BackupCatalog catalog = BackupCatalog.open(store.toString()).withKeys(DecryptionKeys.passphrase(PASSPHRASE))) {
            VerifyReport v = catalog.verify(m.id(), VerifyLevel.DECODE, ProgressListener.none());
            assertThat(v.problems()).singleElement().asString().contains("part data/big").contains("chunk ")
                    .contains("fails authentication");
        }
    }

    @Test
    void partsSwappedBetweenSetsTruncatedOrReorderedAreDetected() throws Exception {
        Path storeA = tmp.resolve("a");
        Path storeB = tmp.resolve("b");
        BackupManifest a = backup(storeA, Encryption.passphrase(PASSPHRASE));
        BackupManifest b = backup(storeB, Encryption.passphrase(PASSPHRASE));
        PartEntry bigA = a.parts().stream().filter(p -> "big".equals(p.table())).findFirst().orElseThrow();
        PartEntry bigB = b.parts().stream().filter(p -> "big".equals(p.table())).findFirst().orElseThrow();
        Path fileA = storeA.resolve(a.id()).resolve(bigA.file());
        byte[] original = Files.readAllBytes(fileA);
        DecryptionKeys keys = DecryptionKeys.passphrase(PASSPHRASE);

        // the same part of another set, its checksum made to match: the chunks belong to another set
        byte[] swapped = Files.readAllBytes(storeB.resolve(b.id()).resolve(bigB.file()));
        Files.write(fileA, swapped);
        rewriteChecksum(storeA, a, bigA, swapped);
        assertThat(decodeProblem(storeA, a, keys)).contains("fails authentication");

        // truncated at a chunk boundary: the header, then whole sealed chunks, the last one short
        int chunk = a.encryption().chunkBytes() + 16;
        int header = HEADER;
        int full = (original.length - header) / chunk;
        assertThat(full).as("full chunks in the part").isGreaterThanOrEqualTo(3);
        byte[] truncated = java.util.Arrays.copyOf(original, header + (full - 1) * chunk);
        Files.write(fileA, truncated);
        rewriteChecksum(storeA, a, bigA, truncated);
        assertThat(decodeProblem(storeA, a, keys)).containsAnyOf("missing", "truncated", "fails authentication");

        // two chunks in swapped order
        byte[] reordered = original.clone();
        System.arraycopy(original, header, reordered, header + chunk, chunk);
        System.arraycopy(original, header + chunk, reordered, header, chunk);
        Files.write(fileA, reordered);
        rewriteChecksum(storeA, a, bigA, reordered);
        assertThat(decodeProblem(storeA, a, keys)).contains("fails authentication");
    }

    private static String decodeProblem(Path store, BackupManifest m, DecryptionKeys keys) {
        try (BackupCatalog catalog = BackupCatalog.open(store.toString()).withKeys(keys)) {
            VerifyReport v = catalog.verify(m.id(), VerifyLevel.DECODE, ProgressListener.none());
            assertThat(v.problems()).isNotEmpty();
            return String.join("\n", v.problems());
        }
    }

    // An attacker who can write the store can rewrite the manifest's checksum too; encryption still tells.
    private static void rewriteChecksum(Path store, BackupManifest m, PartEntry part, byte[] content) throws Exception {
        Path manifest = store.resolve(m.id()).resolve("manifest.json");
        ObjectNode tree = (ObjectNode) Json.mapper().readTree(manifest.toFile());
        for (var p : tree.withArray("parts")) {
            if (p.get("name").asText().equals(part.name())) {
                ((ObjectNode) p).put("sha256", HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content)));
                ((ObjectNode) p).put("storedBytes", content.length);
            }
        }
        Json.mapper().writeValue(manifest.toFile(), tree);
    }

    @Test
    void rotatingKeysRewrapsTheDataKeyWithoutRewritingParts() throws Exception {
        Path store = tmp.resolve("store");
        BackupManifest m = backup(store, Encryption.passphrase(PASSPHRASE));
        byte[] partBefore = Files.readAllBytes(store.resolve(m.id()).resolve(m.parts().get(1).file()));
        char[] next = "a brand new passphrase".toCharArray();
        try (BackupCatalog catalog = BackupCatalog.open(store.toString()).withKeys(DecryptionKeys.passphrase(PASSPHRASE))) {
            catalog.rewrapKeys(m.id(), Encryption.passphrase(next));
        }
        assertThat(Files.readAllBytes(store.resolve(m.id()).resolve(m.parts().get(1).file()))).isEqualTo(partBefore);
        try (BackupCatalog catalog = BackupCatalog.open(store.toString())) {
            assertThat(catalog.withKeys(DecryptionKeys.passphrase(next)).verify(m.id(), VerifyLevel.DECODE,
                    ProgressListener.none()).problems()).isEmpty();
            assertThat(catalog.withKeys(DecryptionKeys.passphrase(PASSPHRASE)).verify(m.id(), VerifyLevel.DECODE,
                    ProgressListener.none()).problems()).singleElement().asString().contains("does not open");
        }
    }

    @Test
    void encryptionThatCannotRunRefusesTheBackupRatherThanWritingPlaintext() {
        Path store = tmp.resolve("store");
        assertThatThrownBy(() -> Encryption.passphraseFile(tmp.resolve("missing-passphrase")))
                .hasMessageContaining("cannot read the passphrase file");
        assertThatThrownBy(() -> Encryption.recipientFile(tmp.resolve("missing.pub"))).hasMessageContaining("missing.pub");
        assertThatThrownBy(() -> Encryption.passphrase("short".toCharArray())).hasMessageContaining("at least 8");
        assertThat(store).doesNotExist();
    }
}
