package dev.custodian.cli;

import static dev.custodian.cli.Cli.run;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A password in a URL never reaches the terminal: not in the CLI's own errors, not in the
 * library's messages, not in picocli's messages that echo arguments, not in --verbose traces.
 */
class SecretsMaskingTest {
    static final String REDIS = "redis://user:secret@127.0.0.1:1/0";
    static final String POSTGRES = "jdbc:postgresql://127.0.0.1:1/app?user=app&password=secret";
    static final String ORACLE = "jdbc:oracle:thin:@127.0.0.1:1/app?password=secret";

    @TempDir
    Path dir;

    private List<String[]> commandsWith(String url) {
        String store = dir.resolve("store").toString();
        List<String[]> all = new ArrayList<>();
        all.add(new String[] {"health", "--url", url});
        all.add(new String[] {"backup", "--url", url, "--to", store});
        all.add(new String[] {"restore", "--url", url, "--from", store});
        all.add(new String[] {"maintain", "--url", url});
        all.add(new String[] {"pool", "--url", url});
        all.add(new String[] {"verify", "--from", store, "--test-restore-url", url});
        return all;
    }

    @ParameterizedTest
    @ValueSource(strings = {REDIS, POSTGRES, ORACLE})
    void urlsWithPasswordsAreMaskedInEveryError(String url) {
        for (String[] args : commandsWith(url)) {
            Cli.Run r = run(args);
            assertThat(r.exit()).as("%s", r).isNotZero();
            r.neverShows("secret");
            assertThat(r.err()).as("%s", r).startsWith("custodian: ");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {REDIS, POSTGRES, ORACLE})
    void verboseTracesAreMaskedToo(String url) {
        for (String[] args : commandsWith(url)) {
            String[] verbose = new String[args.length + 1];
            System.arraycopy(args, 0, verbose, 0, args.length);
            verbose[args.length] = "--verbose";
            Cli.Run r = run(verbose);
            assertThat(r.exit()).isNotZero();
            r.neverShows("secret");
        }
    }

    @Test
    void argumentsPicocliEchoesAreMasked() {
        run("health", "--url", "jdbc:sqlite:x.db", REDIS).failsWith(3, "redis://user:****@").neverShows("secret");
        run("backup", "--url", REDIS).failsWith(2, "--to").neverShows("secret");
        run("backup", "--url", POSTGRES, "--to", dir.toString(), "--compression", "password=secret")
                .failsWith(2, "--compression").neverShows("secret");
        run("list", "--from", dir.toString(), "--url=" + POSTGRES).failsWith(2, "--url").neverShows("secret");
    }

    @Test
    void unsupportedUrlIsOneLineNamingTheEnginesAndMasked() {
        run("health", "--url", ORACLE).failsWith(3, "no engine accepts the URL", "password=****").neverShows("secret");
        run("backup", "--url", ORACLE, "--to", dir.resolve("store").toString())
                .failsWith(1, "no engine accepts the URL").neverShows("secret");
        assertThat(dir.resolve("store")).doesNotExist();
    }
}
