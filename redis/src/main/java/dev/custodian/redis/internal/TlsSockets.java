package dev.custodian.redis.internal;

import dev.custodian.ConfigurationException;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;

/**
 * TLS for {@code rediss://}: a socket factory trusting a given trust store (so an application
 * need not change the JVM-wide {@code javax.net.ssl.*} properties), and the parameters that make
 * every connection check that the certificate names the host.
 */
public final class TlsSockets {
    private TlsSockets() {
    }

    /**
     * A socket factory whose only trusted certificates are those of the trust store. The password
     * never appears in a message.
     */
    public static SSLSocketFactory trusting(Path trustStore, String password, String type) {
        String t = type == null || type.isBlank() ? KeyStore.getDefaultType() : type.trim();
        if (!Files.isReadable(trustStore)) {
            throw new ConfigurationException("the Redis trust store " + trustStore + " is not a readable file;"
                    + " check custodian.redis.trustStore");
        }
        try (InputStream in = Files.newInputStream(trustStore)) {
            KeyStore store = KeyStore.getInstance(t);
            store.load(in, password == null ? null : password.toCharArray());
            if (store.size() == 0) {
                throw new ConfigurationException("the Redis trust store " + trustStore + " holds no certificate;"
                        + " import the CA that signed the server's certificate");
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(store);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, tmf.getTrustManagers(), null);
            return context.getSocketFactory();
        } catch (IOException | GeneralSecurityException e) {
            ConfigurationException c = new ConfigurationException("cannot read the Redis trust store " + trustStore
                    + " as " + t + ": " + oneLine(e.getMessage())
                    + "; check custodian.redis.trustStore, its password and its type");
            c.initCause(e);
            throw c;
        }
    }

    /** Parameters that make the handshake check the host name (or IP address) against the certificate. */
    public static SSLParameters verifyingHost() {
        SSLParameters p = new SSLParameters();
        p.setEndpointIdentificationAlgorithm("HTTPS");
        return p;
    }

    /** Wraps a connected socket in TLS with host verification and completes the handshake. */
    public static Socket wrap(SSLSocketFactory factory, Socket plain, String host, int port) throws IOException {
        SSLSocketFactory f = factory == null ? (SSLSocketFactory) SSLSocketFactory.getDefault() : factory;
        SSLSocket s = (SSLSocket) f.createSocket(plain, host, port, true);
        s.setSSLParameters(verifyingHost());
        s.startHandshake();
        return s;
    }

    /** The TLS failure in a throwable's causes, or null. */
    public static SSLException tlsCause(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof SSLException ssl) {
                return ssl;
            }
            if (c.getCause() == c) {
                break;
            }
        }
        return null;
    }

    /** One line of a possibly multi-line message. */
    public static String oneLine(String s) {
        if (s == null) {
            return "no detail";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s.trim() : s.substring(0, nl).trim();
    }
}
