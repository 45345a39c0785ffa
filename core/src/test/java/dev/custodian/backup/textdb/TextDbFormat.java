package dev.custodian.backup.textdb;

import dev.custodian.backup.BackupFormat;
import dev.custodian.backup.BackupReader;
import dev.custodian.backup.PartCheck;
import dev.custodian.backup.PartEntry;
import dev.custodian.backup.PartKind;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/** Decodes text-lines parts (rows are newline-terminated lines) and exports a set as one text file. */
public final class TextDbFormat implements BackupFormat {

    @Override
    public String engine() {
        return TextDbEngine.NAME;
    }

    @Override
    public String strategy() {
        return TextDbStrategy.NAME;
    }

    @Override
    public PartCheck decode(PartEntry part, InputStream data) throws Exception {
        long lines = 0;
        int last = '\n';
        byte[] buffer = new byte[64 * 1024];
        int n;
        while ((n = data.read(buffer)) >= 0) {
            for (int i = 0; i < n; i++) {
                if (buffer[i] == '\n') {
                    lines++;
                }
            }
            if (n > 0) {
                last = buffer[n - 1];
            }
        }
        if (last != '\n') {
            throw new IOException("the last line of " + part.name() + " is not terminated");
        }
        return part.kind() == PartKind.DATA ? new PartCheck(lines, "lines ok") : new PartCheck(0, lines + " tables");
    }

    @Override
    public String exportExtension() {
        return "txt";
    }

    @Override
    public void export(BackupReader reader, OutputStream out) throws Exception {
        for (PartEntry part : reader.manifest().parts()) {
            if (part.kind() != PartKind.DATA) {
                continue;
            }
            out.write(("## " + part.table() + "\n").getBytes(StandardCharsets.UTF_8));
            try (InputStream in = new BufferedInputStream(reader.open(part))) {
                in.transferTo(out);
            }
        }
    }
}
