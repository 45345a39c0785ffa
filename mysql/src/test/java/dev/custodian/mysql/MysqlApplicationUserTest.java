package dev.custodian.mysql;

import static org.assertj.core.api.Assertions.assertThat;

import dev.custodian.Custodian;
import dev.custodian.health.HealthReport;
import dev.custodian.health.HealthStatus;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * An application account with rights on its own database only: readiness stays UP, probes it may
 * not run say so, the security probe finds no global privilege, its password never shows.
 */
class MysqlApplicationUserTest {

    @Test
    void anAccountWithoutServerPrivilegesIsReadyAndItsPasswordIsMasked() throws Exception {
        String user = "cust_app_" + UUID.randomUUID().toString().substring(0, 8);
        String password = "s3cret-" + UUID.randomUUID().toString().substring(0, 8);
        try (TestDatabase t = TestDatabase.create("appuser")) {
            t.sql("CREATE USER '" + user + "'@'%' IDENTIFIED BY '" + password + "'",
                    "GRANT ALL ON `" + t.name + "`.* TO '" + user + "'@'%'",
                    "CREATE TABLE acc (id INT PRIMARY KEY)");
            try {
                String url = t.url().replace("user=root", "user=" + user + "&password=" + password);
                try (Custodian db = Custodian.connect(url)) {
                    assertThat(db.info().target()).doesNotContain(password).contains(user);
                    HealthReport ready = db.readiness();
                    assertThat(ready.status()).as(ready.toText()).isEqualTo(HealthStatus.UP);
                    assertThat(ready.probe("replication").orElseThrow().summary()).contains("not checked", "privilege");
                    HealthReport all = db.health();
                    assertThat(all.probe("lock-waits").orElseThrow().summary()).contains("not checked");
                    assertThat(all.probe("security").orElseThrow().status()).isEqualTo(HealthStatus.UP);
                    assertThat(all.probe("security").orElseThrow().summary()).contains("no security finding", "not checked");
                    assertThat(all.toText() + all.toJson()).doesNotContain(password);
                }
            } finally {
                t.sql("DROP USER IF EXISTS '" + user + "'@'%'");
            }
        }
    }
}
