package dev.custodian.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.custodian.ConfigurationException;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class EnginePropertiesTest {
    private static final List<String> KEYS = List.of(EngineProperties.POOL_SIZE, EngineProperties.CREATE,
            "x.workers", "x.idleSeconds", "x.trustStorePassword");

    private static Properties props(String... kv) {
        Properties p = new Properties();
        for (int i = 0; i < kv.length; i += 2) {
            p.setProperty(kv[i], kv[i + 1]);
        }
        return p;
    }

    @Test
    void custodianKeysAreTypedAndTheRestGoesToTheDriver() {
        EngineProperties p = EngineProperties.parse("x", props("custodian.poolSize", " 7 ", "custodian.create", "TRUE",
                "custodian.x.idleSeconds", "90", "user", "app", "password", "pw"), KEYS);
        assertThat(p.integer(EngineProperties.POOL_SIZE)).contains(7);
        assertThat(p.bool(EngineProperties.CREATE)).contains(true);
        assertThat(p.seconds("x.idleSeconds")).contains(Duration.ofSeconds(90));
        assertThat(p.integer("x.workers")).isEmpty();
        assertThat(p.driverProperties()).containsOnlyKeys("user", "password");
    }

    @Test
    void anUnknownCustodianKeyIsRefusedNamingItAndTheKnownOnes() {
        assertThatThrownBy(() -> EngineProperties.parse("x", props("custodian.workers", "3"), KEYS))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("custodian.workers").hasMessageContaining("engine x")
                .hasMessageContaining("custodian.x.workers").hasMessageContaining("custodian.poolSize")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }

    @Test
    void valuesAreStrictAndSecretValuesAreNeverEchoed() {
        assertThatThrownBy(() -> EngineProperties.parse("x", props("custodian.poolSize", "many"), KEYS).integer("poolSize"))
                .isInstanceOf(ConfigurationException.class).hasMessage("custodian.poolSize of engine x must be a whole number, was 'many'");
        assertThatThrownBy(() -> EngineProperties.parse("x", props("custodian.create", "yes"), KEYS).bool("create"))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("true or false");
        assertThatThrownBy(() -> EngineProperties.parse("x", props("custodian.x.idleSeconds", "0"), KEYS).seconds("x.idleSeconds"))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("positive");
        assertThatThrownBy(() -> EngineProperties.parse("x", props("custodian.x.trustStorePassword", "s3cr3t"), KEYS)
                .integer("x.trustStorePassword")).isInstanceOf(ConfigurationException.class)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("s3cr3t"));
    }

    @Test
    void anEngineKeyOutsideItsOwnNamespaceIsAProgrammingError() {
        assertThatThrownBy(() -> EngineProperties.parse("x", new Properties(), List.of("y.workers")))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
