package dev.custodian.postgres;

import dev.custodian.Custodian;
import dev.custodian.backup.ProgressListener;
import dev.custodian.backup.RestoreOptions;
import dev.custodian.backup.RestoreReport;
import java.nio.file.Path;

/**
 * A restore in a JVM of its own, so that a test can bound its heap. Arguments: the target URL and
 * the store. Prints {@code RESTORED <rows> <maxHeap>}.
 */
public final class PgChildRestore {
    private PgChildRestore() {
    }

    public static void main(String[] args) {
        try (Custodian c = Custodian.connect(args[0])) {
            RestoreReport r = c.backups(Path.of(args[1])).restore("latest", RestoreOptions.defaults(),
                    ProgressListener.none());
            System.out.println("RESTORED " + r.totalRows() + " " + Runtime.getRuntime().maxMemory());
        }
    }
}
