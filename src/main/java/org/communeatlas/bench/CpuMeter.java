package org.communeatlas.bench;

import java.lang.management.ManagementFactory;

/** CPU time this JVM (the servers under test) spent between two readings; wrk and pgbench are other processes. */
final class CpuMeter {

    private final com.sun.management.OperatingSystemMXBean os =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    private long start;

    void start() {
        start = os.getProcessCpuTime();
    }

    /** Microseconds of CPU per request since {@link #start()}, for the given number of requests. */
    double microsPer(double requests) {
        return (os.getProcessCpuTime() - start) / 1000.0 / requests;
    }
}
