package dev.custodian.backup;

/** What a backup part holds, like pg_restore's sections plus whole-file and key-space parts. */
public enum PartKind {
    /** Definitions created before data: schemas, types, tables, functions, views. */
    PRE_DATA,
    /** One table's rows. */
    DATA,
    /** Definitions created after data: indexes, constraints, triggers, sequence values. */
    POST_DATA,
    /** A whole database file (SQLite). */
    DATABASE_FILE,
    /** Keys of one logical database (Redis logical backup). */
    KEYSPACE,
    /** A server snapshot file (Redis RDB). */
    SNAPSHOT
}
