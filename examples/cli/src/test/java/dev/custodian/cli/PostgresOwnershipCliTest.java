package dev.custodian.cli;

import static dev.custodian.cli.Cli.run;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CLI on PostgreSQL owners, privileges and refusals: {@code restore} refuses a target missing an
 * owner role and {@code --no-owner} restores into it; {@code --no-privileges} leaves grants out;
 * a refused backup lists every object on stderr (and as JSON), which {@code backup --check} lists
 * without taking one.
 */
class PostgresOwnershipCliTest {
    @TempDir
    Path dir;

    private static String unique(String prefix) {
        return prefix + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    }

    @Test
    void aTargetMissingTheOwnerRoleIsRefusedUnchangedAndNoOwnerRestoresIntoTheRestoringRole() throws Exception {
        String gone = unique("custodian_cli_gone_");
        Path store = dir.resolve("store");
        String rows;
        PostgresCliDatabase source = PostgresCliDatabase.create();
        try {
            source.admin("CREATE ROLE " + gone + " NOLOGIN");
            source.execute("CREATE TABLE public.kept (id int); INSERT INTO public.kept SELECT generate_series(1, 9);"
                    + " ALTER TABLE public.kept OWNER TO " + gone);
            run("backup", "--url", source.url, "--to", store.toString()).succeeds();
            rows = source.value("SELECT string_agg(id::text, ',' ORDER BY id) FROM public.kept");
        } finally {
            source.close();
        }
        source.admin("DROP ROLE " + gone);
        try (PostgresCliDatabase target = PostgresCliDatabase.create()) {
            run("restore", "--url", target.url, "--from", store.toString())
                    .failsWith(1, "role " + gone + " does not exist", "nothing was changed", "--no-owner");
            assertThat(target.value("SELECT to_regclass('public.kept')")).isNull();
            run("restore", "--url", target.url, "--from", store.toString(), "--no-owner").succeeds();
            assertThat(target.value("SELECT string_agg(id::text, ',' ORDER BY id) FROM public.kept")).isEqualTo(rows);
            assertThat(target.value("SELECT pg_get_userbyid(relowner) = current_user FROM pg_class"
                    + " WHERE oid = 'public.kept'::regclass")).isEqualTo("t");
        }
    }

    @Test
    void noPrivilegesLeavesGrantsOutOfTheBackupAndOwnersStay() throws Exception {
        try (PostgresCliDatabase source = PostgresCliDatabase.create();
                PostgresCliDatabase target = PostgresCliDatabase.create()) {
            source.execute("CREATE TABLE public.shared (id int); REVOKE ALL ON public.shared FROM PUBLIC;"
                    + " GRANT SELECT ON public.shared TO PUBLIC");
            Path store = dir.resolve("store");
            run("backup", "--url", source.url, "--to", store.toString(), "--no-privileges").succeeds();
            run("restore", "--url", target.url, "--from", store.toString()).succeeds();
            assertThat(source.value("SELECT relacl IS NULL FROM pg_class WHERE relname = 'shared'")).isEqualTo("f");
            assertThat(target.value("SELECT relacl IS NULL FROM pg_class WHERE relname = 'shared'")).isEqualTo("t");
        }
    }

    @Test
    void aRefusedBackupListsEveryObjectAndCheckListsThemWithoutABackup() throws Exception {
        String login = unique("custodian_cli_login_");
        String password = UUID.randomUUID().toString();
        try (PostgresCliDatabase source = PostgresCliDatabase.create()) {
            source.admin("CREATE ROLE " + login + " LOGIN PASSWORD '" + password + "'");
            try {
                StringBuilder sql = new StringBuilder("CREATE TABLE public.t (id int); GRANT SELECT ON public.t TO " + login);
                for (int i = 1; i <= 6; i++) {
                    sql.append("; CREATE SUBSCRIPTION sub_").append(i).append(" CONNECTION 'dbname=none password=unseen'"
                            + " PUBLICATION p WITH (connect = false, slot_name = NONE)");
                }
                source.execute(sql.toString());
                String asLogin = source.urlAs(login, password);
                List<String> names = List.of("sub_1", "sub_2", "sub_3", "sub_4", "sub_5", "sub_6");

                Cli.Run check = run("backup", "--check", "--url", asLogin).exits(1);
                assertThat(check.out()).contains("6 objects would be refused").contains(names);
                assertThat(run("backup", "--check", "--json", "--url", asLogin).exits(1).out()).contains(names);

                Path store = dir.resolve("store");
                Cli.Run refused = run("backup", "--url", asLogin, "--to", store.toString()).exits(1)
                        .neverShows("unseen").neverShows(password);
                List<String> err = refused.err().lines().filter(l -> !l.startsWith("backup:")).toList();
                assertThat(err.get(0)).startsWith("custodian: backup").contains("6 objects", "sub_1", "and 1 more");
                assertThat(err.subList(1, err.size())).hasSize(6).allMatch(l -> l.startsWith("  subscription sub_"));
                assertThat(run("backup", "--json", "--url", asLogin, "--to", store.toString()).exits(1).out())
                        .contains("\"refused\"").contains(names);
                assertThat(run("list", "--from", store.toString()).succeeds().out()).doesNotContain("postgresql");
                assertThat(run("backup", "--check", "--url", source.url).succeeds().out())
                        .contains("every object can be reproduced");
            } finally {
                source.close();
                source.admin("DROP ROLE IF EXISTS " + login);
            }
        }
    }
}
