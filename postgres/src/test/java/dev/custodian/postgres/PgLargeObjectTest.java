package dev.custodian.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A large object larger than the heap (JPA's {@code @Lob} on an {@code oid} column) backs up,
 * verifies and restores in JVMs of 64 MiB heap: its data is read and written a chunk at a time.
 */
class PgLargeObjectTest {
    private static final int MEGABYTES = 120;

    @Test
    void aLargeObjectLargerThanTheHeapBacksUpAndRestoresInA64MiBHeap(@TempDir Path dir) throws Exception {
        try (PgTestDatabase source = PgTestDatabase.create(); PgTestDatabase target = PgTestDatabase.create()) {
            source.execute("CREATE TABLE public.attachment (id int PRIMARY KEY, content oid);"
                    + " DO $$ BEGIN PERFORM lo_create(777001); FOR i IN 0.." + (MEGABYTES - 1) + " LOOP"
                    + " PERFORM lo_put(777001, i * 1048576, decode(repeat(md5(i::text), 65536), 'hex')); END LOOP; END $$;"
                    + " INSERT INTO public.attachment VALUES (1, 777001)");
            String md5 = source.value("SELECT md5(lo_get(777001))");
            assertThat(source.value("SELECT length(lo_get(777001))")).isEqualTo(String.valueOf(MEGABYTES * 1048576));
            Path store = dir.resolve("store");

            String backup = child(PgChildBackup.class, source.url, store);
            assertThat(backup).contains("VERIFIED true");
            String restore = child(PgChildRestore.class, target.url, store);
            String[] f = restore.lines().filter(l -> l.startsWith("RESTORED ")).findFirst().orElseThrow().split(" ");
            assertThat(Long.parseLong(f[2])).isLessThanOrEqualTo(64L * 1024 * 1024);

            assertThat(target.value("SELECT md5(lo_get(777001))")).isEqualTo(md5);
            assertThat(target.value("SELECT content FROM public.attachment WHERE id = 1")).isEqualTo("777001");
            assertThat(target.largeObjects()).isEqualTo(source.largeObjects());
        }
    }

    private static String child(Class<?> main, String url, Path store) throws Exception {
        List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx64m", "-cp",
                System.getProperty("java.class.path"), main.getName(), url, store.toString());
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(300, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        return out;
    }
}
