package dev.custodian.cli;

import dev.custodian.Custodian;
import dev.custodian.pool.PoolAdvice;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code pool}: the engine's pool recipe and what the advisor finds about the pool in use. */
@Command(name = "pool", sortOptions = false,
        description = "Prints the engine's recommended pool settings and the advisor's findings, checked against "
                + "the server's own limits.")
final class PoolCommand extends CliCommand {
    @Mixin
    UrlOption url;

    @Option(names = "--json", description = "Print the advice as JSON.")
    boolean json;

    @Override
    public Integer call() {
        PoolAdvice advice;
        try (Custodian db = url.connect()) {
            advice = db.poolAdvice();
        }
        print(json ? advice.toJson() : advice.toText());
        return ExitCodes.OK;
    }
}
