package dev.custodian.backup;

import dev.custodian.backup.textdb.Behaviour;
import dev.custodian.backup.textdb.TextDb;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;

/**
 * A backup run in a child JVM by tests that kill it or bound its heap. Reports on stdout, one line
 * each: {@code PROGRESS <part> <rows>}, {@code PARTS-DONE}, {@code DONE <id> <rows> <raw> <stored>},
 * {@code VERIFIED <ok> <problems>}.
 *
 * <p>Arguments: {@code slow <db> <store> <millisPerRow>} backs up slowly and, once every part is
 * written, pauses before returning to core (so the manifest is not yet written);
 * {@code big <db> <store> <rows>} backs up generated rows, then verifies the set by decoding it;
 * {@code many <db> <store> 0} backs up the tables in the directory, then verifies the set likewise.
 */
public final class ChildBackup {
    private ChildBackup() {
    }

    public static void main(String[] args) throws Exception {
        PrintStream out = System.out;
        Path db = Path.of(args[1]);
        String store = args[2];
        long n = Long.parseLong(args[3]);
        Behaviour behaviour = switch (args[0]) {
            case "slow" -> Behaviour.normal().slow(n).afterParts(() -> {
                say(out, "PARTS-DONE");
                sleepQuietly(60_000);
            });
            case "big" -> Behaviour.normal().generating(n);
            case "many" -> Behaviour.normal();
            default -> throw new IllegalArgumentException(args[0]);
        };
        Backups backups = TextDb.backups(db, store, Clock.systemUTC(), behaviour);
        BackupManifest m = backups.backup(BackupOptions.defaults(), p -> {
            if (p.part() != null && !p.finished()) {
                say(out, "PROGRESS " + p.part() + " " + p.rows());
            }
        });
        say(out, "DONE " + m.id() + " " + m.totalRows() + " " + m.rawBytes() + " " + m.storedBytes());
        if (!args[0].equals("slow")) {
            VerifyReport r = backups.catalog().verify(m.id(), VerifyLevel.DECODE, ProgressListener.none());
            say(out, "VERIFIED " + r.ok() + " " + r.problems());
        }
    }

    private static void say(PrintStream out, String line) {
        synchronized (out) {
            out.println(line);
            out.flush();
        }
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
