package dev.custodian.postgres.internal.backup;

import dev.custodian.spi.jdbc.Sql;
import dev.custodian.backup.BackupRefusedException;
import dev.custodian.backup.RefusedObject;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Finds objects the logical backup cannot reproduce from this connection, so that a backup fails
 * naming every one of them instead of leaving a silent gap. Objects created by extensions are
 * recreated by the extension.
 */
final class UnsupportedObjects {
    private UnsupportedObjects() {
    }

    /** Fails when the database holds any object the backup cannot reproduce, listing them all. */
    static void check(Connection c) throws SQLException {
        List<RefusedObject> found = find(c);
        if (!found.isEmpty()) {
            throw new BackupRefusedException(BackupRefusedException.summary(PgLogicalStrategy.NAME, found,
                    "back up as a superuser, or with pg_dump"), found);
        }
    }

    /** Every object the backup cannot reproduce from this connection. */
    static List<RefusedObject> find(Connection c) throws SQLException {
        List<RefusedObject> found = new ArrayList<>();
        if (!superuser(c)) {
            // only a superuser may read a subscription's connection string
            for (Map<String, Object> r : Sql.rows(c, "SELECT quote_ident(subname) AS name FROM pg_subscription"
                    + " WHERE subdbid = (SELECT oid FROM pg_database WHERE datname = current_database()) ORDER BY 1")) {
                found.add(new RefusedObject("subscription", Sql.text(r, "name"),
                        "only a superuser can read its connection"));
            }
        }
        return found;
    }

    /** Whether the connected role is a superuser. */
    static boolean superuser(Connection c) throws SQLException {
        return "on".equals(Sql.string(c, "SELECT current_setting('is_superuser')"));
    }
}
