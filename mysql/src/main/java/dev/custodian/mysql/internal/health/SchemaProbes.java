package dev.custodian.mysql.internal.health;

import dev.custodian.mysql.internal.Fragmented;
import dev.custodian.mysql.internal.MysqlDatabase;

import dev.custodian.spi.jdbc.JdbcProbe;
import dev.custodian.spi.jdbc.Sql;
import static dev.custodian.internal.ByteSize.format;

import dev.custodian.health.CheckResult;
import dev.custodian.health.HealthStatus;
import dev.custodian.health.ProbeGroup;
import dev.custodian.health.Threshold;
import java.math.BigInteger;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Probes of the managed database's tables, and the server's accounts. */
final class SchemaProbes {
    private SchemaProbes() {
    }

    static JdbcProbe fragmentation(MysqlDatabase db) {
        return JdbcProbe.of(db, "table-fragmentation", ProbeGroup.DIAGNOSTIC, Threshold.degradedAbove(30, "%"), (c, t) -> {
            List<Fragmented.Table> tables = Fragmented.tables(c, db.name(), Fragmented.MIN_BYTES);
            Fragmented.Table worst = tables.isEmpty() ? null : tables.get(0);
            if (worst == null) {
                return CheckResult.up("no table of " + format(Fragmented.MIN_BYTES) + " or more has free space").with("worstPercent", 0.0);
            }
            HealthStatus s = t.classify(worst.freePercent());
            long bad = tables.stream().filter(x -> t.classify(x.freePercent()) != HealthStatus.UP).count();
            return new CheckResult(s, "most fragmented: " + worst.name() + " with " + format(worst.dataFree()) + " free ("
                    + worst.freePercent() + " %)" + (s == HealthStatus.UP ? "" : "; " + bad
                    + " table(s) past the threshold: run the optimize task"), Map.of())
                    .with("worstTable", worst.name()).with("worstPercent", worst.freePercent())
                    .with("worstFreeBytes", worst.dataFree());
        });
    }

    static JdbcProbe autoIncrement(MysqlDatabase db) {
        return JdbcProbe.of(db, "auto-increment-overflow", ProbeGroup.DIAGNOSTIC, Threshold.above(90, 99, "%"), (c, t) -> {
            List<Map<String, Object>> rows = Sql.rows(c, "SELECT t.TABLE_NAME AS tbl, c.COLUMN_NAME AS col, c.DATA_TYPE AS type,"
                    + " c.COLUMN_TYPE AS ctype, t.AUTO_INCREMENT AS next FROM information_schema.TABLES t"
                    + " JOIN information_schema.COLUMNS c ON c.TABLE_SCHEMA = t.TABLE_SCHEMA AND c.TABLE_NAME = t.TABLE_NAME"
                    + " WHERE t.TABLE_SCHEMA = ? AND c.EXTRA LIKE '%auto_increment%' AND t.AUTO_INCREMENT IS NOT NULL", db.name());
            double worst = 0;
            String worstName = null;
            for (Map<String, Object> r : rows) {
                BigInteger max = maxOf(String.valueOf(r.get("type")), String.valueOf(r.get("ctype")));
                if (max == null) {
                    continue;
                }
                double used = new java.math.BigDecimal(String.valueOf(r.get("next"))).subtract(java.math.BigDecimal.ONE)
                        .multiply(java.math.BigDecimal.valueOf(100)).divide(new java.math.BigDecimal(max), 1,
                                java.math.RoundingMode.HALF_UP).doubleValue();
                if (worstName == null || used > worst) {
                    worst = used;
                    worstName = r.get("tbl") + "." + r.get("col") + " (" + r.get("ctype") + ")";
                }
            }
            if (worstName == null) {
                return CheckResult.up("no auto-increment column").with("worstPercent", 0.0);
            }
            HealthStatus s = t.classify(worst);
            return new CheckResult(s, "auto-increment closest to its maximum: " + worstName + " at " + worst + " %"
                    + (s == HealthStatus.UP ? "" : "; widen the column (BIGINT UNSIGNED) before inserts fail"), Map.of())
                    .with("worstColumn", worstName).with("worstPercent", worst);
        });
    }

    static BigInteger maxOf(String dataType, String columnType) {
        boolean unsigned = columnType.toLowerCase(Locale.ROOT).contains("unsigned");
        int bits = switch (dataType.toLowerCase(Locale.ROOT)) {
            case "tinyint" -> 8;
            case "smallint" -> 16;
            case "mediumint" -> 24;
            case "int", "integer" -> 32;
            case "bigint" -> 64;
            default -> -1;
        };
        if (bits < 0) {
            return null;
        }
        return BigInteger.TWO.pow(unsigned ? bits : bits - 1).subtract(BigInteger.ONE);
    }

    static JdbcProbe withoutPrimaryKey(MysqlDatabase db) {
        return JdbcProbe.of(db, "tables-without-primary-key", ProbeGroup.DIAGNOSTIC, Threshold.degradedAbove(1, "tables"), (c, t) -> {
            List<Map<String, Object>> rows = Sql.rows(c, "SELECT t.TABLE_NAME AS name FROM information_schema.TABLES t"
                    + " WHERE t.TABLE_SCHEMA = ? AND t.TABLE_TYPE = 'BASE TABLE' AND NOT EXISTS (SELECT 1 FROM"
                    + " information_schema.TABLE_CONSTRAINTS k WHERE k.TABLE_SCHEMA = t.TABLE_SCHEMA"
                    + " AND k.TABLE_NAME = t.TABLE_NAME AND k.CONSTRAINT_TYPE = 'PRIMARY KEY') ORDER BY t.TABLE_NAME", db.name());
            List<String> names = rows.stream().map(r -> String.valueOf(r.get("name"))).toList();
            HealthStatus s = t.classify(names.size());
            String summary = names.isEmpty() ? "every table has a primary key"
                    : names.size() + " table(s) without a primary key: " + String.join(", ", names.subList(0, Math.min(10, names.size())))
                            + "; InnoDB then clusters on a hidden key and row-based replication scans whole tables";
            return new CheckResult(s, summary, Map.of()).with("count", names.size()).with("tables", names);
        });
    }

    static JdbcProbe databaseSize(MysqlDatabase db) {
        return JdbcProbe.of(db, "database-size", ProbeGroup.DIAGNOSTIC, null, (c, t) -> {
            List<Map<String, Object>> rows = Sql.rows(c, "SELECT TABLE_NAME AS name, COALESCE(DATA_LENGTH, 0) + COALESCE(INDEX_LENGTH, 0)"
                    + " AS size, TABLE_ROWS AS est FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? AND TABLE_TYPE <> 'VIEW'"
                    + " ORDER BY size DESC", db.name());
            long total = rows.stream().mapToLong(r -> Sql.asLong(r.get("size"))).sum();
            CheckResult r = CheckResult.up("database " + db.name() + ": " + format(total) + " in " + rows.size() + " table(s)"
                    + (rows.isEmpty() ? "" : "; largest " + rows.get(0).get("name") + " " + format(Sql.asLong(rows.get(0).get("size")))))
                    .with("totalBytes", total).with("tables", rows.size());
            List<String> largest = new ArrayList<>();
            for (Map<String, Object> row : rows.subList(0, Math.min(5, rows.size()))) {
                largest.add(row.get("name") + " " + format(Sql.asLong(row.get("size"))) + " (~" + row.get("est") + " rows)");
            }
            return r.with("largest", largest);
        });
    }

    static JdbcProbe security(MysqlDatabase db) {
        return JdbcProbe.of(db, "security", ProbeGroup.DIAGNOSTIC, Threshold.degradedAbove(1, "findings"), (c, t) -> {
            List<String> findings = new ArrayList<>();
            String accounts = "checked";
            try {
                for (Map<String, Object> r : Sql.rows(c, "SELECT User AS u, Host AS h FROM mysql.user WHERE User = ''")) {
                    findings.add("anonymous account ''@'" + r.get("h") + "'");
                }
                for (Map<String, Object> r : Sql.rows(c, "SELECT User AS u, Host AS h FROM mysql.user WHERE User = 'root'"
                        + " AND Host NOT IN ('localhost', '127.0.0.1', '::1')")) {
                    findings.add("root reachable from '" + r.get("h") + "'");
                }
                for (Map<String, Object> r : Sql.rows(c, "SELECT User AS u, Host AS h FROM mysql.user WHERE authentication_string = ''"
                        + " AND plugin IN ('', 'mysql_native_password', 'caching_sha2_password', 'sha256_password')"
                        + (db.flavour() == MysqlDatabase.Flavour.MARIADB ? " AND IFNULL(Password, '') = ''" : ""))) {
                    findings.add("account '" + r.get("u") + "'@'" + r.get("h") + "' has no password");
                }
            } catch (SQLException noPrivilege) {
                accounts = "not checked: this account cannot read mysql.user";
            }
            boolean global = Sql.show(c, "SHOW GRANTS").stream().map(r -> String.valueOf(r.values().iterator().next()))
                    .anyMatch(g -> g.matches("(?s)GRANT .* ON \\*\\.\\* TO .*")
                            && g.matches("(?s)GRANT [^`']*(ALL PRIVILEGES|SUPER|FILE|SHUTDOWN|PROCESS|CREATE USER|RELOAD).*"));
            if (global) {
                findings.add("this application's account " + Sql.string(c, "SELECT CURRENT_USER()")
                        + " has global privileges; give it rights on its own database only");
            }
            String cipher = MysqlDatabase.variables(c, "SHOW SESSION STATUS LIKE 'Ssl\\_cipher'").getOrDefault("ssl_cipher", "");
            String host = Sql.string(c, "SELECT HOST FROM information_schema.PROCESSLIST WHERE ID = CONNECTION_ID()");
            String peer = host == null ? "" : host.replaceAll(":\\d+$", "");
            boolean local = peer.isEmpty() || peer.equals("localhost") || peer.equals("127.0.0.1") || peer.equals("::1");
            if ((cipher == null || cipher.isBlank()) && !local) {
                findings.add("connected from " + peer + " without TLS; use sslMode=verify-full");
            }
            HealthStatus s = t.classify(findings.size());
            return new CheckResult(s, (findings.isEmpty() ? "no security finding" : findings.size() + " finding(s): "
                    + String.join("; ", findings)) + (accounts.equals("checked") ? "" : " (accounts " + accounts + ")"), Map.of())
                    .with("findings", findings).with("accounts", accounts).with("tls", cipher != null && !cipher.isBlank());
        });
    }
}
