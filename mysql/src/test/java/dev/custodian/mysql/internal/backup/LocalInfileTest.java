package dev.custodian.mysql.internal.backup;

import static org.assertj.core.api.Assertions.assertThat;

import dev.custodian.mysql.internal.MysqlUrl;
import dev.custodian.testsupport.TestServers;
import java.sql.Connection;
import java.sql.DriverManager;
import org.junit.jupiter.api.Test;

/** LOAD DATA LOCAL is found to work, or not, by what the driver allows, for both drivers. */
class LocalInfileTest {
    private static String url(String scheme, String query) {
        MysqlUrl server = MysqlUrl.parse(TestServers.url(TestServers.MYSQL)).withDatabase("mysql");
        String base = scheme.equals("mysql") ? "jdbc:mysql:" + server.asGiven().substring("jdbc:mariadb:".length())
                : server.forMariadbDriver();
        return base + (base.contains("?") ? "&" : "?") + query;
    }

    private static boolean works(String url) throws Exception {
        try (Connection c = DriverManager.getConnection(url)) {
            boolean works = LocalInfile.works(c);
            // the connection is still usable afterwards, and the probe table is gone
            try (var s = c.createStatement(); var rs = s.executeQuery("SELECT 1")) {
                assertThat(rs.next()).isTrue();
            }
            return works;
        }
    }

    @Test
    void mariadbConnectorJFollowsAllowLocalInfile() throws Exception {
        assertThat(works(url("mariadb", "allowLocalInfile=true"))).isTrue();
        assertThat(works(url("mariadb", "allowLocalInfile=false"))).isFalse();
    }

    @Test
    void mysqlConnectorJFollowsAllowLoadLocalInfile() throws Exception {
        assertThat(works(url("mysql", "allowLoadLocalInfile=true"))).isTrue();
        assertThat(works(url("mysql", "allowLoadLocalInfile=false"))).isFalse();
    }
}
