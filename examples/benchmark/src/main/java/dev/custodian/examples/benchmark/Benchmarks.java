package dev.custodian.examples.benchmark;

import java.util.Arrays;

/**
 * Runs one benchmark by engine name: {@code java -jar custodian-benchmark.jar sqlite [options]}.
 * Each compares Custodian with the engine's own tool on the same data in one run and prints the
 * ratio.
 */
public final class Benchmarks {
    private Benchmarks() {
    }

    public static void main(String[] args) throws Exception {
        String which = args.length == 0 ? "" : args[0];
        String[] rest = args.length == 0 ? args : Arrays.copyOfRange(args, 1, args.length);
        switch (which) {
            case "sqlite" -> SqliteBackupBenchmark.main(rest);
            case "redis" -> RedisBackupBenchmark.main(rest);
            case "postgres" -> PostgresBackupBenchmark.main(rest);
            case "postgres-shapes" -> PostgresShapesBenchmark.main(rest);
            case "mysql" -> MysqlBackupBenchmark.main(rest);
            case "stores" -> StoreBenchmark.main(rest);
            case "sqlite-shapes" -> SqliteShapesBenchmark.main(rest);
            case "mysql-shapes" -> MysqlShapesBenchmark.main(rest);
            case "redis-shapes" -> RedisShapesBenchmark.main(rest);
            case "endpoints" -> EndpointsBenchmark.main(rest);
            case "health" -> HealthBenchmark.main(rest);
            default -> {
                System.err.println("usage: custodian-benchmark.jar sqlite|sqlite-shapes|postgres|postgres-shapes|mysql|mysql-shapes|redis|stores|endpoints|health [options]");
                System.exit(2);
            }
        }
    }
}
