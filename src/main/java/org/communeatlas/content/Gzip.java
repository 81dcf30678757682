package org.communeatlas.content;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

/**
 * gzip for bodies the server holds whole (tiles): done once for a cached tile, only for clients that ask. A new
 * {@link GZIPOutputStream} sets up a new zlib stream (about 256 KB of native memory) for every body, which cost a small
 * tile 20–50 µs; each thread here keeps one {@link Deflater} and resets it, 8 µs.
 */
public final class Gzip {

    /** The gzip member header of RFC 1952: deflate, no name, no time, unknown OS. */
    private static final byte[] HEADER = {0x1f, (byte) 0x8b, Deflater.DEFLATED, 0, 0, 0, 0, 0, 0, (byte) 0xff};

    private static final ThreadLocal<Deflater> DEFLATERS = ThreadLocal.withInitial(() -> new Deflater(Deflater.BEST_SPEED, true));

    private Gzip() {
    }

    public static byte[] gzip(byte[] data) {
        Deflater deflater = DEFLATERS.get();
        deflater.reset();
        deflater.setInput(data);
        deflater.finish();
        ByteArrayOutputStream out = new ByteArrayOutputStream(data.length / 2 + 64);
        out.writeBytes(HEADER);
        byte[] buffer = new byte[Math.min(64 * 1024, data.length + 64)];
        while (!deflater.finished()) {
            out.write(buffer, 0, deflater.deflate(buffer));
        }
        CRC32 crc = new CRC32();
        crc.update(data);
        writeIntLittleEndian(out, (int) crc.getValue());
        writeIntLittleEndian(out, data.length);
        return out.toByteArray();
    }

    /** Gzip at the best compression: for bodies compressed once and sent many times (the map page). */
    public static byte[] gzipBest(byte[] data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(data.length / 3 + 64);
        try (GZIPOutputStream gz = new GZIPOutputStream(out) {
            {
                def.setLevel(Deflater.BEST_COMPRESSION);
            }
        }) {
            gz.write(data);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a byte array stream does not fail
        }
        return out.toByteArray();
    }

    private static void writeIntLittleEndian(ByteArrayOutputStream out, int v) {
        out.write(v);
        out.write(v >>> 8);
        out.write(v >>> 16);
        out.write(v >>> 24);
    }
}
