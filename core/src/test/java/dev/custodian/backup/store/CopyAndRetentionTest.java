package dev.custodian.backup.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.custodian.backup.BackupCatalog;
import dev.custodian.backup.BackupManifest;
import dev.custodian.backup.BackupOptions;
import dev.custodian.backup.BackupSummary;
import dev.custodian.backup.Backups;
import dev.custodian.backup.CopyReport;
import dev.custodian.backup.DecryptionKeys;
import dev.custodian.backup.Encryption;
import dev.custodian.backup.ProgressListener;
import dev.custodian.backup.RetentionPolicy;
import dev.custodian.backup.VerifyLevel;
import dev.custodian.backup.textdb.Behaviour;
import dev.custodian.backup.textdb.TextDb;
import dev.custodian.testsupport.S3TestServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Copies between stores give identical, verifiable sets; each store keeps its own retention. */
class CopyAndRetentionTest {
    private static S3TestServer server;

    @TempDir
    Path tmp;

    @BeforeAll
    static void start() {
        server = S3TestServer.shared();
        server.useAsDefaultCredentials();
    }

    @AfterAll
    static void stop() {
        S3TestServer.clearDefaultCredentials();
    }

    @Test
    void localToS3ToAnotherLocalStoreGivesIdenticalVerifiableSets() throws Exception {
        Path source = TextDb.sample(tmp.resolve("source"));
        Path first = tmp.resolve("first");
        Path third = tmp.resolve("third");
        String s3 = server.url(server.createBucket("copy"), "offsite/");
        Backups backups = TextDb.backups(source, first.toString(), Clock.systemUTC(), Behaviour.normal());
        BackupManifest plain = backups.backup(BackupOptions.defaults(), ProgressListener.none());
        char[] passphrase = "copies keep their ciphertext".toCharArray();
        BackupManifest encrypted = backups.backup(BackupOptions.defaults().withEncryption(Encryption.passphrase(passphrase)),
                ProgressListener.none());

        try (BackupCatalog local = BackupCatalog.open(first.toString()); BackupCatalog remote = BackupCatalog.open(s3);
                BackupCatalog other = BackupCatalog.open(third.toString())) {
            CopyReport up = local.copyTo(remote, BackupCatalog.ALL, ProgressListener.none());
            assertThat(up.copied()).containsExactly(plain.id(), encrypted.id());
            CopyReport again = local.copyTo(remote, BackupCatalog.ALL, ProgressListener.none());
            assertThat(again.copied()).isEmpty();
            assertThat(again.skipped()).containsExactly(plain.id(), encrypted.id());
            CopyReport down = remote.copyTo(other, BackupCatalog.ALL, ProgressListener.none());
            assertThat(down.copied()).containsExactly(plain.id(), encrypted.id());

            assertThat(files(third)).isEqualTo(files(first));
            assertThat(other.list()).extracting(BackupSummary::id).containsExactly(plain.id(), encrypted.id());
            assertThat(other.verify(plain.id(), VerifyLevel.DECODE, ProgressListener.none()).problems()).isEmpty();
            assertThat(other.withKeys(DecryptionKeys.passphrase(passphrase)).verify(encrypted.id(), VerifyLevel.DECODE,
                    ProgressListener.none()).problems()).isEmpty();
            assertThat(remote.verify("latest", VerifyLevel.CHECKSUMS, ProgressListener.none()).problems()).isEmpty();
        }
    }

    @Test
    void eachNewSetIsCopiedOffSiteAndEachStoreKeepsItsOwnRetention() {
        Path source = TextDb.sample(tmp.resolve("source"));
        Path local = tmp.resolve("local");
        String offsite = server.url(server.createBucket("retention"), "");
        MutableClock clock = new MutableClock(Instant.parse("2026-03-01T02:00:00Z"));
        try (BackupCatalog remote = BackupCatalog.open(offsite, new Properties(), clock)) {
            Backups backups = TextDb.backups(source, local.toString(), clock, Behaviour.normal())
                    .withRetention(new RetentionPolicy(3, 0, 0, 0))
                    .copyingTo(remote, new RetentionPolicy(10, 0, 0, 0));
            for (int day = 0; day < 6; day++) {
                backups.backup(BackupOptions.defaults(), ProgressListener.none());
                clock.advance(Duration.ofDays(1));
            }
            try (BackupCatalog near = BackupCatalog.open(local, clock)) {
                assertThat(near.list()).as("3 daily kept locally").hasSize(3);
            }
            assertThat(remote.list()).as("10 daily kept off-site: all 6 so far").hasSize(6);
            assertThat(remote.list().get(5).id()).isEqualTo(BackupCatalog.open(local, clock).list().get(2).id());
        }
    }

    private static Map<String, String> files(Path root) throws IOException {
        Map<String, String> out = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(root)) {
            walk.filter(Files::isRegularFile).forEach(f -> {
                try {
                    out.put(root.relativize(f).toString(), java.util.HexFormat.of().formatHex(
                            java.security.MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(f))));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                } catch (java.security.NoSuchAlgorithmException e) {
                    throw new IllegalStateException(e);
                }
            });
        }
        return out;
    }

    /** A clock tests move by hand. */
    static final class MutableClock extends Clock {
        private Instant now;

        MutableClock(Instant start) {
            this.now = start;
        }

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
