package org.communeatlas.web;

import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A file answered by byte ranges (RFC 9110 §14), as readers of cloud-optimised files (PMTiles) ask for it: one range
 * {@code bytes=a-b}, {@code bytes=a-} or {@code bytes=-n} is a 206 with its {@code Content-Range}; none is the whole
 * file; a range past the end is a 416. Several ranges in one request are answered with the whole file, as the RFC allows.
 */
public final class RangeSender {

    private static final Pattern ONE_RANGE = Pattern.compile("bytes=(\\d*)-(\\d*)");

    private RangeSender() {
    }

    public static void send(Context ctx, Path file, String mediaType) throws IOException {
        long size = Files.size(file);
        ctx.header("Accept-Ranges", "bytes");
        ctx.contentType(mediaType);
        ctx.disableCompression();
        String range = ctx.header("Range");
        Matcher m = range == null ? null : ONE_RANGE.matcher(range.strip());
        if (m == null || !m.matches() || (m.group(1).isEmpty() && m.group(2).isEmpty())) {
            ctx.header("Content-Length", Long.toString(size));
            try (InputStream in = Files.newInputStream(file); OutputStream out = ctx.outputStream()) {
                in.transferTo(out);
            }
            return;
        }
        long first;
        long last;
        if (m.group(1).isEmpty()) {
            first = Math.max(0, size - Long.parseLong(m.group(2)));
            last = size - 1;
        } else {
            first = Long.parseLong(m.group(1));
            last = m.group(2).isEmpty() ? size - 1 : Math.min(Long.parseLong(m.group(2)), size - 1);
        }
        if (first >= size || last < first) {
            ctx.header("Content-Range", "bytes */" + size);
            ctx.status(416);
            return;
        }
        ctx.status(206);
        ctx.header("Content-Range", "bytes " + first + "-" + last + "/" + size);
        ctx.header("Content-Length", Long.toString(last - first + 1));
        try (SeekableByteChannel channel = Files.newByteChannel(file); OutputStream out = ctx.outputStream()) {
            channel.position(first);
            InputStream in = Channels.newInputStream(channel);
            byte[] buffer = new byte[64 * 1024];
            long left = last - first + 1;
            while (left > 0) {
                int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
                if (n < 0) {
                    break;
                }
                out.write(buffer, 0, n);
                left -= n;
            }
        }
    }
}
