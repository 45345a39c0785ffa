package dev.custodian.backup;

/**
 * The role a part plays in a set, the same for every engine; the part's name is the engine's own
 * label ({@code pre-data}, {@code data/public.users}, {@code db0}, {@code dump.rdb}).
 */
public enum PartKind {
    /** Definitions created before the data (schemas, types, tables, functions, views). */
    PRE_DATA,
    /** One unit of data: a table's rows, a logical database's keys. */
    DATA,
    /** Definitions applied after the data (indexes, constraints, triggers, sequence values). */
    POST_DATA,
    /** A whole-database image in the engine's own file format (a database file, a server snapshot). */
    IMAGE
}
