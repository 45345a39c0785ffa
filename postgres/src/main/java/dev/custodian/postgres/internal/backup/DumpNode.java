package dev.custodian.postgres.internal.backup;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * One object of the schema as the backup recreates it: its statements, what it is called in
 * {@code ALTER … OWNER TO}, {@code COMMENT ON} and {@code GRANT … ON}, and the catalog objects it
 * needs, which {@link DumpGraph} turns into an order.
 */
final class DumpNode {
    /** Its catalog identity, {@code catalog:oid} (see {@link #key(String, long)}). */
    final String key;
    final ObjectKind kind;
    /** Its oid: creation order among objects of a kind when dependencies leave the choice. */
    final long oid;
    /** How messages name it: {@code table public.t}. */
    final String label;
    /** The statements that create it. */
    final List<String> create = new ArrayList<>();
    /** Statements that need it to have its final owner (a sequence's {@code OWNED BY}). */
    final List<String> afterOwner = new ArrayList<>();
    /** {@code COMMENT ON} and {@code SECURITY LABEL} statements. */
    final List<String> comments = new ArrayList<>();
    /** {@code GRANT}/{@code REVOKE} statements, run after every object exists. */
    final List<String> privileges = new ArrayList<>();
    /** Roles its definition names (a policy's, a user mapping's): they must exist in the target. */
    final Set<String> roles = new LinkedHashSet<>();
    /** Roles its privileges name (grantees, grantors other than the owner). */
    final Set<String> grantRoles = new LinkedHashSet<>();
    /** Catalog objects it needs beyond those {@code pg_depend} records, as keys. */
    final Set<String> refs = new LinkedHashSet<>();
    /** The nodes it needs, by key, once resolved. */
    final Set<String> deps = new LinkedHashSet<>();
    /** The tag of its statements in the script: {@code fk}, {@code secret}, or empty. */
    String tag = "";
    /** What {@code ALTER … OWNER TO} names (e.g. {@code TABLE public.t}), or null when it has no owner. */
    String ownerTarget;
    /** Its owner's name. */
    String owner;
    /** What {@code COMMENT ON} names, or null. */
    String commentTarget;
    /** What {@code GRANT … ON} names (e.g. {@code TABLE public.t}), or null when it has no privileges. */
    String grantTarget;
    /** Whether it is created after the rows. */
    boolean postData;
    /**
     * For a view: a stand-in created before the rows (same columns, no query) when the view needs an
     * object created after them; its real definition then follows that object.
     */
    List<String> standIn;
    /** The catalog objects the stand-in needs (its columns' types and collations). */
    Set<String> standInRefs;
    /** The view's real definition once it has a stand-in ({@code CREATE OR REPLACE VIEW}). */
    List<String> lateDefinition;

    DumpNode(String key, ObjectKind kind, long oid, String label) {
        this.key = key;
        this.kind = kind;
        this.oid = oid;
        this.label = label;
        this.postData = kind.postData();
    }

    /** The key of a catalog object: the catalog's name and the object's oid. */
    static String key(String catalog, long oid) {
        return catalog + ":" + oid;
    }

    DumpNode add(String statement) {
        create.add(statement);
        return this;
    }

    DumpNode ref(String catalog, long oid) {
        refs.add(key(catalog, oid));
        return this;
    }

    /** Names the object for owner and comment statements: {@code ALTER <target> OWNER TO}, {@code COMMENT ON <target>}. */
    DumpNode target(String target, String ownerName) {
        this.ownerTarget = ownerName == null ? null : target;
        this.owner = ownerName;
        this.commentTarget = target;
        return this;
    }

    @Override
    public String toString() {
        return label;
    }
}
