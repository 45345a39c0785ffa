package dev.custodian.postgres.internal.backup;

import dev.custodian.backup.BackupFormat;
import dev.custodian.backup.BackupReader;
import dev.custodian.backup.PartCheck;
import dev.custodian.backup.PartEntry;
import dev.custodian.backup.PartKind;
import dev.custodian.backup.VerificationException;
import java.io.BufferedInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The connection-free side of {@code pg-logical}: decoding parts (statements parse, COPY rows are
 * counted and their fields checked) and exporting a set as one plain SQL script that {@code psql}
 * restores on its own.
 */
public final class PgLogicalFormat implements BackupFormat {
    private static final String HEADER = """
            --
            -- PostgreSQL database dump written by Custodian (pg-logical)
            -- restore with: psql -v ON_ERROR_STOP=1 --single-transaction -f <this file> <empty database>
            --
            SET statement_timeout = 0;
            SET lock_timeout = 0;
            SET idle_in_transaction_session_timeout = 0;
            SET client_encoding = 'UTF8';
            SET standard_conforming_strings = on;
            SELECT pg_catalog.set_config('search_path', '', false);
            SET check_function_bodies = false;
            SET client_min_messages = warning;
            SET row_security = off;

            """;

    @Override
    public String engine() {
        return "postgresql";
    }

    @Override
    public String strategy() {
        return PgLogicalStrategy.NAME;
    }

    @Override
    public PartCheck decode(PartEntry part, InputStream data) throws Exception {
        if (part.kind() == PartKind.DATA && LargeObjects.PART.equals(part.name())) {
            long[] objects = {0};
            long statements = SqlScript.read(data, part.name(), (sql, tag) -> {
                if (sql.startsWith("SELECT pg_catalog.lo_create(")) {
                    objects[0]++;
                }
            });
            return new PartCheck(0, objects[0] + " large objects in " + statements + " statements");
        }
        if (part.kind() == PartKind.DATA) {
            long rows = CopyPart.count(new BufferedInputStream(data, 1 << 16), part.name());
            return new PartCheck(rows, "COPY text parsed, " + rows + " rows");
        }
        if (part.kind() == PartKind.PRE_DATA || part.kind() == PartKind.POST_DATA) {
            long statements = SqlScript.read(data, part.name(), (sql, tag) -> { });
            return new PartCheck(0, statements + " statements");
        }
        throw new VerificationException("part " + part.name() + " has kind " + part.kind()
                + ", which the pg-logical format does not write");
    }

    @Override
    public String exportExtension() {
        return "sql";
    }

    @Override
    public void export(BackupReader reader, OutputStream out) throws Exception {
        out.write(HEADER.getBytes(StandardCharsets.UTF_8));
        List<PartEntry> parts = reader.manifest().parts();
        for (PartKind kind : List.of(PartKind.PRE_DATA, PartKind.DATA, PartKind.POST_DATA)) {
            for (PartEntry p : parts) {
                if (p.kind() != kind) {
                    continue;
                }
                out.write(("\n-- part " + p.name().replace('\n', ' ') + "\n").getBytes(StandardCharsets.UTF_8));
                try (InputStream in = reader.open(p)) {
                    if (kind == PartKind.DATA && p.table() != null) {
                        CopyPart.toScript(new BufferedInputStream(in, 1 << 16), p.name(), out);
                    } else {
                        in.transferTo(out);
                    }
                }
                out.write('\n');
            }
        }
        out.flush();
    }
}
