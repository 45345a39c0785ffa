package dev.custodian.testsupport;

/** Starts an S3 test server, prints its port and process id, and ends without stopping it. */
public final class S3TestServerChild {
    private S3TestServerChild() {
    }

    public static void main(String[] args) {
        S3TestServer server = S3TestServer.start();
        System.out.println("port=" + server.port() + " pid=" + server.pid() + " data=" + server.dataDirectory());
        System.exit(0);
    }
}
