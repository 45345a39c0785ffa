package dev.custodian.redis.internal.backup;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/** Writes commands in RESP, the form {@code redis-cli --pipe} reads. */
final class RespSink implements CommandSink {
    private static final byte[] CRLF = {'\r', '\n'};
    private final OutputStream out;

    RespSink(OutputStream out) {
        this.out = out;
    }

    @Override
    public void send(byte[]... command) throws IOException {
        out.write(('*' + Integer.toString(command.length)).getBytes(StandardCharsets.US_ASCII));
        out.write(CRLF);
        for (byte[] arg : command) {
            out.write(('$' + Integer.toString(arg.length)).getBytes(StandardCharsets.US_ASCII));
            out.write(CRLF);
            out.write(arg);
            out.write(CRLF);
        }
    }

    @Override
    public void flush() throws IOException {
        out.flush();
    }
}
