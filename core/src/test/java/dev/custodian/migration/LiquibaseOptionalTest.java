package dev.custodian.migration;

import static org.assertj.core.api.Assertions.assertThat;

import dev.custodian.testing.ChildJvm;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Liquibase is optional: without it on the class path everything but migrations works, and migrations say what to add. */
class LiquibaseOptionalTest {
    @TempDir
    Path dir;

    @Test
    void withoutLiquibaseMigrationsAreRefusedInOneLineNamingTheArtifact() throws Exception {
        String classPath = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(entry -> !entry.contains("liquibase")).collect(Collectors.joining(File.pathSeparator));
        assertThat(classPath).isNotEqualTo(System.getProperty("java.class.path"));
        Path changelog = Files.writeString(dir.resolve("changelog.xml"), "<databaseChangeLog/>");
        try (ChildJvm child = ChildJvm.start(dir, List.of(), classPath, NoLiquibaseMain.class.getName(),
                dir.resolve("app.db").toString(), changelog.toString())) {
            assertThat(child.waitFor(Duration.ofSeconds(60))).as(child.stderr()).isZero();
            String out = child.stdout();
            assertThat(out).contains("HEALTH UP");
            String refused = out.lines().filter(l -> l.startsWith("REFUSED ")).findFirst().orElseThrow(
                    () -> new AssertionError(out));
            assertThat(refused).contains("org.liquibase:liquibase-core").contains("Liquibase");
        }
    }
}
