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
 * The backup sets written by each format version and kept in the test resources (one folder per
 * version, {@code v1}, {@code v2}…), copied out to a folder where a test may read (or damage)
 * them. They work from a folder or from core's test jar. A store is named by its folder:
 * {@code sqlite}, {@code postgres}, {@code redis-rdb}…
 */
public final class GoldenSets {
    /** Every format version with golden sets, oldest first. */
    public static final List<Integer> VERSIONS = List.of(1, 2, 3);

    private GoldenSets() {
    }

    private static String root(int version) {
        if (!VERSIONS.contains(version)) {
            throw new IllegalArgumentException("no golden sets of format version " + version);
        }
        return "/dev/custodian/golden/v" + version + "/";
    }

    /** Every resource path below a version's folder, as listed in its index. */
    public static List<String> index(int version) {
        return text(root(version) + "index.txt").lines().filter(l -> !l.isBlank()).toList();
    }

    /** The stores a version holds. */
    public static List<String> stores(int version) {
        TreeSet<String> stores = new TreeSet<>();
        for (String path : index(version)) {
            String store = path.substring(0, path.indexOf('/'));
            if (!store.equals("fixtures")) {
                stores.add(store);
            }
        }
        return List.copyOf(stores);
    }

    /** Every version's stores, as {@code "<version>/<store>"}, oldest version first. */
    public static List<String> all() {
        List<String> all = new ArrayList<>();
        for (int version : VERSIONS) {
            for (String store : stores(version)) {
                all.add(version + "/" + store);
            }
        }
        return all;
    }

    /** The versions holding a store of this name. */
    public static List<Integer> versionsWith(String store) {
        return VERSIONS.stream().filter(v -> stores(v).contains(store)).toList();
    }

    /** The id of the one set in a store. */
    public static String id(int version, String store) {
        for (String path : index(version)) {
            if (path.startsWith(store + "/")) {
                return path.split("/")[1];
            }
        }
        throw new IllegalArgumentException("no golden store " + store + " in format version " + version);
    }

    /** Copies a store to {@code target} (created) and returns it. */
    public static Path copy(int version, String store, Path target) {
        List<String> files = new ArrayList<>();
        for (String path : index(version)) {
            if (path.startsWith(store + "/")) {
                files.add(path);
            }
        }
        if (files.isEmpty()) {
            throw new IllegalArgumentException("no golden store " + store + " in format version " + version);
        }
        try {
            for (String path : files) {
                Path file = target.resolve(path.substring(store.length() + 1));
                Files.createDirectories(file.getParent());
                try (InputStream in = Objects.requireNonNull(GoldenSets.class.getResourceAsStream(root(version) + path),
                        path)) {
                    Files.copy(in, file);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return target;
    }

    /** A fixture a version's sets were written from: {@code postgres.sql}, {@code redis.txt}… */
    public static String fixture(int version, String name) {
        return text(root(version) + "fixtures/" + name);
    }

    /**
     * The passphrase an encrypted store was written with (its fixture {@code <store>.passphrase}),
     * without the line's end.
     */
    public static String passphrase(int version, String store) {
        return fixture(version, store + ".passphrase").strip();
    }

    private static String text(String resource) {
        try (InputStream in = Objects.requireNonNull(GoldenSets.class.getResourceAsStream(resource), resource)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
