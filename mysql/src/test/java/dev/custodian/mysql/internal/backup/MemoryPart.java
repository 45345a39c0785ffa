package dev.custodian.mysql.internal.backup;

import dev.custodian.backup.PartOutput;
import java.io.ByteArrayOutputStream;

/** A part in memory, for tests that read a table's rows into one and look at the bytes. */
final class MemoryPart extends PartOutput {
    final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    long rows;

    @Override
    public void write(int b) {
        bytes.write(b);
    }

    @Override
    public void write(byte[] b, int off, int len) {
        bytes.write(b, off, len);
    }

    @Override
    public void addRows(long n) {
        rows += n;
    }
}
