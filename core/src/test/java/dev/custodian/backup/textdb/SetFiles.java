package dev.custodian.backup.textdb;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.custodian.backup.PartEntry;
import dev.custodian.internal.Json;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.function.Consumer;

/** Damages backup set files the way disks and people do, for tests. */
public final class SetFiles {
    private SetFiles() {
    }

    /** Flips every bit of one byte. */
    public static void flip(Path file, long position) throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.seek(position);
            int b = f.read();
            f.seek(position);
            f.write(b ^ 0xff);
        }
    }

    /** Flips every bit of one byte of a part: {@code position} counts from the part's first byte, in a pack too. */
    public static void flip(Path setDir, PartEntry part, long position) throws IOException {
        flip(setDir.resolve(part.file()), Math.max(0, part.offset()) + position);
    }

    /**
     * Cuts a part's file after {@code size} of the part's bytes; in a pack the parts after it go
     * with them.
     */
    public static void truncate(Path setDir, PartEntry part, long size) throws IOException {
        truncate(setDir.resolve(part.file()), Math.max(0, part.offset()) + size);
    }

    public static void truncate(Path file, long size) throws IOException {
        try (FileChannel c = FileChannel.open(file, StandardOpenOption.WRITE)) {
            c.truncate(size);
        }
    }

    /** Rewrites a set's manifest after an edit of its JSON tree. */
    public static void editManifest(Path setDir, Consumer<ObjectNode> edit) throws IOException {
        Path file = setDir.resolve("manifest.json");
        ObjectNode tree = (ObjectNode) Json.mapper().readTree(file.toFile());
        edit.accept(tree);
        Json.mapper().writeValue(file.toFile(), tree);
    }
}
