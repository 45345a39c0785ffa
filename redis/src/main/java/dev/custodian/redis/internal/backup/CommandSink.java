package dev.custodian.redis.internal.backup;

import java.io.IOException;

/** Where restore commands go: a pipelined connection, or a RESP file for {@code redis-cli --pipe}. */
public interface CommandSink {
    /** One command: its name, then its arguments. */
    void send(byte[]... command) throws IOException;

    /** Sends what is buffered and checks every reply. */
    void flush() throws IOException;
}
