package dev.custodian.internal;

import java.util.ArrayList;
import java.util.List;

/** Renders rows as aligned plain-text columns; the last column is never padded. */
public final class TextTable {
    private final String[] headers;
    private final List<String[]> rows = new ArrayList<>();

    public TextTable(String... headers) {
        this.headers = headers.clone();
    }

    public TextTable row(String... cells) {
        String[] row = new String[headers.length];
        for (int i = 0; i < headers.length; i++) {
            String cell = i < cells.length && cells[i] != null ? cells[i] : "";
            row[i] = cell.replace('\n', ' ');
        }
        rows.add(row);
        return this;
    }

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
