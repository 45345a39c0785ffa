package dev.custodian.migration.internal;

import dev.custodian.migration.SchemaDump;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What differs between two schema dumps, as lines a person reads: {@code - } for what the first
 * dump has and the second lacks, {@code + } for what the second has in addition. Definitions of the
 * same object (the same first words, up to the first parenthesis) are compared item by item, so a
 * column left behind reads as one {@code +} line naming the table.
 */
final class SchemaDiff {
    private static final int MAX_LINE = 240;

    private SchemaDiff() {
    }

    static List<String> between(SchemaDump before, SchemaDump after) {
        List<String> missing = new ArrayList<>(before.definitions());
        List<String> extra = new ArrayList<>();
        for (String d : after.definitions()) {
            if (!missing.remove(d)) {
                extra.add(d);
            }
        }
        List<String> out = new ArrayList<>();
        Map<String, String> extraByHead = new LinkedHashMap<>();
        for (String d : extra) {
            extraByHead.putIfAbsent(head(d), d);
        }
        for (String d : missing) {
            String head = head(d);
            String paired = extraByHead.remove(head);
            if (paired == null) {
                out.add(cut("- " + d.replaceAll("\\s*\\R\\s*", " ")));
                continue;
            }
            extra.remove(paired);
            List<String> was = items(d);
            List<String> now = items(paired);
            List<String> gone = new ArrayList<>(was);
            List<String> added = new ArrayList<>();
            for (String i : now) {
                if (!gone.remove(i)) {
                    added.add(i);
                }
            }
            for (String i : gone) {
                out.add(cut("- " + head + ": " + i));
            }
            for (String i : added) {
                out.add(cut("+ " + head + ": " + i));
            }
            if (gone.isEmpty() && added.isEmpty()) {
                out.add(cut("~ " + head + ": same items in another order"));
            }
        }
        for (String d : extra) {
            out.add(cut("+ " + d.replaceAll("\\s*\\R\\s*", " ")));
        }
        return out;
    }

    /** The words before the first parenthesis of the first line: {@code CREATE TABLE public.rental}. */
    static String head(String definition) {
        String first = definition.lines().findFirst().orElse("");
        int paren = first.indexOf('(');
        return (paren < 0 ? first : first.substring(0, paren)).strip();
    }

    /**
     * The items of a definition: its lines, split too at the commas between its outermost
     * parentheses and at those parentheses themselves (outside quotes), trailing commas and bare
     * parentheses dropped. A column SQLite appended to the last line of a table's definition is
     * an item of its own.
     */
    static List<String> items(String definition) {
        List<String> out = new ArrayList<>();
        int depth = 0;
        char quote = 0;
        StringBuilder item = new StringBuilder();
        for (int i = 0; i < definition.length(); i++) {
            char ch = definition.charAt(i);
            if (quote != 0) {
                if (ch == quote) {
                    quote = 0;
                }
            } else if (ch == '\'' || ch == '"' || ch == '`') {
                quote = ch;
            } else if (ch == '\n' || (ch == ',' && depth == 1)) {
                add(out, item.toString());
                item.setLength(0);
                continue;
            } else if (ch == '(') {
                depth++;
                if (depth == 1) {
                    add(out, item.toString());
                    item.setLength(0);
                    continue;
                }
            } else if (ch == ')') {
                depth--;
                if (depth == 0) {
                    add(out, item.toString());
                    item.setLength(0);
                    continue;
                }
            }
            item.append(ch);
        }
        add(out, item.toString());
        return out;
    }

    private static void add(List<String> items, String item) {
        String s = item.strip();
        while (s.endsWith(",")) {
            s = s.substring(0, s.length() - 1).strip();
        }
        if (!s.isEmpty()) {
            items.add(s);
        }
    }

    private static String cut(String line) {
        return line.length() <= MAX_LINE ? line : line.substring(0, MAX_LINE - 1) + "…";
    }
}
