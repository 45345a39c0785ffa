package dev.custodian.postgres.internal;

import dev.custodian.ConnectionException;
import dev.custodian.internal.Messages;
import dev.custodian.postgres.PostgresDialect;
import dev.custodian.spi.jdbc.Sql;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Creates the database a URL names when it does not exist, for restores into a new database. */
public final class PgCreate {
    private static final Logger LOG = LoggerFactory.getLogger(PgCreate.class);
    private static final String NO_SUCH_DATABASE = "3D000";

    private PgCreate() {
    }

    /** Creates the URL's database (UTF8, from template0) unless it exists; connects to {@code postgres} to do it. */
    public static void ifMissing(String url, Properties properties) {
        try (Connection c = DriverManager.getConnection(url, properties)) {
            return;
        } catch (SQLException e) {
            if (!NO_SUCH_DATABASE.equals(e.getSQLState())) {
                throw new ConnectionException("cannot connect to PostgreSQL " + url + ": " + Messages.describe(e), e);
            }
        }
        Properties parsed = org.postgresql.Driver.parseURL(url, properties);
        String name = parsed == null ? null : parsed.getProperty("PGDBNAME");
        if (name == null || name.isEmpty()) {
            throw new ConnectionException("cannot create the database of " + url + ": the URL names none");
        }
        Matcher m = Pattern.compile("^(jdbc:postgresql://[^/?]*/)([^?]*)(.*)$").matcher(url);
        if (!m.matches()) {
            throw new ConnectionException("cannot create the database of " + url + ": unexpected URL form");
        }
        String admin = m.group(1) + "postgres" + m.group(3);
        try (Connection c = DriverManager.getConnection(admin, properties)) {
            Sql.execute(c, "CREATE DATABASE " + PostgresDialect.INSTANCE.quoteIdentifier(name)
                    + " TEMPLATE template0 ENCODING 'UTF8'");
            LOG.info("created database {}", name);
        } catch (SQLException e) {
            if (!"42P04".equals(e.getSQLState())) {
                throw new ConnectionException("cannot create database " + name + " on " + admin + ": "
                        + Messages.describe(e) + "; create it yourself, or grant CREATEDB", e);
            }
        }
    }
}
