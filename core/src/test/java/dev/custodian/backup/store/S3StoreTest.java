package dev.custodian.backup.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.custodian.backup.BackupCatalog;
import dev.custodian.backup.BackupException;
import dev.custodian.backup.BackupManifest;
import dev.custodian.backup.BackupOptions;
import dev.custodian.backup.BackupSummary;
import dev.custodian.backup.Backups;
import dev.custodian.backup.ChildBackup;
import dev.custodian.backup.ProgressListener;
import dev.custodian.backup.PruneReport;
import dev.custodian.backup.RestoreOptions;
import dev.custodian.backup.RetentionPolicy;
import dev.custodian.backup.VerifyLevel;
import dev.custodian.backup.VerifyReport;
import dev.custodian.backup.internal.s3.S3Objects;
import dev.custodian.backup.textdb.Behaviour;
import dev.custodian.backup.textdb.TextDb;
import dev.custodian.testing.ChildJvm;
import dev.custodian.testsupport.S3TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Backups into S3-compatible object storage (S3Proxy on loopback), with the store's guarantees. */
class S3StoreTest {
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

    private String store(String prefix) {
        return server.url(server.createBucket("store"), prefix);
    }

    @Test
    void backupListVerifyRestoreExportAndPruneWorkStraightFromTheStore() throws Exception {
        String url = store("app/backups/");
        Path source = TextDb.sample(tmp.resolve("source"));
        Backups backups = TextDb.backups(source, url, Clock.systemUTC(), Behaviour.normal());
        BackupManifest first = backups.backup(BackupOptions.defaults(), ProgressListener.none());
        BackupManifest second = backups.backup(BackupOptions.defaults(), ProgressListener.none());

        try (BackupCatalog catalog = BackupCatalog.open(url)) {
            assertThat(catalog.location()).startsWith("s3://").doesNotContain(S3TestServer.SECRET_KEY);
            assertThat(catalog.list()).extracting(BackupSummary::id).containsExactly(first.id(), second.id());
            for (VerifyLevel level : List.of(VerifyLevel.CHECKSUMS, VerifyLevel.DECODE)) {
                VerifyReport v = catalog.verify("latest", level, ProgressListener.none());
                assertThat(v.problems()).as(level.name()).isEmpty();
            }
            Path exported = catalog.export(first.id(), tmp.resolve("export.txt"));
            assertThat(Files.size(exported)).isPositive();
            PruneReport pruned = catalog.prune(new RetentionPolicy(1, 0, 0, 0), false);
            assertThat(pruned.removed()).containsExactly(first.id());
            assertThat(catalog.list()).extracting(BackupSummary::id).containsExactly(second.id());
        }
        Path target = tmp.resolve("target");
        TextDb.backups(target, url, Clock.systemUTC(), Behaviour.normal())
                .restore("latest", RestoreOptions.defaults(), ProgressListener.none());
        assertThat(TextDb.contents(target)).isEqualTo(TextDb.contents(source));
    }

    @Test
    void aKilledBackupLeavesNothingUsableAndPruneRemovesItAndItsUpload() throws Exception {
        String bucket = server.createBucket("kill");
        String url = server.url(bucket, "b/") + "&leaseSeconds=10";
        Path source = tmp.resolve("source");
        randomTable(source, "orders", 40_000);
        List<String> credentials = List.of("-Daws.accessKeyId=" + S3TestServer.ACCESS_KEY,
                "-Daws.secretAccessKey=" + S3TestServer.SECRET_KEY);
        try (ChildJvm child = ChildJvm.start(tmp, credentials, ChildBackup.class, "slow", source.toString(), url, "1")) {
            // past 8 MiB of incompressible rows the part is a multipart upload under way
            child.awaitLine(l -> l.startsWith("PROGRESS data/orders ") && Long.parseLong(l.split(" ")[2]) >= 18_000,
                    Duration.ofSeconds(120));
            child.kill();
        }
        try (BackupCatalog catalog = BackupCatalog.open(url);
                S3Objects objects = S3Objects.builder(server.location(bucket, "b/")).build()) {
            assertThat(catalog.list()).isEmpty();
            assertThat(catalog.listAll()).singleElement().satisfies(s -> assertThat(s.complete()).isFalse());
            assertThatThrownBy(() -> catalog.manifest("latest")).isInstanceOf(BackupException.class)
                    .hasMessageContaining("no complete backup");
            assertThat(objects.listUploads("")).as("the part being uploaded when it died").isNotEmpty();
            String id = catalog.listAll().get(0).id();
            assertThat(catalog.prune(new RetentionPolicy(1, 0, 0, 0), true).incompleteRemoved())
                    .as("a set whose lease is still fresh is not stale yet").doesNotContain(id);
        }
        // the lease of a dead writer runs out (after 10 s here); then the set is stale
        try (BackupCatalog catalog = BackupCatalog.open(url)) {
            BackupCatalog later = catalog;
            awaitLeaseExpiry(url);
            PruneReport report = later.prune(new RetentionPolicy(1, 0, 0, 0), false);
            assertThat(report.incompleteRemoved()).isNotEmpty();
            assertThat(later.listAll()).isEmpty();
        }
        try (S3Objects objects = S3Objects.builder(server.location(bucket, "b/")).build()) {
            assertThat(objects.listUploads("")).isEmpty();
            assertThat(objects.list("", null).objects()).allMatch(o -> o.name().startsWith("."));
        }
        BackupManifest next = TextDb.backups(source, url, Clock.systemUTC(), Behaviour.normal())
                .backup(BackupOptions.defaults(), ProgressListener.none());
        try (BackupCatalog catalog = BackupCatalog.open(url)) {
            assertThat(catalog.list()).extracting(BackupSummary::id).containsExactly(next.id());
        }
    }

    // rows of random text that compression cannot shrink, about 1 KiB each
    private static void randomTable(Path dir, String table, int rows) {
        java.util.Random random = new java.util.Random(7);
        StringBuilder sb = new StringBuilder();
        byte[] bytes = new byte[768];
        for (int i = 0; i < rows; i++) {
            random.nextBytes(bytes);
            sb.append(i).append(' ').append(java.util.Base64.getEncoder().encodeToString(bytes)).append('\n');
        }
        TextDb.write(dir, table, sb.toString());
    }

    private static void awaitLeaseExpiry(String url) throws InterruptedException {
        Thread.sleep(Duration.ofSeconds(12).toMillis());
    }

    @Test
    void aServerStoppedMidUploadFailsTheBackupInOneLineAndLeavesNoSet() throws Exception {
        try (S3TestServer own = S3TestServer.start()) {
            String bucket = own.createBucket("stop");
            String url = own.url(bucket, "");
            Path source = tmp.resolve("source");
            TextDb.table(source, "orders", 2000);
            Backups backups = TextDb.backups(source, url, Clock.systemUTC(), Behaviour.normal().slow(1));
            Thread stopper = new Thread(() -> {
                try {
                    Thread.sleep(400);
                    own.kill();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            stopper.start();
            assertThatThrownBy(() -> backups.backup(BackupOptions.defaults(), ProgressListener.none()))
                    .isInstanceOf(BackupException.class)
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n").contains(bucket)
                            .doesNotContain(S3TestServer.SECRET_KEY));
            stopper.join();
            own.restart();
            try (BackupCatalog catalog = BackupCatalog.open(url)) {
                assertThat(catalog.list()).isEmpty();
            }
        }
    }

    @Test
    void anUnsupportedSchemeIsRefusedInOneLineAndCreatesNothing() throws Exception {
        for (String url : List.of("gs://bucket/prefix", "azblob://account/container", "s4://typo/x")) {
            assertThatThrownBy(() -> BackupCatalog.open(url)).hasMessageContaining("unsupported backup store")
                    .hasMessageContaining("s3://").satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
        }
        assertThat(Files.list(Path.of(".")).map(p -> p.getFileName().toString())).doesNotContain("gs:", "s3:");
    }
}
