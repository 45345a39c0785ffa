package dev.custodian.migration;

import dev.custodian.ConfigurationException;
import dev.custodian.Custodian;
import dev.custodian.spi.JdbcAccess;
import dev.custodian.support.TestEngine;
import dev.custodian.testing.SqliteTestDatabase;
import java.nio.file.Path;

/**
 * Run by {@link LiquibaseOptionalTest} in a child JVM whose class path lacks Liquibase: a JDBC
 * engine works, and asking for migrations fails in one line. Prints {@code HEALTH <status>} and
 * {@code REFUSED <message>}.
 */
public final class NoLiquibaseMain {
    private NoLiquibaseMain() {
    }

    public static void main(String[] args) {
        SqliteTestDatabase db = SqliteTestDatabase.at(Path.of(args[0]));
        JdbcAccess jdbc = db.jdbc();
        TestEngine engine = new TestEngine().jdbc(jdbc);
        try (Custodian c = Custodian.builder(engine).build()) {
            System.out.println("HEALTH " + c.health().status());
            try {
                c.migrations(MigrationOptions.of(Path.of(args[1])));
                System.out.println("NOT REFUSED");
            } catch (ConfigurationException e) {
                System.out.println("REFUSED " + e.getMessage());
            }
        }
    }
}
