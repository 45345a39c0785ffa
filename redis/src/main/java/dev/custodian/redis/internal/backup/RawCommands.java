package dev.custodian.redis.internal.backup;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import redis.clients.jedis.exceptions.JedisConnectionException;

/**
 * Writes commands in RESP straight to a connection's socket through one buffer, without a
 * per-command argument list; the replies are read through the connection as usual. The
 * connection's own buffer must be empty whenever commands are written here (it is after any
 * command it sent has been answered), and {@link #flush} must come before reading a reply to a
 * command written here.
 */
final class RawCommands {
    private static final int BUFFER = 1 << 16;
    private final OutputStream out;
    private final byte[] buf = new byte[BUFFER];
    private int count;

    RawCommands(Socket socket) {
        try {
            this.out = socket.getOutputStream();
        } catch (IOException e) {
            throw new JedisConnectionException(e);
        }
    }

    /** Writes one command; sends the buffer when it fills. */
    void send(byte[]... args) {
        header('*', args.length);
        for (byte[] arg : args) {
            header('$', arg.length);
            bytes(arg);
            crlf();
        }
    }

    /** Sends whatever is buffered. */
    void flush() {
        if (count > 0) {
            try {
                out.write(buf, 0, count);
            } catch (IOException e) {
                throw new JedisConnectionException(e);
            }
            count = 0;
        }
    }

    private void header(char kind, int n) {
        room(16);
        buf[count++] = (byte) kind;
        if (n == 0) {
            buf[count++] = '0';
        } else {
            int digits = 0;
            for (int v = n; v > 0; v /= 10) {
                digits++;
            }
            for (int i = count + digits - 1, v = n; i >= count; i--, v /= 10) {
                buf[i] = (byte) ('0' + v % 10);
            }
            count += digits;
        }
        crlf();
    }

    private void crlf() {
        room(2);
        buf[count++] = '\r';
        buf[count++] = '\n';
    }

    private void bytes(byte[] b) {
        if (b.length > buf.length - count) {
            flush();
            if (b.length > buf.length) {
                try {
                    out.write(b);
                } catch (IOException e) {
                    throw new JedisConnectionException(e);
                }
                return;
            }
        }
        System.arraycopy(b, 0, buf, count, b.length);
        count += b.length;
    }

    private void room(int n) {
        if (buf.length - count < n) {
            flush();
        }
    }
}
