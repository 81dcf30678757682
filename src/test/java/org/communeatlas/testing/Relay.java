package org.communeatlas.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP relay on loopback in front of the test server: the network a phone has, which the test can cut. Chromium's
 * network emulation does not reach a page's service worker (a target of its own), so "offline" there is this relay
 * refusing connections and dropping those it carries — for the page and its service worker alike.
 */
public final class Relay implements AutoCloseable {

    private final int target;
    private final int port;
    private volatile ServerSocket listener;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();

    public Relay(int target) throws IOException {
        this.target = target;
        this.port = TestDatabase.freePort();
        up();
    }

    public int port() {
        return port;
    }

    /** The network is there: connections are accepted and carried to the server. */
    public synchronized void up() throws IOException {
        if (listener != null) {
            return;
        }
        ServerSocket s = new ServerSocket();
        s.setReuseAddress(true);
        s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        listener = s;
        Thread accept = new Thread(() -> {
            while (!s.isClosed()) {
                try {
                    Socket client = s.accept();
                    Socket server = new Socket(InetAddress.getLoopbackAddress(), target);
                    open.add(client);
                    open.add(server);
                    pump(client, server);
                    pump(server, client);
                } catch (IOException closed) {
                    return;
                }
            }
        }, "relay-accept");
        accept.setDaemon(true);
        accept.start();
    }

    /** The network is gone: nothing new connects, and what was carried is cut. */
    public synchronized void down() throws IOException {
        if (listener != null) {
            listener.close();
            listener = null;
        }
        for (Socket s : open) {
            s.close();
        }
        open.clear();
    }

    private void pump(Socket from, Socket to) {
        Thread t = new Thread(() -> {
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                in.transferTo(out);
            } catch (IOException cut) {
                // one side went
            } finally {
                try {
                    from.close();
                    to.close();
                } catch (IOException ignored) {
                    // already closed
                }
                open.remove(from);
                open.remove(to);
            }
        }, "relay-pump");
        t.setDaemon(true);
        t.start();
    }

    @Override
    public void close() throws IOException {
        down();
    }
}
