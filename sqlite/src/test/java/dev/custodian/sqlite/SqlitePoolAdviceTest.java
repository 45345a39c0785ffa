package dev.custodian.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.custodian.Custodian;
import dev.custodian.pool.PoolAdvice;
import dev.custodian.pool.PoolFinding;
import dev.custodian.pool.PoolFinding.Severity;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The recipe and the advisor's findings. */
class SqlitePoolAdviceTest {
    @TempDir
    Path dir;

    @Test
    void theRecipesOwnPoolHasNoFindings() throws Exception {
        Path file = Fixtures.store(dir, "store.db");
        try (Custodian db = Custodian.builder(SqliteEngine.create(file)).build()) {
            PoolAdvice advice = db.poolAdvice();
            assertThat(advice.findings()).as(advice.toText()).isEmpty();
            assertThat(advice.checked().maximumPoolSize()).isEqualTo(1);
            assertThat(advice.checked().properties()).containsEntry("journal_mode", "WAL")
                    .containsEntry("busy_timeout", "5000").containsEntry("foreign_keys", "true")
                    .containsEntry("synchronous", "NORMAL");
            assertThat(advice.recipe().settings()).containsEntry("journal_mode", "WAL");
            assertThat(advice.recipe().notes()).isNotEmpty();
        }
    }

    @Test
    void aBigPoolWithoutWalNoBusyTimeoutAndNoForeignKeysIsFlagged() throws Exception {
        Path file = Fixtures.store(dir, "store.db");
        Sqlite3.run(file, "PRAGMA journal_mode=DELETE");
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl("jdbc:sqlite:" + file);
        config.setMaximumPoolSize(4);
        config.addDataSourceProperty("busy_timeout", "0");
        try (HikariDataSource app = new HikariDataSource(config);
                Custodian db = Custodian.builder(SqliteEngine.create(app)).build()) {
            PoolAdvice advice = db.poolAdvice();
            assertThat(advice.findings()).extracting(PoolFinding::severity, PoolFinding::setting).containsExactly(
                    org.assertj.core.groups.Tuple.tuple(Severity.CRITICAL, "journal_mode"),
                    org.assertj.core.groups.Tuple.tuple(Severity.WARNING, "busy_timeout"),
                    org.assertj.core.groups.Tuple.tuple(Severity.WARNING, "foreign_keys"));
            assertThat(advice.findings().get(0).current()).isEqualTo("delete");
            assertThat(advice.toText()).contains("CRITICAL");
        }
    }
}
