package dev.custodian.postgres.internal.backup;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads every object a backup defines from the catalogs, inside its snapshot, and puts them in
 * the order the server's dependencies give: the statements of the pre-data part, and of the
 * post-data part (definitions, then privileges, default privileges, event triggers).
 *
 * @param pre the pre-data statements
 * @param post the post-data definitions (foreign keys tagged {@code fk})
 * @param privileges {@code GRANT}/{@code REVOKE} and {@code ALTER DEFAULT PRIVILEGES}, tagged {@code acl}
 * @param late event triggers, which come after everything, even the materialized views' contents
 * @param roles the roles these statements name
 */
record SchemaDefinitions(List<SqlScript.Tagged> pre, List<SqlScript.Tagged> post, List<SqlScript.Tagged> privileges,
        List<SqlScript.Tagged> late, Roles roles) {

    /**
     * The roles a restore needs.
     *
     * @param owners objects' owners ({@code --no-owner} does without them)
     * @param grantees roles privileges name ({@code --no-privileges} does without them)
     * @param required roles definitions name (policies, user mappings), needed in every case
     */
    record Roles(Set<String> owners, Set<String> grantees, Set<String> required) {
    }

    /**
     * @param only the oids of the tables a backup of chosen tables covers, or null for every table
     * @param largeObjects whether to define the large objects (their owners, comments and privileges)
     * @param subscriptions whether to define subscriptions (reading them needs a superuser)
     */
    static SchemaDefinitions read(Connection c, Set<Long> only, boolean largeObjects, boolean subscriptions)
            throws SQLException {
        Set<String> separate = new java.util.HashSet<>();
        while (true) {
            try {
                return read(c, only, largeObjects, subscriptions, separate);
            } catch (DumpGraph.Separate e) {
                if (!separate.addAll(e.constraints)) {
                    throw new IllegalStateException("the same constraints loop again: " + e.constraints, e);
                }
            }
        }
    }

    private static SchemaDefinitions read(Connection c, Set<Long> only, boolean largeObjects, boolean subscriptions,
            Set<String> separate) throws SQLException {
        DumpGraph graph = new DumpGraph();
        new PreData(c, graph).run();
        new ExtensibilityDefinitions(c, graph).run();
        new TypeDefinitions(c, graph).run();
        new RoutineDefinitions(c, graph).run();
        new OperatorDefinitions(c, graph).run();
        new TextSearchDefinitions(c, graph).run();
        new ForeignDefinitions(c, graph).run();
        new TableDefinitions(c, only, graph, separate).run();
        new ViewDefinitions(c, graph).run(only == null);
        new PostData(c, only, graph).run();
        new ReplicationDefinitions(c, graph).run(subscriptions);
        EventTriggerDefinitions.run(c, graph);
        if (largeObjects) {
            LargeObjects.define(c, graph);
        }
        graph.resolve(c);
        Privileges privileges = new Privileges(c, graph);
        privileges.run();
        new Comments(c, graph).run();
        List<DumpNode> order = graph.order();

        List<DumpNode> main = new ArrayList<>();
        List<DumpNode> last = new ArrayList<>();
        for (DumpNode n : order) {
            (n.kind == ObjectKind.EVENT_TRIGGER ? last : main).add(n);
        }
        List<SqlScript.Tagged> pre = new ArrayList<>();
        List<SqlScript.Tagged> post = new ArrayList<>();
        List<SqlScript.Tagged> acl = new ArrayList<>();
        List<SqlScript.Tagged> late = new ArrayList<>();
        DumpGraph.statements(main, pre, post, acl);
        DumpGraph.statements(last, late, late, acl);
        privileges.initial().forEach(s -> acl.add(new SqlScript.Tagged(s, "acl")));
        Set<String> grantees = new LinkedHashSet<>(privileges.initialRoles());
        privileges.defaults(grantees).forEach(s -> acl.add(new SqlScript.Tagged(s, "acl")));
        Set<String> owners = new LinkedHashSet<>();
        Set<String> required = new LinkedHashSet<>();
        for (DumpNode n : order) {
            if (n.ownerTarget != null && n.owner != null) {
                owners.add(n.owner);
            }
            grantees.addAll(n.grantRoles);
            required.addAll(n.roles);
        }
        return new SchemaDefinitions(pre, post, acl, late, new Roles(owners, grantees, required));
    }

    /** Without the statements a tag marks. */
    SchemaDefinitions without(String tag) {
        return new SchemaDefinitions(drop(pre, tag), drop(post, tag), drop(privileges, tag), drop(late, tag),
                new Roles(tag.equals("owner") ? Set.of() : roles.owners(),
                        tag.equals("acl") ? Set.of() : roles.grantees(), roles.required()));
    }

    private static List<SqlScript.Tagged> drop(List<SqlScript.Tagged> statements, String tag) {
        return statements.stream().filter(s -> !s.tag().equals(tag)).toList();
    }
}
