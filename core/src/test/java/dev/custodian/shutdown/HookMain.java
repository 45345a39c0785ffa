package dev.custodian.shutdown;

import dev.custodian.shutdown.internal.ShutdownCoordinator;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;

/**
 * A program run in a child JVM by {@link JvmHookTest}: registers the shutdown hook, whose
 * finalizer appends a line to a file, then ends in the way the first argument says.
 */
public final class HookMain {
    private HookMain() {
    }

    public static void main(String[] args) throws Exception {
        Path file = Path.of(args[0]);
        String mode = args[1];
        ShutdownCoordinator coordinator = ShutdownCoordinator.builder()
                .finalizer(new ShutdownStep() {
                    @Override
                    public String name() {
                        return "write-marker";
                    }

                    @Override
                    public String run(Instant deadline) throws IOException {
                        Files.writeString(file, "finalized by " + Thread.currentThread().getName() + "\n",
                                StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
                        return "written";
                    }
                }).build();
        coordinator.registerJvmHook(Duration.ofSeconds(5));
        switch (mode) {
            case "return" -> { }
            case "exit" -> System.exit(3);
            case "direct" -> coordinator.shutdown(Duration.ofSeconds(5));
            default -> throw new IllegalArgumentException(mode);
        }
    }
}
