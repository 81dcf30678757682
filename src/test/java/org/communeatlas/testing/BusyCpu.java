package org.communeatlas.testing;

import java.util.ArrayList;
import java.util.List;

/**
 * Keeps every processor of the machine busy while a test runs (a flood's peak: the server, PostgreSQL and the test's
 * clients all compete for the cores), so that what a test asserts holds when the machine is busy, not only in calm.
 */
public final class BusyCpu implements AutoCloseable {

    private final List<Thread> burners = new ArrayList<>();
    private volatile boolean running = true;

    public BusyCpu() {
        for (int i = 0; i < Runtime.getRuntime().availableProcessors(); i++) {
            Thread t = new Thread(() -> {
                long x = 0;
                while (running) {
                    x += System.nanoTime() % 7;
                }
                if (x == 42) {
                    System.out.print("");
                }
            }, "busy-cpu-" + i);
            t.setDaemon(true);
            t.setPriority(Thread.NORM_PRIORITY);
            t.start();
            burners.add(t);
        }
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        for (Thread t : burners) {
            t.join();
        }
    }
}
