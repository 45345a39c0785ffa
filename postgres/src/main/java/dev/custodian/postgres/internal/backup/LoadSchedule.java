package dev.custodian.postgres.internal.backup;

import dev.custodian.backup.BackupReader;
import dev.custodian.backup.PartEntry;
import dev.custodian.backup.PartKind;
import dev.custodian.spi.jdbc.Sql;
import java.io.InputStream;
import java.sql.Connection;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The work of a restore on several connections before post-data: each table's rows (largest
 * first), and, as {@code pg_restore -j} does, each ordinary table's index and key builds
 * (indexes, primary, unique and exclusion keys) as soon as that table's rows are in, on whichever
 * connection is free, so that rows load and indexes build at once. Foreign keys, and every other
 * post-data statement, stay in post-data, which runs after all of this: a foreign key then finds
 * both tables' keys built. Builds of tables without rows in the set are ready at once. A worker
 * takes rows before builds; when neither is ready it waits for a load to finish.
 */
final class LoadSchedule {
    /** One piece of work: a table's parts to load, or one build. */
    record Work(List<PartEntry> table, ParallelPostData.Build build) {
    }

    private final ArrayDeque<List<PartEntry>> loads;
    private final ArrayDeque<ParallelPostData.Build> ready = new ArrayDeque<>();
    private final Map<String, List<ParallelPostData.Build>> waiting = new HashMap<>();
    private final Set<String> built = new HashSet<>();
    private int loading;
    private boolean stopped;

    LoadSchedule(List<List<PartEntry>> tables) {
        List<List<PartEntry>> order = new ArrayList<>(tables);
        order.sort(Comparator.comparingLong(LoadSchedule::rawBytes).reversed());
        this.loads = new ArrayDeque<>(order);
    }

    static long rawBytes(List<PartEntry> parts) {
        return parts.stream().mapToLong(PartEntry::rawBytes).sum();
    }

    /**
     * Takes the builds of ordinary tables from the set's post-data (but those tagged to be
     * skipped): each waits for its table's rows when the set has rows for it.
     */
    void addBuilds(Connection c, BackupReader reader, Set<String> skip) throws Exception {
        List<ParallelPostData.Build> builds = new ArrayList<>();
        List<String> tables = new ArrayList<>();
        for (PartEntry p : reader.manifest().parts()) {
            if (p.kind() != PartKind.POST_DATA) {
                continue;
            }
            try (InputStream in = reader.open(p)) {
                long[] n = {0};
                SqlScript.read(in, p.name(), (sql, tag) -> {
                    n[0]++;
                    String table = skip.contains(tag) ? null : ParallelPostData.buildTable(sql);
                    if (table != null) {
                        builds.add(new ParallelPostData.Build(sql, p.name(), n[0], 0));
                        tables.add(table);
                    }
                });
            }
        }
        if (builds.isEmpty()) {
            return;
        }
        Map<String, Long> oids = new HashMap<>();
        for (Map<String, Object> r : Sql.rows(c, "SELECT t.name, c.oid FROM unnest(?::text[]) AS t(name)"
                + " JOIN pg_catalog.pg_class c ON c.oid = pg_catalog.to_regclass(t.name)"
                + " WHERE c.relkind = 'r' AND NOT c.relispartition", c.createArrayOf("text", tables.toArray()))) {
            oids.put(Sql.text(r, "name"), ((Number) r.get("oid")).longValue());
        }
        Map<Long, String> loaded = new HashMap<>();
        List<String> names = new ArrayList<>();
        loads.forEach(t -> names.add(PgRestore.quotedTable(t.get(0).table())));
        for (Map<String, Object> r : Sql.rows(c, "SELECT t.name, pg_catalog.to_regclass(t.name)::oid AS oid"
                + " FROM unnest(?::text[]) AS t(name)", c.createArrayOf("text", names.toArray()))) {
            if (r.get("oid") != null) {
                loaded.put(((Number) r.get("oid")).longValue(), Sql.text(r, "name"));
            }
        }
        synchronized (this) {
            for (int i = 0; i < builds.size(); i++) {
                Long oid = oids.get(tables.get(i));
                if (oid == null) {
                    continue;
                }
                ParallelPostData.Build b = builds.get(i);
                built.add(key(b.part(), b.number()));
                String table = loaded.get(oid);
                if (table == null) {
                    ready.add(b);
                } else {
                    waiting.computeIfAbsent(table, k -> new ArrayList<>()).add(b);
                }
            }
        }
    }

    /** Whether post-data's statement {@code number} of {@code part} is built here (post-data then skips it). */
    synchronized boolean built(String part, long number) {
        return built.contains(key(part, number));
    }

    private static String key(String part, long number) {
        return part + "#" + number;
    }

    /** The next piece of work, waiting while only a running load may make some ready; null when all is done. */
    synchronized Work next() throws InterruptedException {
        while (!stopped) {
            if (!loads.isEmpty()) {
                loading++;
                return new Work(loads.poll(), null);
            }
            if (!ready.isEmpty()) {
                return new Work(null, ready.poll());
            }
            if (loading == 0) {
                return null;
            }
            wait();
        }
        return null;
    }

    /** A table's rows are in (committed): its builds become ready. */
    synchronized void loaded(List<PartEntry> table) {
        loading--;
        List<ParallelPostData.Build> builds = waiting.remove(PgRestore.quotedTable(table.get(0).table()));
        if (builds != null) {
            ready.addAll(builds);
        }
        notifyAll();
    }

    /** After a failure: nothing more is handed out, and waiting workers return. */
    synchronized void stop() {
        stopped = true;
        notifyAll();
    }
}
