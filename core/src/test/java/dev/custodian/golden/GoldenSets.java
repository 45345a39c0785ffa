package dev.custodian.golden;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;

/**
 * The backup sets written by format version 1 and kept in the test resources, copied out to a
 * folder where a test may read (or damage) them. They work from a folder or from core's test jar.
 */
public final class GoldenSets {
    private static final String ROOT = "/dev/custodian/golden/v1/";

    private GoldenSets() {
    }

    /** Every resource path below the root, as listed in its index. */
    public static List<String> index() {
        try (InputStream in = Objects.requireNonNull(GoldenSets.class.getResourceAsStream(ROOT + "index.txt"),
                "golden index missing")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().filter(l -> !l.isBlank()).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The stores held: {@code sqlite}, {@code postgres}, {@code redis-rdb}… */
    public static List<String> stores() {
        TreeSet<String> stores = new TreeSet<>();
        for (String path : index()) {
            String store = path.substring(0, path.indexOf('/'));
            if (!store.equals("fixtures")) {
                stores.add(store);
            }
        }
        return List.copyOf(stores);
    }

    /** The id of the one set in a store. */
    public static String id(String store) {
        for (String path : index()) {
            if (path.startsWith(store + "/")) {
                return path.split("/")[1];
            }
        }
        throw new IllegalArgumentException("no golden store " + store);
    }

    /** Copies a store to {@code target} (created) and returns it. */
    public static Path copy(String store, Path target) {
        List<String> files = new ArrayList<>();
        for (String path : index()) {
            if (path.startsWith(store + "/")) {
                files.add(path);
            }
        }
        if (files.isEmpty()) {
            throw new IllegalArgumentException("no golden store " + store);
        }
        try {
            for (String path : files) {
                Path file = target.resolve(path.substring(store.length() + 1));
                Files.createDirectories(file.getParent());
                try (InputStream in = Objects.requireNonNull(GoldenSets.class.getResourceAsStream(ROOT + path), path)) {
                    Files.copy(in, file);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return target;
    }

    /** A fixture the sets were written from: {@code postgres.sql}, {@code redis.txt}… */
    public static String fixture(String name) {
        try (InputStream in = Objects.requireNonNull(GoldenSets.class.getResourceAsStream(ROOT + "fixtures/" + name),
                name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
