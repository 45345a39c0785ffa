package dev.custodian.postgres.internal.backup;

/**
 * What a backup writes and a restore applies of the objects' ownership and privileges.
 *
 * @param noOwner leave owners out: restored objects belong to the restoring role
 * @param noPrivileges leave {@code GRANT}/{@code REVOKE} and default privileges out
 */
public record PrivilegeOptions(boolean noOwner, boolean noPrivileges) {
    /** Owners and privileges carried, as pg_dump carries them. */
    public static final PrivilegeOptions ALL = new PrivilegeOptions(false, false);
}
