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
        byte[] peer = literal(ctx.req().getRemoteAddr());
        if (ranges.stream().anyMatch(r -> r.contains(peer))) {
            ctx.attribute(TRUSTED, Boolean.TRUE);
        }
    }

    static boolean trusted(Context ctx) {
        return Boolean.TRUE.equals(ctx.attribute(TRUSTED));
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
