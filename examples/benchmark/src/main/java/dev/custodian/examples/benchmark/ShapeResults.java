package dev.custodian.examples.benchmark;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The results of a shapes benchmark: per shape and operation, Custodian's time, the peer tool's
 * time on the same data and their ratio; then per operation the worst shape, the overall ratio
 * (sum of our times over the sum of the peer's) and whether the goal is met. Printed as a
 * Markdown table so it goes into the README as it is.
 */
public final class ShapeResults {

    /**
     * One measurement.
     *
     * @param shape the data shape's name
     * @param operation what was timed: backup, restore, ...
     * @param peer the peer tool's command, short
     * @param ours Custodian's seconds
     * @param peerSeconds the peer's seconds
     * @param note size, rows, keys/s: what a reader needs to judge the figure
     */
    public record Row(String shape, String operation, String peer, double ours, double peerSeconds, String note) {
        public double ratio() {
            return ours / peerSeconds;
        }
    }

    private final String engine;
    private final List<Row> rows = new ArrayList<>();
    private final Map<String, Double> goals = new LinkedHashMap<>();
    private final PrintStream out;

    /**
     * @param engine the engine's name, for the headings
     * @param out where each result is printed as it comes, and the tables at the end
     */
    public ShapeResults(String engine, PrintStream out) {
        this.engine = engine;
        this.out = out;
    }

    /** The highest ratio the operation may reach on any shape (1.0: no slower than the peer). */
    public ShapeResults goal(String operation, double maxRatio) {
        goals.put(operation, maxRatio);
        return this;
    }

    /** Records one measurement and prints it at once. */
    public Row add(String shape, String operation, String peer, double ours, double peerSeconds, String note) {
        Row row = new Row(shape, operation, peer, ours, peerSeconds, note == null ? "" : note);
        rows.add(row);
        out.printf(Locale.ROOT, "  %-22s %-8s %-38s %8.2f s   custodian %8.2f s   %5.2fx  %s%n", shape, operation,
                peer, peerSeconds, ours, row.ratio(), row.note());
        out.flush();
        return row;
    }

    public List<Row> rows() {
        return List.copyOf(rows);
    }

    /** The operations measured, in the order first seen. */
    public Set<String> operations() {
        Set<String> ops = new LinkedHashSet<>();
        rows.forEach(r -> ops.add(r.operation()));
        return ops;
    }

    /** The operation's shape with the highest ratio. */
    public Optional<Row> worst(String operation) {
        return rows.stream().filter(r -> r.operation().equals(operation)).max(Comparator.comparingDouble(Row::ratio));
    }

    /** Sum of our times over the sum of the peer's, for one operation over every shape. */
    public double overall(String operation) {
        double ours = 0;
        double peer = 0;
        for (Row r : rows) {
            if (r.operation().equals(operation)) {
                ours += r.ours();
                peer += r.peerSeconds();
            }
        }
        return ours / peer;
    }

    /** Whether every shape meets its operation's goal; true when no goal was set. */
    public boolean goalsMet() {
        return rows.stream().allMatch(r -> !goals.containsKey(r.operation()) || r.ratio() <= goals.get(r.operation()));
    }

    /** A table cell's text: a pipe is escaped so that it does not end the cell. */
    private static String cell(String text) {
        return text.replace("|", "\\|");
    }

    /** Prints the Markdown table and, per operation, the worst shape, the overall ratio and the goal. */
    public void printSummary() {
        out.println();
        out.println("### " + engine + " per shape");
        out.println();
        out.println("| shape | operation | peer | peer | Custodian | ratio | notes |");
        out.println("|---|---|---|---|---|---|---|");
        for (Row r : rows) {
            out.printf(Locale.ROOT, "| %s | %s | `%s` | %.2f s | %.2f s | **%.2fx** | %s |%n", r.shape(), r.operation(),
                    cell(r.peer()), r.peerSeconds(), r.ours(), r.ratio(), cell(r.note()));
        }
        out.println();
        for (String op : operations()) {
            Row worst = worst(op).orElseThrow();
            StringBuilder line = new StringBuilder(String.format(Locale.ROOT,
                    "%s: worst shape %s at %.2fx, overall %.2fx", op, worst.shape(), worst.ratio(), overall(op)));
            Double goal = goals.get(op);
            if (goal != null) {
                long over = rows.stream().filter(r -> r.operation().equals(op) && r.ratio() > goal).count();
                line.append(String.format(Locale.ROOT, "; goal at most %.2fx on every shape: %s", goal,
                        over == 0 ? "met" : "NOT met on " + over + " shape(s)"));
            }
            out.println(line);
        }
        out.flush();
    }
}
