package dev.custodian.spi;

import java.util.Objects;
import javax.sql.DataSource;

/**
 * JDBC access to a managed database, for the engine-neutral JDBC features in core (Liquibase
 * migrations, the retention purge).
 *
 * @param dataSource where connections come from
 * @param dialect the engine's SQL rules
 */
public record JdbcAccess(DataSource dataSource, JdbcDialect dialect) {
    public JdbcAccess {
        Objects.requireNonNull(dataSource, "dataSource");
        Objects.requireNonNull(dialect, "dialect");
    }
}
