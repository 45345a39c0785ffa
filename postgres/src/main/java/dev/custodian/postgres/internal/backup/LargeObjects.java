package dev.custodian.postgres.internal.backup;

import dev.custodian.spi.jdbc.Sql;
import dev.custodian.backup.BackupException;
import java.io.IOException;
import java.io.OutputStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * Large objects: their data as a part of its own, statements psql runs as they are (each object
 * created, then written in chunks of {@value #CHUNK} bytes, so that neither the backup nor the
 * restore holds more than a chunk), read in the backup's snapshot; their owners, comments and
 * privileges as post-data objects.
 */
final class LargeObjects {
    /** The data part's name. */
    static final String PART = "large-objects";
    static final int CHUNK = 128 * 1024;

    private LargeObjects() {
    }

    /** One post-data node per large object, for its owner, comment and privileges. */
    static void define(Connection c, DumpGraph graph) throws SQLException {
        for (Map<String, Object> r : Sql.rows(c, "SELECT l.oid, pg_get_userbyid(l.lomowner) AS owner"
                + " FROM pg_largeobject_metadata l ORDER BY l.oid")) {
            long oid = ((Number) r.get("oid")).longValue();
            DumpNode n = graph.add(new DumpNode(DumpNode.key("pg_largeobject", oid), ObjectKind.LARGE_OBJECT, oid,
                    "large object " + oid));
            n.target("LARGE OBJECT " + oid, Sql.text(r, "owner"));
            n.grantTarget = "LARGE OBJECT " + oid;
        }
    }

    /** Whether the database has any. */
    static boolean any(Connection c) throws SQLException {
        return Sql.string(c, "SELECT 1 FROM pg_largeobject_metadata LIMIT 1") != null;
    }

    /** Writes every large object's data as statements; returns how many objects there were. */
    static long write(Connection c, OutputStream out) throws SQLException, IOException {
        List<Long> oids = new ArrayList<>();
        for (Map<String, Object> r : Sql.rows(c, "SELECT oid FROM pg_largeobject_metadata ORDER BY oid")) {
            oids.add(((Number) r.get("oid")).longValue());
        }
        SqlScript.Out script = new SqlScript.Out(out);
        HexFormat hex = HexFormat.of();
        try (PreparedStatement read = c.prepareStatement("SELECT pg_catalog.lo_get(?::oid, ?, ?)")) {
            for (long oid : oids) {
                script.write("SELECT pg_catalog.lo_create('" + oid + "')", "");
                long offset = 0;
                while (true) {
                    byte[] chunk;
                    read.setLong(1, oid);
                    read.setLong(2, offset);
                    read.setInt(3, CHUNK);
                    try (ResultSet rs = read.executeQuery()) {
                        rs.next();
                        chunk = rs.getBytes(1);
                    } catch (SQLException e) {
                        throw new BackupException("backup of large object " + oid + " failed: "
                                + PgLogicalStrategy.firstLine(e) + "; the backup's role needs SELECT on every large"
                                + " object (GRANT SELECT ON LARGE OBJECT ...), as their owner or a superuser has", e);
                    }
                    if (chunk == null || chunk.length == 0) {
                        break;
                    }
                    script.write("SELECT pg_catalog.lo_put('" + oid + "', " + offset + ", '\\x" + hex.formatHex(chunk)
                            + "')", "");
                    offset += chunk.length;
                    if (chunk.length < CHUNK) {
                        break;
                    }
                }
            }
        }
        script.flush();
        return oids.size();
    }
}
