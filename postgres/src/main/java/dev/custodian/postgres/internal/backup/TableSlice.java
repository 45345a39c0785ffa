package dev.custodian.postgres.internal.backup;

import dev.custodian.spi.jdbc.Sql;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The rows of a table a data part holds: all of them, or those in a range of its blocks. A large
 * table is split into block ({@code ctid}) ranges copied on several connections inside the one
 * snapshot; each range is a part of its own with its own COPY line, so a restore and an export
 * load them as they load any part. The last range is open-ended, so no row is left out whatever
 * the table's size.
 *
 * @param table the table
 * @param fromBlock the first block of the range; 0 for the whole table
 * @param toBlock the block after the range; -1 for no end
 * @param index the range's number, from 1; 0 for the whole table
 */
record TableSlice(TableRef table, long fromBlock, long toBlock, int index) {
    /**
     * Tables smaller than two slices of this size (32 MiB) are not split; the system property
     * {@code custodian.postgresql.backupSliceBytes} changes it.
     */
    static final long MIN_SLICE_BYTES = 32L << 20;
    static final String SLICE_PROPERTY = "custodian.postgresql.backupSliceBytes";

    static TableSlice whole(TableRef table) {
        return new TableSlice(table, 0, -1, 0);
    }

    /** The part's name: {@code data/schema.table}, with {@code #n} for a range. */
    String partName() {
        return "data/" + table.display() + (index == 0 ? "" : "#" + index);
    }

    /** What COPY reads: the table, or a query over one block range of it only (no children). */
    String copySource() {
        if (index == 0) {
            return table.quotedName() + table.columnList();
        }
        String columns = table.columnList();
        return "(SELECT " + columns.substring(2, columns.length() - 1) + " FROM ONLY " + table.quotedName()
                + " WHERE ctid >= '(" + fromBlock + ",0)'::pg_catalog.tid"
                + (toBlock < 0 ? "" : " AND ctid < '(" + toBlock + ",0)'::pg_catalog.tid") + ")";
    }

    /**
     * The parts to copy on {@code workers} connections: tables of at least two slices' size split
     * into up to {@code workers} block ranges (on servers with TID range scans, 14 and later),
     * largest first, so that one huge table does not leave the other connections idle.
     */
    static List<TableSlice> plan(Connection c, List<TableRef> tables, int workers) throws SQLException {
        List<TableSlice> out = new ArrayList<>();
        if (workers <= 1 || tables.isEmpty()) {
            tables.forEach(t -> out.add(whole(t)));
            return out;
        }
        boolean ranges = Integer.parseInt(Sql.string(c, "SELECT current_setting('server_version_num')")) >= 140000;
        long blockSize = Long.parseLong(Sql.string(c, "SELECT current_setting('block_size')"));
        Map<Long, Long> bytes = new HashMap<>();
        for (Map<String, Object> r : Sql.rows(c, "SELECT c.oid, pg_catalog.pg_relation_size(c.oid) AS bytes"
                + " FROM pg_catalog.pg_class c WHERE c.oid = ANY (?::oid[])",
                c.createArrayOf("oid", tables.stream().map(TableRef::oid).toArray()))) {
            bytes.put(((Number) r.get("oid")).longValue(), ((Number) r.get("bytes")).longValue());
        }
        long slice = Math.max(1, Long.getLong(SLICE_PROPERTY, MIN_SLICE_BYTES));
        List<long[]> sizes = new ArrayList<>();
        for (TableRef t : tables) {
            long size = bytes.getOrDefault(t.oid(), 0L);
            int count = ranges && !t.columns().isEmpty() ? (int) Math.min(workers, size / slice) : 1;
            if (count < 2) {
                out.add(whole(t));
                sizes.add(new long[] {size});
                continue;
            }
            long blocks = size / blockSize;
            for (int i = 0; i < count; i++) {
                long from = blocks * i / count;
                long to = i == count - 1 ? -1 : blocks * (i + 1) / count;
                out.add(new TableSlice(t, from, to, i + 1));
                sizes.add(new long[] {size / count});
            }
        }
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < out.size(); i++) {
            order.add(i);
        }
        order.sort(Comparator.comparingLong((Integer i) -> sizes.get(i)[0]).reversed());
        return order.stream().map(out::get).toList();
    }
}
