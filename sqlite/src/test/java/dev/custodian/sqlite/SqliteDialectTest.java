package dev.custodian.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.custodian.spi.JdbcDialect;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Quoting and the batched delete core's retention purge uses, on odd names. */
class SqliteDialectTest {
    @TempDir
    Path dir;

    @Test
    void quotesByDoublingDoubleQuotes() {
        JdbcDialect d = SqliteDialect.INSTANCE;
        assertThat(d.quoteIdentifier("a\"; DROP TABLE b; --")).isEqualTo("\"a\"\"; DROP TABLE b; --\"");
        assertThat(d.quoteQualified("main.t")).isEqualTo("\"main\".\"t\"");
    }

    @Test
    void batchedDeleteDeletesAtMostTheBatchOnAnOddlyNamedTable() throws Exception {
        Path file = Fixtures.hardCases(dir, "db.db");
        Sqlite3.run(file, "INSERT INTO \"a\"\"; DROP TABLE b; --\" (\"select\", \"from\") SELECT 'old', value FROM"
                + " generate_series(10, 19)");
        JdbcDialect d = SqliteDialect.INSTANCE;
        String sql = d.batchedDelete(d.quoteIdentifier("a\"; DROP TABLE b; --"), d.quoteIdentifier("from") + " >= ?", 4);
        try (SqliteEngine engine = SqliteEngine.create(file);
                Connection c = engine.jdbc().orElseThrow().dataSource().getConnection();
                PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setInt(1, 10);
            assertThat(ps.executeUpdate()).isEqualTo(4);
            assertThat(ps.executeUpdate()).isEqualTo(4);
            assertThat(ps.executeUpdate()).isEqualTo(2);
            assertThat(ps.executeUpdate()).isZero();
        }
        assertThat(Sqlite3.value(file, "SELECT count(*) FROM \"a\"\"; DROP TABLE b; --\"")).isEqualTo("3");
        assertThat(Sqlite3.value(file, "SELECT survivor FROM b")).isEqualTo("still here");
    }

    @Test
    void batchedDeleteOnAWithoutRowidTableFailsWithoutDeleting() throws Exception {
        Path file = Fixtures.hardCases(dir, "db.db");
        JdbcDialect d = SqliteDialect.INSTANCE;
        try (SqliteEngine engine = SqliteEngine.create(file);
                Connection c = engine.dataSource().getConnection()) {
            assertThatThrownBy(() -> c.prepareStatement(d.batchedDelete("\"kv\"", "\"k\" <> ?", 10)))
                    .isInstanceOf(SQLException.class).hasMessageContaining("rowid");
        }
        assertThat(Sqlite3.value(file, "SELECT count(*) FROM kv")).isEqualTo("5");
    }
}
