package dev.paperboy.ingest.publish;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP proxy between Kafka clients and a broker that a test can turn bad and good again, byte for byte
 * otherwise: {@link #holdResponses()} lets requests through but keeps every answer back (a broker too slow to
 * answer: records are appended, acknowledgements do not come), {@link #cutOff()} drops every connection and
 * refuses new ones (a broker that is gone). {@link #restore()} undoes either.
 */
final class BrokerProxy implements AutoCloseable {

    private final ServerSocket server;
    private final ExecutorService threads = Executors.newCachedThreadPool(
            Thread.ofPlatform().name("broker-proxy-", 0).daemon().factory());
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private volatile int targetPort;
    private boolean holding; // guarded by this
    private volatile boolean refusing;
    private final AtomicInteger refused = new AtomicInteger();

    BrokerProxy() {
        try {
            server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        threads.submit(this::accept);
    }

    int port() {
        return server.getLocalPort();
    }

    /** Connections refused since the start: the clients' attempts to reach a broker that is gone. */
    int refusedConnections() {
        return refused.get();
    }

    void forwardTo(int brokerPort) {
        this.targetPort = brokerPort;
    }

    synchronized void holdResponses() {
        holding = true;
    }

    void cutOff() {
        refusing = true;
        open.forEach(BrokerProxy::closeQuietly);
    }

    synchronized void restore() {
        refusing = false;
        holding = false;
        notifyAll();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                if (refusing) {
                    refused.incrementAndGet();
                    closeQuietly(client);
                    continue;
                }
                Socket broker = new Socket(InetAddress.getLoopbackAddress(), targetPort);
                open.add(client);
                open.add(broker);
                if (refusing) { // cut off while this one was being connected: cutOff() may have missed it
                    closeQuietly(client);
                    closeQuietly(broker);
                    continue;
                }
                threads.submit(() -> pump(client, broker, false));
                threads.submit(() -> pump(broker, client, true));
            } catch (IOException e) {
                // closed, or the broker refused this one connection: the client reconnects
            }
        }
    }

    private void pump(Socket from, Socket to, boolean answers) {
        byte[] buffer = new byte[64 * 1024];
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                if (answers) {
                    awaitRelease();
                }
                out.write(buffer, 0, n);
                out.flush();
            }
        } catch (IOException | InterruptedException e) {
            // a side closed (or was cut off): close the other side too
        } finally {
            closeQuietly(from);
            closeQuietly(to);
            open.remove(from);
            open.remove(to);
        }
    }

    private synchronized void awaitRelease() throws InterruptedException {
        while (holding) {
            wait();
        }
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }

    @Override
    public void close() {
        restore();
        closeQuietly(server);
        open.forEach(BrokerProxy::closeQuietly);
        threads.shutdownNow();
    }

    private static void closeQuietly(ServerSocket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }
}
