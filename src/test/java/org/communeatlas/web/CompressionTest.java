package org.communeatlas.web;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import java.util.zip.GZIPInputStream;
import org.communeatlas.content.Gzip;
import org.junit.jupiter.api.Test;

/** The server's gzip, with its reused deflater, reads back through the JDK's gzip reader as the bytes it was given. */
class CompressionTest {

    private static byte[] gunzip(byte[] gz) throws IOException {
        try (var in = new GZIPInputStream(new ByteArrayInputStream(gz))) {
            return in.readAllBytes();
        }
    }

    @Test
    void everySizeRoundTripsOneAfterAnother() throws IOException {
        SplittableRandom random = new SplittableRandom(1);
        // empty, tiny, a tile, larger than the deflater's buffer, and incompressible bytes that grow when deflated
        for (int size : new int[] {0, 1, 461, 4_096, 70_000, 300_000}) {
            byte[] text = "Thôn Phú Thạnh, xã Tam Thăng — hộ ".repeat(size / 20 + 1).substring(0, size).getBytes(StandardCharsets.UTF_8);
            byte[] noise = new byte[size];
            random.nextBytes(noise);
            for (byte[] data : new byte[][] {text, noise}) {
                byte[] gz = Gzip.gzip(data);
                assertArrayEquals(data, gunzip(gz), size + " bytes");
            }
            if (size >= 4_096) {
                assertTrue(Gzip.gzip(text).length < text.length / 4, "text shrinks");
            }
        }
    }
}
