package dev.custodian.example.spring;

import dev.custodian.backup.BackupManifest;
import dev.custodian.backup.BackupOptions;
import dev.custodian.backup.BackupSummary;
import dev.custodian.backup.ProgressListener;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;

/**
 * {@code /actuator/backups}: GET lists the complete sets of {@code --custodian.store}, newest
 * first; POST takes a backup now (what a schedule would run).
 */
@Endpoint(id = "backups")
class BackupsEndpoint {
    private final BackupStore store;

    BackupsEndpoint(BackupStore store) {
        this.store = store;
    }

    @ReadOperation
    Map<String, Object> list() {
        Map<String, Object> out = new LinkedHashMap<>();
        if (!store.configured()) {
            out.put("store", null);
            out.put("backups", List.of());
            return out;
        }
        out.put("store", store.catalog().location());
        List<Map<String, Object>> sets = new ArrayList<>();
        for (BackupSummary s : store.catalog().list()) {
            sets.add(0, describe(s.manifest()));
        }
        out.put("backups", sets);
        return out;
    }

    @WriteOperation
    Map<String, Object> backup() {
        if (!store.configured()) {
            throw new IllegalStateException("no backup store: start with --custodian.store=DIR");
        }
        return describe(store.backups().backup(BackupOptions.defaults(), ProgressListener.none()));
    }

    private static Map<String, Object> describe(BackupManifest m) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("id", m.id());
        d.put("startedAt", String.valueOf(m.startedAt()));
        d.put("finishedAt", String.valueOf(m.finishedAt()));
        d.put("rows", m.totalRows());
        d.put("storedBytes", m.storedBytes());
        d.put("encrypted", m.encrypted());
        return d;
    }
}
