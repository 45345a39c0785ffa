package dev.custodian.cli;

import static dev.custodian.cli.Cli.run;
import static org.assertj.core.api.Assertions.assertThat;

import dev.custodian.testsupport.S3TestServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CLI with stores named by URL (a directory and S3-compatible object storage), encryption by
 * passphrase and by recipient, copies, and keygen; and, as its own processes, that no access key
 * or passphrase appears in anything a run writes.
 */
class StoresAndEncryptionCliTest {
    private static S3TestServer server;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() {
        server = S3TestServer.shared();
        server.useAsDefaultCredentials();
    }

    @Test
    void backupToS3ListVerifyRestoreAndCopyBackToADirectory() throws Exception {
        Path db = SqliteFiles.shop(dir.resolve("shop.db"), 200);
        String s3 = server.url(server.createBucket("cli"), "shop/");
        String id = run("backup", "--url", SqliteFiles.url(db), "--to", s3).succeeds().lastOutLine();
        assertThat(run("list", "--from", s3).succeeds().out()).contains(id).contains("complete");
        run("verify", "--from", s3, "--id", id).succeeds();
        Path copy = dir.resolve("copy.db");
        run("restore", "--url", SqliteFiles.url(copy), "--from", s3).succeeds();
        assertThat(SqliteFiles.dump(copy)).isEqualTo(SqliteFiles.dump(db));
        Path local = dir.resolve("local-store");
        assertThat(run("copy", "--from", s3, "--to", local.toString(), "--all").succeeds().out()).contains("1 copied");
        assertThat(run("copy", "--from", s3, "--to", local.toString(), "--all").succeeds().out())
                .contains("0 copied").contains("1 already there");
        assertThat(run("list", "--from", local.toString(), "--json").succeeds().out()).contains(id);
        run("verify", "--from", local.toString(), "--id", id, "--level", "checksums").succeeds();
    }

    @Test
    void aStoreURLWithAnUnsupportedSchemeIsRefusedInOneLineAndCreatesNothing() throws Exception {
        Path db = SqliteFiles.shop(dir.resolve("shop.db"), 5);
        for (String store : List.of("gs://bucket/x", "azblob://account/container", "s33://typo")) {
            run("backup", "--url", SqliteFiles.url(db), "--to", store).failsWith(1, "unsupported backup store");
            run("list", "--from", store).failsWith(1, "unsupported backup store");
        }
        try (Stream<Path> files = Files.list(Path.of("."))) {
            assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(":"));
        }
    }

    @Test
    void passphraseAndRecipientEncryptionWithKeygen() throws Exception {
        Path db = SqliteFiles.shop(dir.resolve("shop.db"), 100);
        Path store = dir.resolve("store");
        Path pass = Files.writeString(dir.resolve("pass"), "a long enough passphrase\n");
        Path identity = dir.resolve("ops.key");
        assertThat(run("keygen", "--out", identity.toString()).succeeds().out()).contains("ops.key.pub")
                .contains("x25519:");
        Path pub = dir.resolve("ops.key.pub");
        run("keygen", "--out", identity.toString()).failsWith(1, "exists");

        String byPass = run("backup", "--url", SqliteFiles.url(db), "--to", store.toString(), "--encrypt-passphrase-file",
                pass.toString()).succeeds().lastOutLine();
        String byKey = run("backup", "--url", SqliteFiles.url(db), "--to", store.toString(), "--recipient",
                pub.toString()).succeeds().lastOutLine();

        run("verify", "--from", store.toString(), "--id", byPass, "--level", "checksums").succeeds();
        assertThat(run("verify", "--from", store.toString(), "--id", byPass).exits(1).out()).contains("is encrypted");
        run("verify", "--from", store.toString(), "--id", byPass, "--passphrase-file", pass.toString()).succeeds();
        Path wrong = Files.writeString(dir.resolve("wrong"), "not the passphrase at all\n");
        Path target = dir.resolve("restored.db");
        run("restore", "--url", SqliteFiles.url(target), "--from", store.toString(), "--id", byPass,
                "--passphrase-file", wrong.toString()).failsWith(1, "does not open");
        assertThat(target).doesNotExist();

        run("restore", "--url", SqliteFiles.url(target), "--from", store.toString(), "--id", byKey).failsWith(1,
                "is encrypted");
        run("restore", "--url", SqliteFiles.url(target), "--from", store.toString(), "--id", byKey, "--identity",
                identity.toString()).succeeds();
        assertThat(SqliteFiles.dump(target)).isEqualTo(SqliteFiles.dump(db));
        Path exported = dir.resolve("export.db");
        run("export", "--from", store.toString(), "--id", byKey, "--identity", identity.toString(), "--to",
                exported.toString()).succeeds();
        assertThat(SqliteFiles.dump(exported)).isEqualTo(SqliteFiles.dump(db));
        run("backup", "--url", SqliteFiles.url(db), "--to", store.toString(), "--encrypt-passphrase-file",
                dir.resolve("missing").toString()).failsWith(1, "passphrase file");
    }

    @Test
    void noAccessKeyNorPassphraseInAnythingARunWrites() throws Exception {
        Path db = SqliteFiles.shop(dir.resolve("shop.db"), 50);
        String bucket = server.createBucket("grep");
        String s3 = server.url(bucket, "p/");
        String passphrase = "grep-me-passphrase-" + Long.toHexString(System.nanoTime());
        Path pass = Files.writeString(dir.resolve("pass"), passphrase + "\n");
        Path work = Files.createDirectories(dir.resolve("work"));
        List<String> outputs = new ArrayList<>();
        outputs.add(exec(work, "backup", "--verbose", "--url", SqliteFiles.url(db), "--to", s3,
                "--encrypt-passphrase-file", pass.toString()));
        outputs.add(exec(work, "list", "--verbose", "--from", s3, "--json"));
        outputs.add(exec(work, "verify", "--verbose", "--from", s3, "--passphrase-file", pass.toString()));
        outputs.add(exec(work, "restore", "--verbose", "--url", SqliteFiles.url(dir.resolve("back.db")), "--from", s3,
                "--passphrase-file", pass.toString()));
        outputs.add(exec(work, "copy", "--verbose", "--from", s3, "--to", dir.resolve("local").toString()));
        outputs.add(exec(work, "verify", "--verbose", "--from", s3.replace("region=", "region=eu-").replace("pathStyle=true",
                "pathStyle=true"), "--passphrase-file", dir.resolve("wrong-file").toString()));
        List<Path> written = new ArrayList<>();
        try (Stream<Path> files = Stream.concat(Files.walk(work), Stream.concat(Files.walk(dir.resolve("local")),
                Files.walk(server.dataDirectory().resolve(bucket))))) {
            files.filter(Files::isRegularFile).forEach(written::add);
        }
        assertThat(written).isNotEmpty();
        for (Path f : written) {
            String text = new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1);
            assertThat(text).as(f.toString()).doesNotContain(S3TestServer.SECRET_KEY).doesNotContain(passphrase);
        }
        for (String o : outputs) {
            assertThat(o).doesNotContain(S3TestServer.SECRET_KEY).doesNotContain(passphrase);
        }
        assertThat(String.join("\n", outputs)).contains("custodian: ");
    }

    // The CLI as its own process with the access keys in its environment; output to files of the work folder.
    private static String exec(Path work, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(CustodianCli.class.getName());
        command.addAll(List.of(args));
        Path out = Files.createTempFile(work, args[0], ".out");
        Path err = Files.createTempFile(work, args[0], ".err");
        ProcessBuilder pb = new ProcessBuilder(command).directory(work.toFile()).redirectOutput(out.toFile())
                .redirectError(err.toFile());
        pb.environment().putAll(server.environment());
        Process p = pb.start();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        return Files.readString(out) + Files.readString(err);
    }

    @Test
    void migrationsTakeTheirBackupIntoAndRehearseFromObjectStorage() throws Exception {
        Path db = SqliteFiles.shop(dir.resolve("shop.db"), 20);
        Path changelog = dir.resolve("changelog.xml");
        try (java.io.InputStream in = getClass().getResourceAsStream("changelog.xml")) {
            java.nio.file.Files.copy(in, changelog);
        }
        String s3 = server.url(server.createBucket("migrate"), "shop/");
        run("backup", "--url", SqliteFiles.url(db), "--to", s3).succeeds();
        String before = SqliteFiles.fingerprint(db);
        Path scratch = dir.resolve("scratch.db");
        assertThat(run("migrate", "--url", SqliteFiles.url(db), "--changelog", changelog.toString(), "rehearse",
                "--from", s3, "--scratch", SqliteFiles.url(scratch)).succeeds().out()).contains("PASSED: 3 change set(s)");
        assertThat(SqliteFiles.fingerprint(db)).isEqualTo(before);

        Cli.Run update = run("migrate", "--url", SqliteFiles.url(db), "--changelog", changelog.toString(), "update",
                "--backup-to", s3).succeeds();
        String id = update.out().lines().filter(l -> l.startsWith("Backup taken before the update: ")).findFirst()
                .orElseThrow().substring("Backup taken before the update: ".length()).split(" ")[0];
        assertThat(run("list", "--from", s3).succeeds().out()).contains(id);
        assertThat(SqliteFiles.sqlite3(db, ".tables")).contains("accounts", "ledger");
    }
}
