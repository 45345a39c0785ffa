package dev.custodian.postgres.internal.backup;

import dev.custodian.spi.jdbc.Sql;
import static dev.custodian.postgres.internal.PostgresDialectAccess.quote;

import dev.custodian.backup.BackupRefusedException;
import dev.custodian.backup.RefusedObject;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;

/**
 * The objects of a backup and the order they are created in, from the server's own record of
 * what needs what ({@code pg_depend}) rather than from a fixed sequence of kinds. Catalog objects
 * that are part of another (a table's row type, an array type, a constraint's index, a view's
 * rule) count as that object; objects an extension creates count as the extension. An object
 * created before the rows that needs one created after them follows it there (a view gets a
 * stand-in first); one that holds rows cannot, and the backup is refused naming both.
 */
final class DumpGraph {
    private static final String DEPENDENCIES = "SELECT classid::regclass::text AS cls, objid,"
            + " refclassid::regclass::text AS refcls, refobjid, deptype::text AS type FROM pg_depend"
            + " WHERE deptype IN ('n', 'a', 'i', 'e', 'x', 'P', 'S') AND (objid >= 16384 OR refobjid >= 16384)";
    private static final Comparator<DumpNode> ORDER = Comparator.<DumpNode, Boolean>comparing(n -> n.postData)
            .thenComparing(n -> n.kind).thenComparingLong(n -> n.oid).thenComparing(n -> n.key);

    private final Map<String, DumpNode> nodes = new LinkedHashMap<>();
    /** Catalog objects folded into a node, by key. */
    private final Map<String, String> members = new HashMap<>();
    /** Objects a backup of chosen tables leaves out; whatever needs them is left out too. */
    private final Set<String> excluded = new HashSet<>();
    /** For objects not registered: the object they are part of ({@code i}, {@code e}, {@code x} dependencies). */
    private final Map<String, String> partOf = new HashMap<>();
    private final Map<String, String> owners = new HashMap<>();
    /** Per node and node it needs: the members (by catalog key) whose dependencies make it need that node. */
    private final Map<String, Map<String, Set<String>>> through = new HashMap<>();
    /** Per node: dependencies to take on another node instead (a type's support functions take its shell). */
    private final Map<String, Map<String, String>> redirects = new HashMap<>();

    DumpNode add(DumpNode node) {
        nodes.put(node.key, node);
        return node;
    }

    DumpNode get(String key) {
        return nodes.get(key);
    }

    Collection<DumpNode> nodes() {
        return nodes.values();
    }

    /** Counts a catalog object as part of a node (a table's inline CHECK, a generated column's expression). */
    void member(String catalogKey, String nodeKey) {
        members.put(catalogKey, nodeKey);
    }

    /** Makes a node that would need {@code target} need {@code instead}. */
    void redirect(String node, String target, String instead) {
        redirects.computeIfAbsent(node, k -> new HashMap<>()).put(target, instead);
    }

    /** Leaves an object out, and everything that needs it. */
    void exclude(String key) {
        excluded.add(key);
    }

    /** Turns {@code pg_depend} and each node's own references into dependencies between nodes. */
    void resolve(Connection c) throws SQLException {
        List<String[]> edges = new ArrayList<>();
        for (Map<String, Object> r : Sql.rows(c, DEPENDENCIES)) {
            String obj = DumpNode.key(Sql.text(r, "cls"), ((Number) r.get("objid")).longValue());
            String ref = DumpNode.key(Sql.text(r, "refcls"), ((Number) r.get("refobjid")).longValue());
            String type = Sql.text(r, "type");
            if (type.equals("i") || type.equals("e") || type.equals("x")) {
                partOf.putIfAbsent(obj, ref);
            }
            if (!type.equals("e") && !type.equals("x")) {
                edges.add(new String[] {obj, ref});
            }
        }
        for (String[] e : edges) {
            String from = owner(e[0]);
            String to = owner(e[1]);
            link(from, to);
            if (from != null && to != null && !from.equals(to) && members.containsKey(e[0])) {
                through.computeIfAbsent(from, k -> new HashMap<>()).computeIfAbsent(to, k -> new HashSet<>()).add(e[0]);
            }
        }
        for (DumpNode n : nodes.values()) {
            for (String ref : n.refs) {
                link(n.key, owner(ref));
            }
        }
        prune();
    }

    private void link(String from, String target) {
        if (from == null || target == null || !nodes.containsKey(from)) {
            return;
        }
        String to = redirects.getOrDefault(from, Map.of()).getOrDefault(target, target);
        if (from.equals(to)) {
            return;
        }
        if (nodes.containsKey(to) || excluded.contains(to)) {
            nodes.get(from).deps.add(to);
        }
    }

    /** The node a catalog object belongs to, the key of an excluded object, or null when it is not backed up. */
    String owner(String key) {
        if (key == null) {
            return null;
        }
        String known = owners.get(key);
        if (known != null || owners.containsKey(key)) {
            return known;
        }
        String found;
        if (nodes.containsKey(key) || excluded.contains(key)) {
            found = key;
        } else if (members.containsKey(key)) {
            found = owner(members.get(key));
        } else {
            owners.put(key, null); // a cycle of parts cannot loop here
            found = owner(partOf.get(key));
        }
        owners.put(key, found);
        return found;
    }

    /** Drops the excluded nodes and every node that needs one. */
    private void prune() {
        Map<String, List<String>> dependents = new HashMap<>();
        for (DumpNode n : nodes.values()) {
            for (String d : n.deps) {
                dependents.computeIfAbsent(d, k -> new ArrayList<>()).add(n.key);
            }
        }
        Deque<String> todo = new ArrayDeque<>(excluded);
        Set<String> gone = new HashSet<>(excluded);
        while (!todo.isEmpty()) {
            for (String d : dependents.getOrDefault(todo.pop(), List.of())) {
                if (gone.add(d)) {
                    todo.push(d);
                }
            }
        }
        nodes.keySet().removeAll(gone);
        for (DumpNode n : nodes.values()) {
            n.deps.removeAll(gone);
        }
    }

    /**
     * Every node in creation order: pre-data nodes (each after what it needs), then post-data ones.
     * Objects that need a post-data object move after the rows (views get a stand-in instead).
     */
    List<DumpNode> order() {
        moveAfterData();
        Map<String, Integer> waiting = new HashMap<>();
        Map<String, List<DumpNode>> dependents = new HashMap<>();
        for (DumpNode n : nodes.values()) {
            waiting.put(n.key, n.deps.size());
            for (String d : n.deps) {
                dependents.computeIfAbsent(d, k -> new ArrayList<>()).add(n);
            }
        }
        PriorityQueue<DumpNode> ready = new PriorityQueue<>(ORDER);
        nodes.values().stream().filter(n -> n.deps.isEmpty()).forEach(ready::add);
        List<DumpNode> out = new ArrayList<>(nodes.size());
        while (!ready.isEmpty()) {
            DumpNode n = ready.poll();
            out.add(n);
            for (DumpNode d : dependents.getOrDefault(n.key, List.of())) {
                if (waiting.merge(d.key, -1, Integer::sum) == 0) {
                    ready.add(d);
                }
            }
        }
        if (out.size() < nodes.size()) {
            Set<String> left = new HashSet<>(nodes.keySet());
            out.forEach(n -> left.remove(n.key));
            List<DumpNode> cycle = cycle(left);
            Set<String> breakers = new HashSet<>();
            for (int i = 0; i + 1 < cycle.size(); i++) {
                breakers.addAll(through.getOrDefault(cycle.get(i).key, Map.of()).getOrDefault(cycle.get(i + 1).key,
                        Set.of()));
            }
            breakers.removeIf(k -> !k.startsWith("pg_constraint:"));
            if (!breakers.isEmpty()) {
                throw new Separate(breakers);
            }
            throw refused(cycle.get(0), "it needs itself through " + String.join(" -> ",
                    cycle.stream().map(n -> n.label).toList()));
        }
        return out;
    }

    /**
     * A cycle that goes through constraints written in their table's definition: read again with
     * them as objects of their own, added after the table (as pg_dump does).
     */
    static final class Separate extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final transient Set<String> constraints;

        Separate(Set<String> constraints) {
            super("constraints to add after their tables: " + constraints, null, false, false);
            this.constraints = constraints;
        }
    }

    private void moveAfterData() {
        boolean changed = true;
        while (changed) {
            changed = false;
            for (DumpNode n : new ArrayList<>(nodes.values())) {
                if (n.postData) {
                    continue;
                }
                DumpNode late = n.deps.stream().map(nodes::get).filter(d -> d.postData).findFirst().orElse(null);
                if (late == null) {
                    continue;
                }
                changed = true;
                if (n.standIn != null) {
                    splitView(n);
                } else if (!n.kind.holdsData()) {
                    n.postData = true;
                } else {
                    throw refused(n, "it needs " + late.label + ", which is created after the rows");
                }
            }
        }
    }

    /** A view that needs a post-data object: a stand-in with its columns now, its query after that object. */
    private void splitView(DumpNode view) {
        DumpNode definition = new DumpNode(view.key + "#definition", ObjectKind.VIEW_DEFINITION, view.oid, view.label);
        definition.create.addAll(view.lateDefinition);
        definition.deps.addAll(view.deps);
        definition.deps.add(view.key);
        view.create.clear();
        view.create.addAll(view.standIn);
        view.deps.clear();
        for (String ref : view.standInRefs) {
            String o = owner(ref);
            if (o != null && !o.equals(view.key) && nodes.containsKey(o)) {
                view.deps.add(o);
            }
        }
        view.standIn = null;
        nodes.put(definition.key, definition);
    }

    private List<DumpNode> cycle(Set<String> left) {
        String start = left.iterator().next();
        List<String> path = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        String at = start;
        while (seen.add(at)) {
            path.add(at);
            at = nodes.get(at).deps.stream().filter(left::contains).findFirst().orElseThrow();
        }
        List<DumpNode> cycle = new ArrayList<>();
        for (String k : path.subList(path.indexOf(at), path.size())) {
            cycle.add(nodes.get(k));
        }
        cycle.add(nodes.get(at));
        return cycle;
    }

    private static BackupRefusedException refused(DumpNode n, String why) {
        RefusedObject o = new RefusedObject(n.kind.label(), n.label.substring(n.label.indexOf(' ') + 1), why);
        return new BackupRefusedException(BackupRefusedException.summary(PgLogicalStrategy.NAME, List.of(o),
                "change the schema, or back up with pg_dump"), List.of(o));
    }

    /** The pre-data and post-data statements of ordered nodes, each node's owner and comments after it. */
    static void statements(List<DumpNode> order, List<SqlScript.Tagged> pre, List<SqlScript.Tagged> post,
            List<SqlScript.Tagged> privileges) {
        for (DumpNode n : order) {
            List<SqlScript.Tagged> out = n.postData ? post : pre;
            n.create.forEach(s -> out.add(new SqlScript.Tagged(s, n.tag)));
            if (n.ownerTarget != null && n.owner != null) {
                out.add(new SqlScript.Tagged("ALTER " + n.ownerTarget + " OWNER TO " + quote(n.owner), "owner"));
            }
            n.comments.forEach(s -> out.add(new SqlScript.Tagged(s, "")));
            n.afterOwner.forEach(s -> out.add(new SqlScript.Tagged(s, n.tag)));
            n.privileges.forEach(s -> privileges.add(new SqlScript.Tagged(s, "acl")));
        }
    }
}
