package dev.custodian.postgres.internal.backup;

import static dev.custodian.postgres.internal.PostgresDialectAccess.qualified;
import static dev.custodian.postgres.internal.PostgresDialectAccess.quote;

import java.util.List;

/**
 * A table whose rows a backup holds.
 *
 * @param oid the table's oid in the source
 * @param schema its schema
 * @param name its name
 * @param columns the columns COPY reads and writes: every column except generated ones, in order
 * @param binaryTypes the columns' type names when the rows are copied in COPY's binary format
 *     ({@link BinaryCopy#suits}); empty for the text format
 */
record TableRef(long oid, String schema, String name, List<String> columns, List<String> binaryTypes) {
    TableRef {
        columns = List.copyOf(columns);
        binaryTypes = List.copyOf(binaryTypes);
    }

    boolean binary() {
        return !binaryTypes.isEmpty();
    }

    /** {@code schema.table}, as manifests and options name it. */
    String display() {
        return schema + "." + name;
    }

    String quotedName() {
        return qualified(schema, name);
    }

    /** The quoted column list in parentheses, or empty for a table without columns to copy. */
    String columnList() {
        if (columns.isEmpty()) {
            return "";
        }
        StringBuilder sb = new StringBuilder(" (");
        for (int i = 0; i < columns.size(); i++) {
            sb.append(i == 0 ? "" : ", ").append(quote(columns.get(i)));
        }
        return sb.append(')').toString();
    }
}
