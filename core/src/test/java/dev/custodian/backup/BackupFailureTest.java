package dev.custodian.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.custodian.ConfigurationException;
import dev.custodian.CustodianException;
import dev.custodian.backup.textdb.Behaviour;
import dev.custodian.backup.textdb.CustomEngine;
import dev.custodian.backup.textdb.TextDb;
import dev.custodian.backup.textdb.TextDbEngine;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A backup that cannot start or fails midway leaves nothing that claims to be complete, and says why. */
class BackupFailureTest {
    @TempDir
    Path tmp;

    @Test
    void unsupportedOptionsAreRefusedBeforeAnythingIsWritten() {
        Path source = TextDb.sample(tmp.resolve("source"));
        Path store = tmp.resolve("store");
        Backups backups = TextDb.backups(source, store);
        assertThatThrownBy(() -> backups.backup(BackupOptions.defaults().withSchemaOnly(), ProgressListener.none()))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("backup option schema-only is not supported by strategy 'text-lines' of engine textdb;"
                        + " it supports tables");
        assertThatThrownBy(() -> backups.backup(BackupOptions.defaults().withDataOnly(), ProgressListener.none()))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("data-only");
        assertThatThrownBy(() -> backups.backup(BackupOptions.defaults().withStrategy("rdb"), ProgressListener.none()))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("backup.strategy 'rdb' is not a strategy of engine textdb; its strategies: text-lines");
        assertThat(store).doesNotExist();
    }

    @Test
    void tablesAreRefusedByAStrategyWithoutTheFeature() {
        Path source = TextDb.sample(tmp.resolve("source"));
        Path store = tmp.resolve("store");
        BackupStrategy wholeOnly = CustomEngine.wrap(CustomEngine.textLines(source), new CustomEngine.Change() {
            @Override
            public java.util.Set<BackupFeature> features(BackupStrategy s) {
                return java.util.Set.of();
            }
        });
        assertThatThrownBy(() -> CustomEngine.backups(source, store, List.of(wholeOnly))
                .backup(BackupOptions.defaults().withTables(List.of("users")), ProgressListener.none()))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageEndingWith("it supports whole backups only");
        assertThat(store).doesNotExist();
    }

    @Test
    void anEngineWithoutStrategiesCannotBackUp() {
        Path store = tmp.resolve("store");
        assertThatThrownBy(() -> CustomEngine.backups(tmp.resolve("db"), store, List.of())
                .backup(BackupOptions.defaults(), ProgressListener.none()))
                .isInstanceOf(BackupException.class)
                .hasMessage("engine textdb cannot back up: it offers no backup strategy");
        assertThat(store).doesNotExist();
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 700, 2200, 2507})
    void aStrategyFailingMidwayLeavesNoSet(long failAfter) throws IOException {
        Path source = TextDb.sample(tmp.resolve("source"));
        Path store = tmp.resolve("store");
        Backups backups = TextDb.backups(source, store, Clock.systemUTC(), Behaviour.normal().failingAfter(failAfter));
        assertThatThrownBy(() -> backups.backup(BackupOptions.defaults(), ProgressListener.none()))
                .isInstanceOf(BackupException.class)
                .hasMessageMatching("backup of textdb database 'source', set \\d{8}T\\d{6}\\.\\d{3}Z-[0-9a-f]{4} failed"
                        + " and was discarded: simulated failure after " + failAfter + " rows")
                .hasRootCauseInstanceOf(IOException.class);
        assertThat(backups.catalog().listAll()).isEmpty();
        assertThat(everythingIn(store)).isEmpty();
    }

    @Test
    void aStrategyLeavingAPartOpenFails() throws IOException {
        assertFailsLeavingNothing((s, o, w) -> {
            PartOutput out = w.openPart(new PartSpec("dangling", PartKind.DATA, "t"));
            out.write(1);
        }, "the strategy returned with part dangling still open");
    }

    @Test
    void aStrategyWritingNoPartFails() throws IOException {
        assertFailsLeavingNothing((s, o, w) -> { }, "the strategy wrote no parts");
    }

    @Test
    void aPartNameUsedTwiceFails() throws IOException {
        assertFailsLeavingNothing((s, o, w) -> {
            w.openPart(new PartSpec("same", PartKind.DATA, null)).close();
            w.openPart(new PartSpec("same", PartKind.DATA, null)).close();
        }, "part same was already written in this set");
    }

    @Test
    void aFailingWorkerThreadFailsTheBackup() throws IOException {
        assertFailsLeavingNothing((s, o, w) -> {
            AtomicReference<Exception> failure = new AtomicReference<>();
            Thread worker = new Thread(() -> {
                try (PartOutput out = w.openPart(new PartSpec("worker", PartKind.DATA, "t"))) {
                    out.write(new byte[1000]);
                    throw new IllegalStateException("worker lost its connection");
                } catch (Exception e) {
                    failure.set(e);
                }
            });
            worker.start();
            worker.join();
            throw failure.get();
        }, "worker lost its connection");
    }

    private interface Body {
        void backup(BackupStrategy s, BackupOptions o, BackupWriter w) throws Exception;
    }

    private void assertFailsLeavingNothing(Body body, String cause) throws IOException {
        Path source = TextDb.sample(tmp.resolve("source"));
        Path store = tmp.resolve("store");
        BackupStrategy strategy = CustomEngine.wrap(CustomEngine.textLines(source), new CustomEngine.Change() {
            @Override
            public void backup(BackupStrategy s, BackupOptions o, BackupWriter w) throws Exception {
                body.backup(s, o, w);
            }
        });
        assertThatThrownBy(() -> CustomEngine.backups(source, store, List.of(strategy))
                .backup(BackupOptions.defaults(), ProgressListener.none()))
                .isInstanceOf(BackupException.class).hasMessageEndingWith(cause);
        assertThat(everythingIn(store)).isEmpty();
    }

    @Test
    void anInterruptedBackupLeavesNoSetAndKeepsTheInterrupt() throws Exception {
        Path source = tmp.resolve("source");
        TextDb.table(source, "slow", 10_000);
        Path store = tmp.resolve("store");
        Backups backups = TextDb.backups(source, store, Clock.systemUTC(), Behaviour.normal().slow(1));
        AtomicReference<Throwable> failure = new AtomicReference<>();
        AtomicReference<Boolean> interrupted = new AtomicReference<>();
        List<BackupProgress> reports = new ArrayList<>();
        Thread t = new Thread(() -> {
            try {
                backups.backup(BackupOptions.defaults(), p -> {
                    synchronized (reports) {
                        reports.add(p);
                        reports.notifyAll();
                    }
                });
            } catch (Throwable e) {
                failure.set(e);
            }
            interrupted.set(Thread.currentThread().isInterrupted());
        });
        t.start();
        synchronized (reports) {
            while (reports.stream().noneMatch(p -> p.rows() > 10)) {
                reports.wait(100);
            }
        }
        t.interrupt();
        t.join(10_000);
        assertThat(failure.get()).isInstanceOf(BackupException.class).hasMessageContaining("interrupt");
        assertThat(interrupted.get()).isTrue();
        assertThat(everythingIn(store)).isEmpty();
    }

    @Test
    void theWorkGuardSeesTheBackupAndCanRefuseIt() throws IOException {
        Path source = TextDb.sample(tmp.resolve("source"));
        Path store = tmp.resolve("store");
        List<String> events = new ArrayList<>();
        Backups tracked = new dev.custodian.backup.internal.EngineBackups(new TextDbEngine(source), store, Clock.systemUTC(), op -> {
            events.add("begin " + op);
            return () -> events.add("end " + op);
        });
        tracked.backup(BackupOptions.defaults(), ProgressListener.none());
        tracked.restore("latest", RestoreOptions.defaults().withClean(true), ProgressListener.none());
        assertThat(events).containsExactly("begin backup", "end backup", "begin restore", "end restore");

        Path other = tmp.resolve("other");
        Backups refused = new dev.custodian.backup.internal.EngineBackups(new TextDbEngine(source), other, Clock.systemUTC(), op -> {
            throw new CustodianException("cannot start " + op + ": shutdown has begun");
        });
        assertThatThrownBy(() -> refused.backup(BackupOptions.defaults(), ProgressListener.none()))
                .isInstanceOf(CustodianException.class).hasMessage("cannot start backup: shutdown has begun");
        assertThat(other).doesNotExist();
    }

    static List<Path> everythingIn(Path store) throws IOException {
        if (!Files.exists(store)) {
            return List.of();
        }
        try (Stream<Path> s = Files.walk(store)) {
            return s.filter(p -> !p.equals(store)).toList();
        }
    }
}
