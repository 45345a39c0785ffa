package dev.custodian.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.custodian.Custodian;
import dev.custodian.backup.BackupCheck;
import dev.custodian.backup.BackupOptions;
import dev.custodian.backup.BackupRefusedException;
import dev.custodian.backup.ProgressListener;
import dev.custodian.backup.RefusedObject;
import dev.custodian.backup.RestoreOptions;
import dev.custodian.backup.RestoreRefusedException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.Properties;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Owners and privileges across servers' roles: a restore whose roles are missing is refused before
 * it changes anything, naming them, and goes through with {@code noOwner} / {@code noPrivileges};
 * a backup taken by a role that cannot read every object is refused listing each of them, which a
 * check finds without taking it.
 */
class PgOwnershipTest {
    @TempDir
    Path dir;

    private static String unique(String prefix) {
        return prefix + UUID.randomUUID().toString().substring(0, 8);
    }

    private static void admin(String adminUrl, String sql) throws Exception {
        try (Connection c = DriverManager.getConnection(adminUrl); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private static Properties props(String key, String value) {
        Properties p = new Properties();
        p.setProperty(key, value);
        return p;
    }

    @Test
    void aTargetWithoutTheOwnerRoleIsRefusedUnchangedAndNoOwnerRestoresIntoTheRestoringRole() throws Exception {
        String gone = unique("custodian_gone_owner_");
        Path store = dir.resolve("owner");
        String adminUrl;
        String schema;
        java.util.Map<String, String> rows;
        try (PgTestDatabase source = PgTestDatabase.create()) {
            adminUrl = source.adminUrl();
            admin(adminUrl, "CREATE ROLE " + gone + " NOLOGIN");
            source.execute("CREATE TABLE public.kept (id int PRIMARY KEY, note text); INSERT INTO public.kept"
                    + " SELECT g, 'n' || g FROM generate_series(1, 25) g; ALTER TABLE public.kept OWNER TO " + gone
                    + "; CREATE FUNCTION public.twice(int) RETURNS int LANGUAGE sql AS 'SELECT $1 * 2';"
                    + " ALTER FUNCTION public.twice(int) OWNER TO " + gone);
            try (Custodian c = Custodian.connect(source.url)) {
                c.backups(store).backup(BackupOptions.defaults(), ProgressListener.none());
            }
            rows = source.checksums();
            schema = PgTools.schema(source.url);
        }
        admin(adminUrl, "DROP ROLE " + gone);
        try (PgTestDatabase target = PgTestDatabase.create()) {
            String before = PgTools.schema(target.url);
            try (Custodian c = Custodian.connect(target.url)) {
                assertThatThrownBy(() -> c.backups(store).restore("latest", RestoreOptions.defaults(), ProgressListener.none()))
                        .isInstanceOf(RestoreRefusedException.class)
                        .hasMessageContaining("role " + gone + " does not exist")
                        .hasMessageContaining("nothing was changed").hasMessageContaining("--no-owner");
            }
            assertThat(PgTools.schema(target.url)).isEqualTo(before);
            try (Custodian c = Custodian.connect(target.url, props("custodian.postgresql.noOwner", "true"))) {
                c.backups(store).restore("latest", RestoreOptions.defaults(), ProgressListener.none());
            }
            String restorer = target.value("SELECT current_user");
            assertThat(target.value("SELECT pg_get_userbyid(relowner) FROM pg_class WHERE oid = 'public.kept'::regclass"))
                    .isEqualTo(restorer);
            assertThat(target.value("SELECT pg_get_userbyid(proowner) FROM pg_proc WHERE proname = 'twice'"))
                    .isEqualTo(restorer);
            assertThat(target.checksums()).isEqualTo(rows);
            assertThat(PgTools.schema(target.url)).isEqualTo(schema.replace(gone, restorer));
        }
    }

    @Test
    void aTargetWithoutAGranteeIsRefusedUntilPrivilegesAreLeftOut() throws Exception {
        String gone = unique("custodian_gone_reader_");
        Path store = dir.resolve("grantee");
        String adminUrl;
        try (PgTestDatabase source = PgTestDatabase.create()) {
            adminUrl = source.adminUrl();
            admin(adminUrl, "CREATE ROLE " + gone + " NOLOGIN");
            source.execute("CREATE TABLE public.shared (id int); GRANT SELECT ON public.shared TO " + gone);
            try (Custodian c = Custodian.connect(source.url)) {
                c.backups(store).backup(BackupOptions.defaults(), ProgressListener.none());
            }
            source.execute("REVOKE ALL ON public.shared FROM " + gone);
        }
        admin(adminUrl, "DROP ROLE " + gone);
        try (PgTestDatabase target = PgTestDatabase.create()) {
            try (Custodian c = Custodian.connect(target.url, props("custodian.postgresql.noOwner", "true"))) {
                assertThatThrownBy(() -> c.backups(store).restore("latest", RestoreOptions.defaults(), ProgressListener.none()))
                        .isInstanceOf(RestoreRefusedException.class).hasMessageContaining(gone)
                        .hasMessageContaining("--no-privileges");
            }
            assertThat(target.value("SELECT to_regclass('public.shared')")).isNull();
            try (Custodian c = Custodian.connect(target.url, props("custodian.postgresql.noPrivileges", "true"))) {
                c.backups(store).restore("latest", RestoreOptions.defaults(), ProgressListener.none());
            }
            assertThat(target.value("SELECT relacl IS NULL FROM pg_class WHERE oid = 'public.shared'::regclass"))
                    .isEqualTo("t");
        }
    }

    @Test
    void aBackupByARoleThatCannotReadEverySubscriptionIsRefusedListingThemAllAndACheckFindsThemFirst()
            throws Exception {
        String login = unique("custodian_reader_login_");
        String password = UUID.randomUUID().toString();
        try (PgTestDatabase source = PgTestDatabase.create()) {
            admin(source.adminUrl(), "CREATE ROLE " + login + " LOGIN PASSWORD '" + password + "'");
            try {
                StringBuilder sql = new StringBuilder("CREATE TABLE public.t (id int); GRANT SELECT ON public.t TO " + login);
                for (int i = 1; i <= 7; i++) {
                    sql.append("; CREATE SUBSCRIPTION sub_").append(i).append(" CONNECTION 'host=127.0.0.1 dbname=none"
                            + " password=never-shown' PUBLICATION p WITH (connect = false, slot_name = NONE)");
                }
                source.execute(sql.toString());
                String asLogin = PgTestDatabase.urlAs(source.url, login, password);
                Path store = dir.resolve("refused");
                try (Custodian c = Custodian.connect(asLogin)) {
                    BackupCheck check = c.checkBackup(BackupOptions.defaults());
                    assertThat(check.ok()).isFalse();
                    assertThat(check.refused()).extracting(RefusedObject::name)
                            .containsExactly("sub_1", "sub_2", "sub_3", "sub_4", "sub_5", "sub_6", "sub_7");
                    assertThat(check.toText()).contains("7 objects would be refused", "subscription sub_7");
                    assertThat(check.toJson()).contains("\"name\" : \"sub_7\"");
                    assertThatThrownBy(() -> c.backups(store).backup(BackupOptions.defaults(), ProgressListener.none()))
                            .isInstanceOfSatisfying(BackupRefusedException.class, e -> {
                                assertThat(e.objects()).hasSize(7).allMatch(o -> o.kind().equals("subscription"));
                                assertThat(e.getMessage()).contains("7 objects", "sub_1", "and 2 more")
                                        .doesNotContain("never-shown");
                            });
                }
                assertThat(Custodian.catalog(store).list()).isEmpty();
                try (Custodian c = Custodian.connect(source.url)) {
                    assertThat(c.checkBackup(BackupOptions.defaults()).ok()).isTrue();
                }
            } finally {
                source.close();
                admin(source.adminUrl(), "DROP ROLE IF EXISTS " + login);
            }
        }
    }
}
