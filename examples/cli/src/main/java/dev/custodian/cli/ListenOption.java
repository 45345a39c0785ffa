package dev.custodian.cli;

import java.net.InetSocketAddress;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** The {@code --listen HOST:PORT} option of the commands that serve health and metrics over HTTP. */
final class ListenOption {
    static final String DESCRIPTION = "Serve /health/live, /health/ready, /health and /metrics (Prometheus) on "
            + "HOST:PORT (port 0: any free port; the address is printed).";

    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    @Option(names = "--listen", paramLabel = "HOST:PORT", description = DESCRIPTION)
    String listen;

    boolean given() {
        return listen != null;
    }

    /** The address, or a usage error naming the option. */
    InetSocketAddress address() {
        int colon = listen == null ? -1 : listen.lastIndexOf(':');
        if (colon <= 0 || colon == listen.length() - 1) {
            throw new ParameterException(spec.commandLine(), "--listen must be HOST:PORT, was '" + listen + "'");
        }
        String host = listen.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port;
        try {
            port = Integer.parseInt(listen.substring(colon + 1));
        } catch (NumberFormatException e) {
            port = -1;
        }
        if (port < 0 || port > 65535) {
            throw new ParameterException(spec.commandLine(), "--listen port must be 0 to 65535, was '"
                    + listen.substring(colon + 1) + "'");
        }
        return new InetSocketAddress(host, port);
    }
}
