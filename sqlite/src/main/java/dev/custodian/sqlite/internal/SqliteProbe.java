package dev.custodian.sqlite.internal;

import dev.custodian.ByteSize;
import dev.custodian.health.AbstractHealthProbe;
import dev.custodian.health.ProbeGroup;
import dev.custodian.health.Threshold;

/** The common shape of the SQLite probes: a name, a group, a default threshold and the database. */
abstract class SqliteProbe extends AbstractHealthProbe {
    protected final SqliteDatabase db;

    SqliteProbe(SqliteDatabase db, String name, ProbeGroup group, Threshold threshold) {
        super(name, group, threshold);
        this.db = db;
    }

    /** Bytes as a person reads them: {@code 12.3 MiB}. */
    static String bytes(long n) {
        return ByteSize.format(n);
    }
}
