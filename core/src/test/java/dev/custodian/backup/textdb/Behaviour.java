package dev.custodian.backup.textdb;

/**
 * How the text database's strategy misbehaves, for tests.
 *
 * @param delayMillisPerRow sleep after each row written (slow backups for kill tests)
 * @param failAfterRows throw after this many rows in total, or -1
 * @param serverVersionFact a server version the strategy records during the backup, or null
 * @param generatedRows rows of a synthetic table {@code generated} produced on the fly, not read from a file
 * @param afterParts run after every part is closed, before the strategy returns
 */
public record Behaviour(long delayMillisPerRow, long failAfterRows, String serverVersionFact, long generatedRows,
        Runnable afterParts) {

    public static Behaviour normal() {
        return new Behaviour(0, -1, null, 0, () -> { });
    }

    public Behaviour slow(long millisPerRow) {
        return new Behaviour(millisPerRow, failAfterRows, serverVersionFact, generatedRows, afterParts);
    }

    public Behaviour failingAfter(long rows) {
        return new Behaviour(delayMillisPerRow, rows, serverVersionFact, generatedRows, afterParts);
    }

    public Behaviour withServerVersionFact(String v) {
        return new Behaviour(delayMillisPerRow, failAfterRows, v, generatedRows, afterParts);
    }

    public Behaviour generating(long rows) {
        return new Behaviour(delayMillisPerRow, failAfterRows, serverVersionFact, rows, afterParts);
    }

    public Behaviour afterParts(Runnable r) {
        return new Behaviour(delayMillisPerRow, failAfterRows, serverVersionFact, generatedRows, r);
    }
}
