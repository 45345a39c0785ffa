package dev.custodian.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.custodian.ConfigurationException;
import dev.custodian.Custodian;
import dev.custodian.backup.BackupOptions;
import dev.custodian.backup.ProgressListener;
import dev.custodian.health.HealthStatus;
import dev.custodian.migration.MigrationOptions;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An application with only the Redis module carries neither HikariCP nor Liquibase: this module's
 * test class path is such an application's, and the engine works on it.
 */
class RedisDependenciesTest {

    @Test
    void neitherHikariNorLiquibaseIsOnTheClassPathAndTheEngineWorks(@TempDir Path dir) throws Exception {
        assertThatThrownBy(() -> Class.forName("com.zaxxer.hikari.HikariConfig")).isInstanceOf(ClassNotFoundException.class);
        assertThatThrownBy(() -> Class.forName("liquibase.Scope")).isInstanceOf(ClassNotFoundException.class);
        try (RedisServerProcess server = RedisServerProcess.start(dir.resolve("server"));
                Custodian db = Custodian.connect(server.url())) {
            server.jedis().set("k", "v");
            assertThat(db.health().status()).isNotEqualTo(HealthStatus.DOWN);
            assertThat(db.backups(dir.resolve("store")).backup(BackupOptions.defaults(), ProgressListener.none())
                    .totalRows()).isEqualTo(1);
            Path changelog = java.nio.file.Files.writeString(dir.resolve("changelog.xml"), "<databaseChangeLog/>");
            assertThatThrownBy(() -> db.migrations(MigrationOptions.of(changelog)))
                    .isInstanceOf(ConfigurationException.class).hasMessageContaining("JDBC");
        }
    }
}
