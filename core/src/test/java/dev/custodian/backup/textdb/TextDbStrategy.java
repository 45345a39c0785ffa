package dev.custodian.backup.textdb;

import dev.custodian.backup.BackupFeature;
import dev.custodian.backup.BackupOptions;
import dev.custodian.backup.BackupReader;
import dev.custodian.backup.BackupStrategy;
import dev.custodian.backup.BackupWriter;
import dev.custodian.backup.PartEntry;
import dev.custodian.backup.PartKind;
import dev.custodian.backup.PartOutput;
import dev.custodian.backup.PartSpec;
import dev.custodian.backup.RestoreOptions;
import dev.custodian.backup.RestoreResult;
import dev.custodian.backup.TargetContents;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/** Backs up each table file as a DATA part, after a PRE_DATA part listing the tables. */
public final class TextDbStrategy implements BackupStrategy {
    public static final String NAME = "text-lines";
    public static final String GENERATED = "generated";
    private static final String SUFFIX = ".txt";

    private final Path dir;
    private final Behaviour behaviour;
    private long rowsWritten;

    TextDbStrategy(Path dir, Behaviour behaviour) {
        this.dir = dir;
        this.behaviour = behaviour;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Set<BackupFeature> features() {
        return Set.of(BackupFeature.TABLES, BackupFeature.RESTORE_TABLES);
    }

    /** The tables of a text database directory, sorted. */
    public static List<String> tables(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(SUFFIX))
                    .map(n -> n.substring(0, n.length() - SUFFIX.length())).sorted().toList();
        }
    }

    public static Path tableFile(Path dir, String table) {
        return dir.resolve(table + SUFFIX);
    }

    @Override
    public void backup(BackupOptions options, BackupWriter writer) throws Exception {
        List<String> tables = tables(dir).stream()
                .filter(t -> options.tables().isEmpty() || options.tables().contains(t)).toList();
        if (behaviour.serverVersionFact() != null) {
            writer.serverVersion(behaviour.serverVersionFact());
        }
        writer.fact("tables", Integer.toString(tables.size()));
        try (PartOutput schema = writer.openPart(new PartSpec("schema", PartKind.PRE_DATA, null))) {
            for (String t : tables) {
                schema.write((t + "\n").getBytes(StandardCharsets.UTF_8));
            }
        }
        for (String table : tables) {
            try (PartOutput out = writer.openPart(new PartSpec("data/" + table, PartKind.DATA, table));
                    InputStream in = new BufferedInputStream(Files.newInputStream(tableFile(dir, table)))) {
                copyRows(in, out);
            }
        }
        if (behaviour.generatedRows() > 0) {
            try (PartOutput out = writer.openPart(new PartSpec("data/" + GENERATED, PartKind.DATA, GENERATED))) {
                generate(out, behaviour.generatedRows());
            }
        }
        behaviour.afterParts().run();
    }

    private void copyRows(InputStream in, PartOutput out) throws IOException, InterruptedException {
        int b;
        while ((b = in.read()) >= 0) {
            out.write(b);
            if (b == '\n') {
                row(out);
            }
        }
    }

    private void generate(PartOutput out, long rows) throws IOException, InterruptedException {
        byte[] line = ("row 0000000000 the quick brown fox jumps over the lazy dog; "
                + "pack my box with five dozen liquor jugs\n").getBytes(StandardCharsets.US_ASCII);
        for (long r = 0; r < rows; r++) {
            long v = r * 2654435761L;
            for (int i = 13; i >= 4; i--) {
                line[i] = (byte) ('0' + (int) Math.floorMod(v, 10L));
                v /= 10;
            }
            out.write(line);
            row(out);
        }
    }

    private void row(PartOutput out) throws IOException, InterruptedException {
        out.addRows(1);
        rowsWritten++;
        if (behaviour.failAfterRows() >= 0 && rowsWritten >= behaviour.failAfterRows()) {
            throw new IOException("simulated failure after " + rowsWritten + " rows");
        }
        if (behaviour.delayMillisPerRow() > 0) {
            Thread.sleep(behaviour.delayMillisPerRow());
        }
    }

    @Override
    public TargetContents inspectTarget() throws Exception {
        Files.createDirectories(dir);
        return new TargetContents(tables(dir));
    }

    @Override
    public RestoreResult restore(RestoreOptions options, BackupReader reader) throws Exception {
        Files.createDirectories(dir);
        if (options.clean()) {
            for (String t : tables(dir)) {
                Files.delete(tableFile(dir, t));
            }
        }
        Map<String, Long> rows = new LinkedHashMap<>();
        for (PartEntry part : reader.manifest().parts()) {
            if (part.kind() != PartKind.DATA) {
                try (InputStream in = reader.open(part)) {
                    in.transferTo(OutputStream.nullOutputStream());
                }
                continue;
            }
            if (!options.tables().isEmpty() && !options.tables().contains(part.table())) {
                continue;
            }
            long n = 0;
            try (InputStream in = new BufferedInputStream(reader.open(part));
                    OutputStream out = new BufferedOutputStream(Files.newOutputStream(tableFile(dir, part.table())))) {
                int b;
                while ((b = in.read()) >= 0) {
                    out.write(b);
                    if (b == '\n') {
                        n++;
                    }
                }
            }
            rows.put(part.table(), n);
        }
        return new RestoreResult(rows);
    }
}
