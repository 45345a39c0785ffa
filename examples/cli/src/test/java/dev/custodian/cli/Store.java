package dev.custodian.cli;

import static dev.custodian.cli.Cli.run;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** Backup stores for tests, filled through the CLI itself. */
final class Store {
    private Store() {
    }

    /** Backs up through the CLI and returns the id, the last line of stdout. */
    static String backup(Path db, Path store, String... extra) {
        String[] args = new String[5 + extra.length];
        args[0] = "backup";
        args[1] = "--url";
        args[2] = SqliteFiles.url(db);
        args[3] = "--to";
        args[4] = store.toString();
        System.arraycopy(extra, 0, args, 5, extra.length);
        Cli.Run r = run(args).succeeds();
        String id = r.lastOutLine();
        assertThat(id).as("the last line of %s", r.out()).isNotBlank().doesNotContain(" ");
        return id;
    }

    /** The part files of a set: everything in its folder but the manifest. */
    static List<Path> parts(Path store, String id) {
        try (Stream<Path> files = Files.list(store.resolve(id))) {
            return files.filter(p -> !p.getFileName().toString().equals("manifest.json")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Flips one byte in the middle of the first part whose name contains {@code name}, as the
     * manifest places it: its own file, or its range of a pack file.
     */
    static void flipByteOfPart(Path store, String id, String name) {
        try {
            Path set = store.resolve(id);
            var parts = new com.fasterxml.jackson.databind.ObjectMapper().readTree(set.resolve("manifest.json").toFile())
                    .get("parts");
            for (var part : parts) {
                if (part.get("name").asText().contains(name)) {
                    Path file = set.resolve(part.get("file").asText());
                    byte[] bytes = Files.readAllBytes(file);
                    long start = part.has("offset") ? part.get("offset").asLong() : 0;
                    bytes[(int) (start + part.get("storedBytes").asLong() / 2)] ^= 0x5a;
                    Files.write(file, bytes);
                    return;
                }
            }
            throw new AssertionError("no part named like " + name + " in " + parts);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Flips one byte in the middle of a file. */
    static void flipByte(Path file) {
        try {
            byte[] bytes = Files.readAllBytes(file);
            assertThat(bytes).as("part %s", file).isNotEmpty();
            bytes[bytes.length / 2] ^= 0x5a;
            Files.write(file, bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
