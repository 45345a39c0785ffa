package dev.custodian.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.custodian.Secrets;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class SecretsTest {

    @Test
    void masksPasswordsInUrls() {
        assertThat(Secrets.mask("jdbc:postgresql://app:s3cr3t@db:5432/shop?sslmode=require"))
                .isEqualTo("jdbc:postgresql://app:****@db:5432/shop?sslmode=require");
        assertThat(Secrets.mask("jdbc:postgresql://db/shop?user=app&password=s3cr3t&ssl=true"))
                .isEqualTo("jdbc:postgresql://db/shop?user=app&password=****&ssl=true");
        assertThat(Secrets.mask("jdbc:mysql://db/shop;password=s3cr3t")).doesNotContain("s3cr3t");
        assertThat(Secrets.mask("redis://default:s3cr3t@cache:6379/2")).isEqualTo("redis://default:****@cache:6379/2");
        assertThat(Secrets.mask("jdbc:sqlite:/data/app.db")).isEqualTo("jdbc:sqlite:/data/app.db");
        assertThat(Secrets.mask("s3://key:sec/ret+x@bucket/prefix")).isEqualTo("s3://key:****@bucket/prefix");
        assertThat(Secrets.mask("see http://host/path and mailto:a@b")).isEqualTo("see http://host/path and mailto:a@b");
    }

    @Test
    void masksSecretsInsideMessages() {
        String message = "Connection to redis://u:hunter2@10.0.0.1:6379 refused; retry with PASSWORD=hunter2";
        assertThat(Secrets.mask(message)).doesNotContain("hunter2").contains("redis://u:****@10.0.0.1:6379");
    }

    @Test
    void masksSecretProperties() {
        Properties p = new Properties();
        p.setProperty("user", "app");
        p.setProperty("password", "s3cr3t");
        p.setProperty("sslpassword", "k3y");
        p.setProperty("ApplicationName", "shop");
        Map<String, String> masked = Secrets.mask(p);
        assertThat(masked).containsEntry("user", "app").containsEntry("password", "****")
                .containsEntry("sslpassword", "****").containsEntry("ApplicationName", "shop");
        assertThat(masked.toString()).doesNotContain("s3cr3t").doesNotContain("k3y");
    }

    @Test
    void exceptionMessagesAreOneMaskedLine() {
        Exception e = new RuntimeException("outer", new IllegalStateException("failed\n  for postgresql://a:pw@h/db"));
        assertThat(Messages.describe(e)).isEqualTo("outer");
        Exception blank = new RuntimeException(null, new IllegalStateException("failed\n  for postgresql://a:pw@h/db"));
        assertThat(Messages.describe(blank)).isEqualTo("failed for postgresql://a:****@h/db");
    }
}
