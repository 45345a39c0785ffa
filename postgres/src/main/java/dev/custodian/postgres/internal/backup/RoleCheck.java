package dev.custodian.postgres.internal.backup;

import dev.custodian.spi.jdbc.Sql;
import dev.custodian.backup.BackupManifest;
import dev.custodian.backup.RestoreRefusedException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Refuses a restore, before it changes anything, when roles the set names do not exist in the
 * target: roles are the server's, not the database's, and are never created by a restore.
 */
final class RoleCheck {
    private RoleCheck() {
    }

    static void refuseMissing(Connection c, BackupManifest manifest, PrivilegeOptions options, String target)
            throws SQLException {
        Map<String, String> facts = manifest.facts();
        List<String> owners = options.noOwner() ? List.of() : missing(c, facts.get(PgLogicalStrategy.OWNER_ROLES));
        List<String> grantees = options.noPrivileges() ? List.of()
                : missing(c, facts.get(PgLogicalStrategy.GRANTEE_ROLES));
        List<String> required = missing(c, facts.get(PgLogicalStrategy.REQUIRED_ROLES));
        if (owners.isEmpty() && grantees.isEmpty() && required.isEmpty()) {
            return;
        }
        List<String> all = new ArrayList<>(owners);
        grantees.stream().filter(r -> !all.contains(r)).forEach(all::add);
        required.stream().filter(r -> !all.contains(r)).forEach(all::add);
        List<String> ways = new ArrayList<>(List.of("create " + (all.size() == 1 ? "it" : "them")));
        if (!owners.isEmpty()) {
            ways.add("restore with --no-owner (objects then belong to " + Sql.string(c, "SELECT current_user") + ")");
        }
        if (!grantees.isEmpty()) {
            ways.add("with --no-privileges");
        }
        throw new RestoreRefusedException("restore refused: " + (all.size() == 1 ? "role " : "roles ")
                + String.join(", ", all) + (all.size() == 1 ? " does" : " do") + " not exist in " + target
                + ", nothing was changed; " + String.join(", or ", ways) + (required.isEmpty() ? ""
                        : " (" + String.join(", ", required) + " named by policies or user mappings must exist)"));
    }

    /** The roles of a text array fact that the target does not have. */
    private static List<String> missing(Connection c, String array) throws SQLException {
        List<String> out = new ArrayList<>();
        if (array == null || array.equals("{}")) {
            return out;
        }
        for (Map<String, Object> r : Sql.rows(c, "SELECT r FROM unnest(?::text[]) WITH ORDINALITY AS u(r, n)"
                + " WHERE NOT EXISTS (SELECT 1 FROM pg_catalog.pg_roles WHERE rolname = u.r) ORDER BY n", array)) {
            out.add(Sql.text(r, "r"));
        }
        return out;
    }
}
