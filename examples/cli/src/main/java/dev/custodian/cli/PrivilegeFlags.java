package dev.custodian.cli;

import dev.custodian.postgres.PostgresEngineProvider;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * {@code --no-owner} and {@code --no-privileges}, as pg_dump and pg_restore have them: engine
 * properties the PostgreSQL engine reads, which the other engines ignore.
 */
final class PrivilegeFlags {
    @Option(names = "--no-owner", description = "PostgreSQL: leave objects' owners out; restored objects belong to "
            + "the restoring role, and roles missing in the target no longer refuse the restore.")
    boolean noOwner;

    @Option(names = "--no-privileges", description = "PostgreSQL: leave privileges (GRANT, REVOKE, default "
            + "privileges) out.")
    boolean noPrivileges;

    /** Adds the flags given to a command's engine properties. */
    void applyTo(Map<String, String> properties) {
        if (noOwner) {
            properties.put("custodian." + PostgresEngineProvider.NO_OWNER, "true");
        }
        if (noPrivileges) {
            properties.put("custodian." + PostgresEngineProvider.NO_PRIVILEGES, "true");
        }
    }
}
