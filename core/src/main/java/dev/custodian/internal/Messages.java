package dev.custodian.internal;

import dev.custodian.Secrets;

/** Turns exceptions into one masked line for reports and errors. */
public final class Messages {
    private Messages() {
    }

    /** The most useful message of an exception chain, secrets masked, on one line. */
    public static String describe(Throwable t) {
        Throwable root = t;
        String message = t.getMessage();
        while ((message == null || message.isBlank()) && root.getCause() != null) {
            root = root.getCause();
            message = root.getMessage();
        }
        if (message == null || message.isBlank()) {
            message = root.getClass().getSimpleName();
        }
        String oneLine = message.strip().replaceAll("\\s*\\R\\s*", " ");
        return Secrets.mask(oneLine);
    }
}
