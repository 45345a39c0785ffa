package dev.custodian.cli;

import dev.custodian.internal.TextTable;

import dev.custodian.Custodian;
import dev.custodian.backup.BackupManifest;
import dev.custodian.backup.BackupSummary;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code list}: the backup sets in a store, oldest first. */
@Command(name = "list", sortOptions = false,
        description = {"Lists the complete backup sets in a store, oldest first: id, time, engine, database, "
                + "parts, rows, size.",
            "Incomplete sets (no manifest: a backup that was interrupted or is still running) are never "
                    + "restorable and are left out; --all shows them too, marked INCOMPLETE."})
final class ListCommand extends CliCommand {
    @Option(names = "--from", required = true, paramLabel = StoreOption.LABEL, description = StoreOption.DESCRIPTION)
    String store;

    @Option(names = "--all", description = "Also show incomplete sets.")
    boolean all;

    @Option(names = "--json", description = "Print the list as JSON.")
    boolean json;

    @Override
    public Integer call() {
        List<BackupSummary> sets;
        try (var catalog = StoreOption.open(store)) {
            sets = all ? catalog.listAll() : catalog.list();
        }
        if (json) {
            List<Map<String, Object>> rows = new ArrayList<>();
            sets.forEach(s -> rows.add(toMap(s)));
            print(JsonOutput.write(rows));
        } else if (sets.isEmpty()) {
            print("No " + (all ? "" : "complete ") + "backups in " + dev.custodian.Secrets.mask(store));
        } else {
            TextTable table = new TextTable("ID", "CREATED", "ENGINE", "DATABASE", "PARTS", "ROWS", "SIZE", "STATUS");
            for (BackupSummary s : sets) {
                BackupManifest m = s.manifest();
                if (m == null) {
                    table.row(s.id(), Formats.time(s.createdAt()), "-", "-", "-", "-", "-", "INCOMPLETE");
                } else {
                    table.row(s.id(), Formats.time(s.createdAt()), m.engine(), m.database(), m.parts().size(),
                            m.totalRows(), Formats.bytes(m.storedBytes()), "complete");
                }
            }
            print(table.render());
        }
        return ExitCodes.OK;
    }

    private static Map<String, Object> toMap(BackupSummary s) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("id", s.id());
        row.put("complete", s.complete());
        row.put("createdAt", s.createdAt() == null ? null : s.createdAt().toString());
        BackupManifest m = s.manifest();
        if (m != null) {
            row.put("engine", m.engine());
            row.put("serverVersion", m.serverVersion());
            row.put("database", m.database());
            row.put("strategy", m.strategy());
            row.put("finishedAt", m.finishedAt() == null ? null : m.finishedAt().toString());
            row.put("compression", m.compression().name().toLowerCase(java.util.Locale.ROOT));
            row.put("schemaOnly", m.options().schemaOnly());
            row.put("dataOnly", m.options().dataOnly());
            row.put("tables", m.options().tables());
            row.put("parts", m.parts().size());
            row.put("rows", m.totalRows());
            row.put("storedBytes", m.storedBytes());
            row.put("rawBytes", m.rawBytes());
        }
        return row;
    }
}
