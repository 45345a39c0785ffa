package dev.custodian.cli;

import java.util.concurrent.CountDownLatch;
import sun.misc.Signal;

/**
 * Waits for SIGTERM or SIGINT, so that a long-running command shuts down on its own thread and
 * exits 0 instead of the JVM's 143: the signal only releases the wait.
 */
final class TerminationSignal {
    private final CountDownLatch received = new CountDownLatch(1);
    private volatile String name;

    private TerminationSignal() {
    }

    /** Installs the handlers; call once, before serving. */
    static TerminationSignal install() {
        TerminationSignal s = new TerminationSignal();
        for (String sig : new String[] {"TERM", "INT"}) {
            Signal.handle(new Signal(sig), signal -> {
                s.name = "SIG" + signal.getName();
                s.received.countDown();
            });
        }
        return s;
    }

    /** Blocks until a signal came; returns its name. */
    String await() throws InterruptedException {
        received.await();
        return name;
    }
}
