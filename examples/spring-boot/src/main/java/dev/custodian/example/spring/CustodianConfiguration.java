package dev.custodian.example.spring;

import dev.custodian.Custodian;
import dev.custodian.backup.BackupCatalog;
import dev.custodian.metrics.CustodianMetrics;
import dev.custodian.postgres.PostgresEngine;
import dev.custodian.schedule.ScheduleFile;
import java.nio.file.Path;
import java.time.Duration;
import javax.sql.DataSource;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The whole wiring of Custodian into Spring Boot: one {@link Custodian} over the application's own
 * pool, its metrics as a {@code MeterBinder} (Boot binds it to its registry), its probe groups as
 * health indicators, the backups endpoint, and the lifecycle that migrates on start and shuts down
 * after the web server stopped.
 */
@Configuration(proxyBeanMethods = false)
class CustodianConfiguration {

    /**
     * Over Spring's pool: Custodian drains it at shutdown; Spring closes it afterwards. With
     * {@code --custodian.schedule=FILE} (the agent's schedule file) its jobs run in this application,
     * each slot once across every instance on the database; jobs that name no store use
     * {@code --custodian.store}.
     */
    @Bean(destroyMethod = "")
    Custodian custodian(DataSource dataSource, @Value("${custodian.schedule:}") String schedule,
            @Value("${custodian.store:}") String store) {
        Custodian.Builder builder = Custodian.builder(PostgresEngine.create(dataSource));
        if (!schedule.isBlank()) {
            builder.schedule(ScheduleFile.read(Path.of(schedule), store.isBlank() ? null : store));
        }
        return builder.build();
    }

    /** The store of {@code --custodian.store}, or none. */
    @Bean
    BackupStore backupStore(Custodian custodian, @Value("${custodian.store:}") String store) {
        return new BackupStore(store.isBlank() ? null : custodian.backups(store));
    }

    @Bean(destroyMethod = "close")
    CustodianMetrics custodianMetrics(Custodian custodian, BackupStore store,
            @Value("${custodian.metrics.refresh:15s}") Duration refresh) {
        CustodianMetrics.Builder b = CustodianMetrics.builder(custodian).refreshEvery(refresh).firstRefreshOnBuild();
        BackupCatalog catalog = store.catalog();
        if (catalog != null) {
            b.store(catalog);
        }
        return b.build();
    }

    @Bean
    CustodianHealthIndicators.Liveness custodianLiveness(Custodian custodian) {
        return new CustodianHealthIndicators.Liveness(custodian);
    }

    @Bean
    CustodianHealthIndicators.Readiness custodianReadiness(Custodian custodian) {
        return new CustodianHealthIndicators.Readiness(custodian);
    }

    @Bean
    CustodianHealthIndicators.Diagnostics custodianDiagnostics(CustodianMetrics metrics) {
        return new CustodianHealthIndicators.Diagnostics(metrics);
    }

    @Bean
    BackupsEndpoint backupsEndpoint(BackupStore store) {
        return new BackupsEndpoint(store);
    }

    @Bean
    CustodianLifecycle custodianLifecycle(Custodian custodian, BackupStore store,
            @Value("${spring.lifecycle.timeout-per-shutdown-phase:30s}") Duration phaseTimeout) {
        return new CustodianLifecycle(custodian, store, phaseTimeout);
    }
}
