package dev.custodian.redis.internal.backup;

import dev.custodian.redis.internal.TlsSockets;

import dev.custodian.ConnectionException;
import dev.custodian.CustodianException;
import dev.custodian.redis.RedisUrl;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocketFactory;

/**
 * Pulls a point-in-time RDB snapshot the way a replica does, over a raw socket: {@code AUTH} if
 * needed, {@code REPLCONF rdb-only 1} (Redis 7+: the server sends the snapshot and no command
 * stream), {@code REPLCONF capa eof} when a diskless transfer is wanted, then {@code PSYNC ? -1}.
 */
final class ReplicationClient {
    private final RedisUrl url;
    private final int connectMillis;
    private final Duration readTimeout;
    private final SSLSocketFactory tls;

    /** With {@code rediss://}, the socket is wrapped by {@code tls} (null: the JVM's default trust). */
    ReplicationClient(RedisUrl url, int connectMillis, Duration readTimeout, SSLSocketFactory tls) {
        this.url = url;
        this.connectMillis = connectMillis;
        this.readTimeout = readTimeout;
        this.tls = tls;
    }

    /** Streams the snapshot into {@code out}, checking its CRC-64. */
    RdbTransfer.Result pull(OutputStream out, boolean diskless) throws IOException {
        Socket socket = new Socket();
        try {
            socket.connect(new InetSocketAddress(url.host(), url.port()), connectMillis);
        } catch (IOException e) {
            socket.close();
            throw new ConnectionException("cannot reach Redis at " + url + " for an RDB transfer: " + e.getMessage()
                    + "; check the host, the port and that the server runs", e);
        }
        Socket secured = socket;
        if (url.tls()) {
            socket.setSoTimeout(connectMillis);
            try {
                secured = TlsSockets.wrap(tls, socket, url.host(), url.port());
            } catch (SSLException e) {
                socket.close();
                throw new ConnectionException("TLS handshake with Redis at " + url + " failed (RDB transfer): "
                        + TlsSockets.oneLine(e.getMessage()) + "; check that the server's certificate is signed by a CA"
                        + " in custodian.redis.trustStore and names the host", e);
            } catch (IOException | RuntimeException e) {
                socket.close();
                throw e;
            }
        }
        try (Socket s = secured) {
            s.setSoTimeout((int) Math.min(Integer.MAX_VALUE, readTimeout.toMillis()));
            OutputStream o = s.getOutputStream();
            InputStream in = new BufferedInputStream(s.getInputStream(), 1 << 16);
            if (url.password() != null) {
                command(o, url.user() == null ? new String[] {"AUTH", url.password()}
                        : new String[] {"AUTH", url.user(), url.password()});
                String reply = line(in);
                if (!reply.startsWith("+")) {
                    throw new ConnectionException("cannot authenticate to Redis at " + url + " for an RDB transfer: "
                            + reply.substring(1) + "; check the user and password");
                }
            }
            command(o, "REPLCONF", "rdb-only", "1");
            line(in);
            if (diskless) {
                command(o, "REPLCONF", "capa", "eof");
                line(in);
            }
            command(o, "PSYNC", "?", "-1");
            String sync = line(in);
            if (sync.startsWith("-")) {
                throw new CustodianException("Redis at " + url + " refused the replication handshake: " + sync.substring(1)
                        + "; managed servers often block SYNC: use the redis-logical strategy there");
            }
            String header = sync.startsWith("+FULLRESYNC") ? line(in) : sync;
            if (!header.startsWith("$")) {
                throw new CustodianException("Redis at " + url + " answered the replication handshake with '" + header
                        + "' instead of an RDB payload");
            }
            return RdbTransfer.copy(header, in, out, url.toString());
        }
    }

    private static void command(OutputStream o, String... args) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.write(("*" + args.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
        for (String a : args) {
            byte[] bytes = a.getBytes(StandardCharsets.UTF_8);
            b.write(("$" + bytes.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
            b.write(bytes);
            b.write("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        o.write(b.toByteArray());
        o.flush();
    }

    /** The next reply line, skipping the bare newlines a master sends as keepalives while it prepares. */
    private String line(InputStream in) throws IOException {
        StringBuilder sb = new StringBuilder();
        while (true) {
            int c = in.read();
            if (c < 0) {
                throw new ConnectionException("Redis at " + url + " closed the connection during the replication handshake");
            }
            if (c == '\n') {
                if (sb.length() == 0) {
                    continue;
                }
                int end = sb.length() - 1;
                return sb.charAt(end) == '\r' ? sb.substring(0, end) : sb.toString();
            }
            sb.append((char) c);
        }
    }
}
