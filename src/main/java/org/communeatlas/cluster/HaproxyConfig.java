package org.communeatlas.cluster;

import java.util.List;

/** HAProxy in front of the server instances: round robin, instances checked through {@code /health} every second. */
public final class HaproxyConfig {

    private HaproxyConfig() {
    }

    /** The program, as Debian installs it. */
    public static String program() {
        for (String candidate : List.of("/usr/sbin/haproxy", "/usr/local/sbin/haproxy")) {
            if (java.nio.file.Files.isExecutable(java.nio.file.Path.of(candidate))) {
                return candidate;
            }
        }
        throw new IllegalStateException("HAProxy is not installed: run scripts/install-deps.sh (Debian package haproxy)");
    }

    /**
     * An instance that answers {@code /health} at all serves (503 included: with the database down every instance
     * answers 503 problem+json itself, better than HAProxy's own page); one that refuses connections is out within two
     * seconds, and a request it could not take is sent to the other. Busy is not down: an instance gets 5 s to answer a
     * check (at a flood's peak a check answered in 1.1 s took the only instance out, and the public form answered 503). Live event streams may stay open for an hour.
     * The proxy listens on {@code bind} only (loopback unless told otherwise); it appends the client's address to
     * X-Forwarded-For (the servers read that list from the right, so what a client wrote there gains it nothing) and
     * writes X-Forwarded-Host and -Proto itself, never passing on a client's.
     */
    public static String text(String bind, int proxyPort, List<Integer> instancePorts) {
        StringBuilder servers = new StringBuilder();
        for (int i = 0; i < instancePorts.size(); i++) {
            servers.append("    server ").append((char) ('a' + i)).append(" 127.0.0.1:").append(instancePorts.get(i))
                    .append(" check inter 1s fall 2 rise 1\n");
        }
        return """
                # written by commune-atlas cluster up
                global
                    maxconn 4096

                defaults
                    mode http
                    timeout connect 2s
                    timeout client 60s
                    timeout server 60s
                    timeout tunnel 1h
                    timeout http-keep-alive 10s
                    option forwardfor
                    option redispatch
                    retries 2

                frontend atlas
                    bind %s:%d
                    http-request set-header X-Forwarded-Host %%[req.hdr(host)]
                    http-request set-header X-Forwarded-Proto http
                    default_backend instances

                backend instances
                    balance roundrobin
                    option httpchk GET /health
                    timeout check 5s
                    http-check expect rstatus (200|503)
                """.formatted(bind.contains(":") ? "[" + bind + "]" : bind, proxyPort) + servers;
    }
}
