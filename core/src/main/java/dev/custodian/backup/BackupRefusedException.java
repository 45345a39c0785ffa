package dev.custodian.backup;

import java.util.List;

/**
 * A backup refused because the database holds objects the strategy cannot reproduce. The message
 * is one line naming a few; {@link #objects()} lists every one, so that an operator sees them all
 * at once (the command-line tool prints them, and {@code --json} gives them as a list).
 */
public class BackupRefusedException extends BackupException {
    private final List<RefusedObject> objects;

    public BackupRefusedException(String message, List<RefusedObject> objects) {
        super(message);
        this.objects = List.copyOf(objects);
    }

    public BackupRefusedException(String message, List<RefusedObject> objects, Throwable cause) {
        super(message, cause);
        this.objects = List.copyOf(objects);
    }

    /** Every object the strategy cannot reproduce. */
    public List<RefusedObject> objects() {
        return objects;
    }

    /**
     * The one-line summary of a refusal: how many objects of how many kinds, the first few named.
     *
     * @param strategy the strategy's name
     * @param objects every refused object
     * @param advice what to do, ending the line
     */
    public static String summary(String strategy, List<RefusedObject> objects, String advice) {
        long kinds = objects.stream().map(RefusedObject::kind).distinct().count();
        int shown = Math.min(5, objects.size());
        StringBuilder sb = new StringBuilder("backup refused: the ").append(strategy).append(" strategy cannot reproduce ")
                .append(objects.size()).append(objects.size() == 1 ? " object" : " objects");
        if (kinds > 1) {
            sb.append(" of ").append(kinds).append(" kinds");
        }
        sb.append(": ");
        for (int i = 0; i < shown; i++) {
            sb.append(i == 0 ? "" : ", ").append(objects.get(i));
        }
        if (objects.size() > shown) {
            sb.append(" and ").append(objects.size() - shown).append(" more (every one in the error's list)");
        }
        return sb.append("; ").append(advice).toString();
    }
}
