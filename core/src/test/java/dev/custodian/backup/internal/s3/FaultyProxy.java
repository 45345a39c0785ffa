package dev.custodian.backup.internal.s3;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An HTTP proxy in front of the test S3 server that injects transient faults: it answers the next
 * requests with 503 SlowDown, or cuts their connections, then forwards the rest. One request per
 * connection ({@code Connection: close} both ways), so each request meets the fault plan.
 */
final class FaultyProxy implements AutoCloseable {
    private final ServerSocket server;
    private final int upstreamPort;
    private final AtomicInteger unavailable = new AtomicInteger();
    private final AtomicInteger resets = new AtomicInteger();
    private final AtomicInteger internalErrors = new AtomicInteger();
    private final AtomicInteger stalls = new AtomicInteger();
    private final AtomicInteger badRequests = new AtomicInteger();
    private final AtomicInteger served500 = new AtomicInteger();
    private final AtomicInteger servedStalls = new AtomicInteger();
    private final AtomicInteger served503 = new AtomicInteger();
    private final AtomicInteger servedResets = new AtomicInteger();
    private final AtomicInteger forwarded = new AtomicInteger();

    FaultyProxy(int upstreamPort) throws IOException {
        this.upstreamPort = upstreamPort;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread t = new Thread(this::acceptLoop, "faulty-proxy");
        t.setDaemon(true);
        t.start();
    }

    URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getLocalPort());
    }

    /** The next {@code n} requests get 503 SlowDown. */
    void failNext(int n) {
        unavailable.set(n);
    }

    /** The next {@code n} requests have their connection cut after the request head. */
    void resetNext(int n) {
        resets.set(n);
    }

    /** The next {@code n} requests get 500 InternalError. */
    void internalErrorNext(int n) {
        internalErrors.set(n);
    }

    /** The next {@code n} requests get 400 InvalidArgument, an error no retry mends. */
    void badRequestNext(int n) {
        badRequests.set(n);
    }

    /** The next {@code n} requests get no answer at all, until the client gives up on them. */
    void stallNext(int n) {
        stalls.set(n);
    }

    int served500() {
        return served500.get();
    }

    int servedStalls() {
        return servedStalls.get();
    }

    int served503() {
        return served503.get();
    }

    int servedResets() {
        return servedResets.get();
    }

    int forwarded() {
        return forwarded.get();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                Thread t = new Thread(() -> handle(client), "faulty-proxy-conn");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void handle(Socket client) {
        try (client) {
            InputStream in = client.getInputStream();
            OutputStream out = client.getOutputStream();
            String head = readHead(in);
            if (head == null) {
                return;
            }
            if (take(resets)) {
                servedResets.incrementAndGet();
                client.setSoLinger(true, 0);
                return;
            }
            long length = contentLength(head);
            boolean expectContinue = head.toLowerCase(Locale.ROOT).contains("\nexpect: 100-continue");
            if (take(stalls)) {
                servedStalls.incrementAndGet();
                in.transferTo(OutputStream.nullOutputStream());
                return;
            }
            if (take(unavailable)) {
                served503.incrementAndGet();
                error(in, out, length, expectContinue, "503 Service Unavailable", "SlowDown",
                        "Please reduce your request rate.");
                return;
            }
            if (take(badRequests)) {
                // after the body, as a server refusing the content does: the client cannot take it for a
                // broken connection
                if (expectContinue) {
                    out.write("HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                }
                error(in, out, length, false, "400 Bad Request", "InvalidArgument", "Invalid argument.");
                return;
            }
            if (take(internalErrors)) {
                served500.incrementAndGet();
                error(in, out, length, expectContinue, "500 Internal Server Error", "InternalError",
                        "We encountered an internal error. Please try again.");
                return;
            }
            if (expectContinue) {
                out.write("HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
            }
            forwarded.incrementAndGet();
            try (Socket upstream = new Socket(InetAddress.getLoopbackAddress(), upstreamPort)) {
                OutputStream up = upstream.getOutputStream();
                up.write(rewriteHead(head).getBytes(StandardCharsets.ISO_8859_1));
                copy(in, up, length);
                up.flush();
                InputStream down = upstream.getInputStream();
                String responseHead = readHead(down);
                if (responseHead == null) {
                    return;
                }
                out.write(rewriteHead(responseHead).getBytes(StandardCharsets.ISO_8859_1));
                down.transferTo(out);
                out.flush();
            }
        } catch (IOException e) {
            // the client or the server went away: nothing to do
        }
    }

    private static void error(InputStream in, OutputStream out, long length, boolean expectContinue, String status,
            String code, String message) throws IOException {
        if (!expectContinue) {
            in.skipNBytes(length);
        }
        byte[] body = ("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>" + code + "</Code><Message>" + message
                + "</Message></Error>").getBytes(StandardCharsets.UTF_8);
        out.write(("HTTP/1.1 " + status + "\r\nContent-Type: application/xml\r\nContent-Length: " + body.length
                + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(body);
        out.flush();
    }

    private static boolean take(AtomicInteger counter) {
        return counter.getAndUpdate(n -> n > 0 ? n - 1 : 0) > 0;
    }

    /** The head with {@code Connection: close} and without {@code Expect}. */
    private static String rewriteHead(String head) {
        StringBuilder sb = new StringBuilder();
        for (String line : head.split("\r\n")) {
            String lower = line.toLowerCase(Locale.ROOT);
            if (lower.startsWith("connection:") || lower.startsWith("expect:") || lower.startsWith("keep-alive:")) {
                continue;
            }
            sb.append(line).append("\r\n");
        }
        return sb.append("Connection: close\r\n\r\n").toString();
    }

    private static long contentLength(String head) {
        for (String line : head.split("\r\n")) {
            if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                return Long.parseLong(line.substring("content-length:".length()).strip());
            }
        }
        return 0;
    }

    private static void copy(InputStream in, OutputStream out, long n) throws IOException {
        byte[] buf = new byte[64 * 1024];
        while (n > 0) {
            int r = in.read(buf, 0, (int) Math.min(buf.length, n));
            if (r < 0) {
                throw new IOException("request body ended early");
            }
            out.write(buf, 0, r);
            n -= r;
        }
    }

    /** The head up to the blank line, without it; null at end of stream. */
    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int state = 0;
        int c;
        while ((c = in.read()) >= 0) {
            b.write(c);
            state = (c == '\r' && (state == 0 || state == 2)) || (c == '\n' && (state == 1 || state == 3))
                    ? state + 1 : (c == '\r' ? 1 : 0);
            if (state == 4) {
                String s = b.toString(StandardCharsets.ISO_8859_1);
                return s.substring(0, s.length() - 4);
            }
        }
        return null;
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
