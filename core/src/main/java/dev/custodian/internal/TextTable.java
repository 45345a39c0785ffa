package dev.custodian.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * Aligned plain-text columns, as Custodian's reports render them: the header first, two spaces
 * between columns, the last column never padded. For tools that print listings beside the reports.
 */
public final class TextTable {
    private final String[] headers;
    private final List<String[]> rows = new ArrayList<>();

    public TextTable(String... headers) {
        this.headers = headers.clone();
    }

    /** Adds a row; missing or null cells are empty, values are shown with {@code toString()}. */
    public TextTable row(Object... cells) {
        String[] row = new String[headers.length];
        for (int i = 0; i < headers.length; i++) {
            String cell = i < cells.length && cells[i] != null ? cells[i].toString() : "";
            row[i] = cell.replace('\n', ' ');
        }
        rows.add(row);
        return this;
    }

    /** The header and every row, one line each. */
    public String render() {
        int[] widths = new int[headers.length];
        for (int i = 0; i < headers.length; i++) {
            widths[i] = headers[i].length();
            for (String[] row : rows) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        StringBuilder sb = new StringBuilder();
        append(sb, headers, widths);
        for (String[] row : rows) {
            append(sb, row, widths);
        }
        return sb.toString();
    }

    private static void append(StringBuilder sb, String[] cells, int[] widths) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < cells.length; i++) {
            line.append(cells[i]);
            if (i < cells.length - 1) {
                line.append(" ".repeat(widths[i] - cells[i].length() + 2));
            }
        }
        sb.append(line.toString().stripTrailing()).append('\n');
    }
}
