package org.communeatlas.cluster;

/** HAProxy in front of the server instances: round robin, instances checked through {@code /health} every second. */
final class HaproxyConfig {

    private HaproxyConfig() {
    }

    /**
     * An instance that answers {@code /health} at all serves (503 included: with the database down every instance
     * answers 503 problem+json itself, better than HAProxy's own page); one that stops answering is out within two
     * seconds, and a request it could not take is sent to the other. Live event streams may stay open for an hour.
     */
    static String text(ClusterPorts ports) {
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
                    bind :%d
                    default_backend instances

                backend instances
                    balance roundrobin
                    option httpchk GET /health
                    http-check expect rstatus (200|503)
                    server a 127.0.0.1:%d check inter 1s fall 2 rise 1
                    server b 127.0.0.1:%d check inter 1s fall 2 rise 1
                """.formatted(ports.proxy(), ports.instanceA(), ports.instanceB());
    }
}
