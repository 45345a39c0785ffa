package dev.custodian.internal;

import dev.custodian.CustodianException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Tracks the library's running work (backups, maintenance) so that graceful shutdown can stop
 * taking new work, wait for running work and cancel what outlives the deadline.
 */
public final class WorkTracker {
    private final Set<Work> running = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    /** One unit of running work; close it when done. */
    public final class Work implements AutoCloseable {
        private final String name;
        private final Thread thread;
        private volatile boolean cancelled;

        private Work(String name) {
            this.name = name;
            this.thread = Thread.currentThread();
        }

        public String name() {
            return name;
        }

        /** Whether shutdown asked this work to stop; long work checks it between steps. */
        public boolean cancelled() {
            return cancelled;
        }

        /** Throws when shutdown asked this work to stop. */
        public void checkCancelled() {
            if (cancelled) {
                throw new CustodianException(name + " was cancelled by shutdown");
            }
        }

        void cancel() {
            cancelled = true;
            thread.interrupt();
        }

        @Override
        public void close() {
            synchronized (WorkTracker.this) {
                running.remove(this);
                WorkTracker.this.notifyAll();
            }
        }
    }

    /** Registers new work; refused once shutdown has begun. */
    public Work begin(String name) {
        synchronized (this) {
            if (closed) {
                throw new CustodianException("cannot start " + name + ": shutdown has begun");
            }
            Work w = new Work(name);
            running.add(w);
            return w;
        }
    }

    /** Stops taking new work. */
    public synchronized void close() {
        closed = true;
    }

    public boolean isClosed() {
        return closed;
    }

    /** Names of the work running now. */
    public List<String> running() {
        return running.stream().map(Work::name).sorted().toList();
    }

    /**
     * Waits until running work finishes or the deadline passes, then cancels what remains and
     * returns its names.
     */
    public List<String> awaitOrCancel(Instant deadline) {
        synchronized (this) {
            while (!running.isEmpty()) {
                long left = Duration.between(Instant.now(), deadline).toMillis();
                if (left <= 0) {
                    break;
                }
                try {
                    wait(Math.min(left, 50));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            List<String> cancelled = new ArrayList<>();
            for (Work w : running) {
                w.cancel();
                cancelled.add(w.name());
            }
            return cancelled;
        }
    }
}
