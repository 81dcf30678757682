package org.communeatlas.web;

import io.javalin.http.Context;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/**
 * Which peers may tell us, through {@code X-Forwarded-*}, where the client is and how it reached us: the proxies of
 * {@code ATLAS_TRUSTED_PROXIES} (addresses or CIDR ranges), nobody else. From anyone else those headers are ignored —
 * a client that claims another host could otherwise pass the same-origin check.
 */
public final class TrustedProxies {

    static final String TRUSTED = "atlas.trustedProxy";
    static final String CLIENT = "atlas.clientAddress";

    private record Range(byte[] network, int bits) {
        boolean contains(byte[] address) {
            if (address.length != network.length) {
                return false;
            }
            for (int i = 0; i < bits; i++) {
                int mask = 0x80 >> (i % 8);
                if ((address[i / 8] & mask) != (network[i / 8] & mask)) {
                    return false;
                }
            }
            return true;
        }
    }

    private final List<Range> ranges = new ArrayList<>();

    public TrustedProxies(List<String> entries) {
        for (String entry : entries) {
            String[] parts = entry.split("/");
            byte[] address = literal(parts[0]);
            int bits = parts.length > 1 ? Integer.parseInt(parts[1]) : address.length * 8;
            if (bits < 0 || bits > address.length * 8) {
                throw new IllegalArgumentException("ATLAS_TRUSTED_PROXIES: '" + entry + "' is not an address or a CIDR range");
            }
            ranges.add(new Range(address, bits));
        }
    }

    /** Runs before every request: marks it as coming through a trusted proxy, or not. */
    public void before(Context ctx) {
        if (ranges.isEmpty()) {
            return;
        }
        if (isTrusted(literal(ctx.req().getRemoteAddr()))) {
            ctx.attribute(TRUSTED, Boolean.TRUE);
        }
        ctx.attribute(CLIENT, clientAddress(ctx));
    }

    static boolean trusted(Context ctx) {
        return Boolean.TRUE.equals(ctx.attribute(TRUSTED));
    }

    /** The client's address as {@link #before} found it, or the peer's where no proxy is trusted. */
    static String client(Context ctx) {
        String client = ctx.attribute(CLIENT);
        return client != null ? client : ctx.req().getRemoteAddr();
    }

    /**
     * The client's address. A proxy appends the address it heard from to {@code X-Forwarded-For}; whatever stands left of
     * that was written by the client, who can write anything. So the list is read from the right, past our own trusted
     * proxies: the first address not theirs is the client (RFC 7239 §7.4, as nginx's real_ip_recursive does). Without a
     * trusted peer the header is ignored and the peer is the client.
     */
    private String clientAddress(Context ctx) {
        String peer = ctx.req().getRemoteAddr();
        if (!trusted(ctx)) {
            return peer;
        }
        String client = peer;
        List<String> hops = new ArrayList<>();
        var headers = ctx.req().getHeaders("X-Forwarded-For");
        while (headers != null && headers.hasMoreElements()) {
            for (String hop : headers.nextElement().split(",")) {
                hops.add(hop.strip());
            }
        }
        for (int i = hops.size() - 1; i >= 0; i--) {
            byte[] address = parsed(hops.get(i));
            if (address == null) {
                return client; // a hop that is no address: nothing left of it can be believed
            }
            client = hops.get(i);
            if (!isTrusted(address)) {
                return client;
            }
        }
        return client;
    }

    private boolean isTrusted(byte[] address) {
        return ranges.stream().anyMatch(r -> r.contains(address));
    }

    /** An address as a proxy writes it ({@code 203.0.113.7}, {@code [2001:db8::1]}, without a port), or null. */
    private static byte[] parsed(String hop) {
        try {
            return literal(hop);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** An IP literal's bytes, without any name lookup. */
    private static byte[] literal(String text) {
        String t = text.strip();
        if (!t.matches("[0-9a-fA-F:.\\[\\]%]+")) {
            throw new IllegalArgumentException("ATLAS_TRUSTED_PROXIES: '" + text + "' is not an IP address");
        }
        try {
            return InetAddress.getByName(t.replace("[", "").replace("]", "")).getAddress();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("ATLAS_TRUSTED_PROXIES: '" + text + "' is not an IP address", e);
        }
    }
}
