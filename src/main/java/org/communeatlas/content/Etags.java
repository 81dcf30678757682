package org.communeatlas.content;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * Strong entity tags. A tag is derived from the bytes sent (for bodies built in memory) or from the data version plus
 * the canonical request (for bodies streamed from the database, whose bytes are deterministic for a given data version
 * because every query has a total order). Conditional requests are answered by {@code web/Conditional}.
 */
public final class Etags {

    private Etags() {
    }

    public static String of(byte[] body) {
        return quote(digest(body));
    }

    public static String of(String... parts) {
        return quote(digest(String.join("\u0000", parts).getBytes(StandardCharsets.UTF_8)));
    }

    private static String quote(byte[] digest) {
        return "\"" + Base64.getUrlEncoder().withoutPadding().encodeToString(java.util.Arrays.copyOf(digest, 18)) + "\"";
    }

    private static byte[] digest(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
