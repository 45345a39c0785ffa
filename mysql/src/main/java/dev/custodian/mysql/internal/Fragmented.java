package dev.custodian.mysql.internal;

import dev.custodian.spi.jdbc.Sql;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Tables with free space inside them (information_schema {@code DATA_FREE}), worst first. */
public final class Fragmented {
    /** Tables smaller than this are never worth rebuilding. */
    public static final long MIN_BYTES = 10L * 1024 * 1024;

    /** One table's size and free space. */
    public record Table(String name, String engine, long used, long dataFree, double freePercent) {
    }

    private Fragmented() {
    }

    public static List<Table> tables(Connection c, String database, long minBytes) throws SQLException {
        List<Table> out = new ArrayList<>();
        for (Map<String, Object> r : Sql.rows(c, "SELECT TABLE_NAME AS name, ENGINE AS engine,"
                + " COALESCE(DATA_LENGTH, 0) + COALESCE(INDEX_LENGTH, 0) AS used, COALESCE(DATA_FREE, 0) AS free"
                + " FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? AND TABLE_TYPE = 'BASE TABLE'", database)) {
            long used = Sql.asLong(r.get("used"));
            long free = Sql.asLong(r.get("free"));
            if (used + free >= minBytes && free > 0) {
                out.add(new Table(String.valueOf(r.get("name")), String.valueOf(r.get("engine")), used, free,
                        MysqlQuoting.pct(free, used + free)));
            }
        }
        out.sort((a, b) -> Double.compare(b.freePercent(), a.freePercent()));
        return out;
    }
}
