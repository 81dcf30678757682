package org.communeatlas.web;

import io.javalin.http.Context;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.communeatlas.gdal.Conversions;

/**
 * Sends a file as a download: its media type, its name for the user's disk, never stored by a cache (exports may
 * hold personal data, and a file is made for the one who asked).
 */
public final class FileSender {

    private FileSender() {
    }

    public static void send(Context ctx, Path file, String mediaType, String downloadName) throws Exception {
        ctx.contentType(mediaType);
        ctx.header("Content-Disposition", "attachment; filename=\"" + downloadName + "\"");
        ctx.header("Cache-Control", "private, no-store");
        try (InputStream in = Files.newInputStream(file); OutputStream out = ctx.outputStream()) {
            in.transferTo(out);
        }
    }

    /** Sends a converted analysis result and deletes it. */
    public static void send(Context ctx, Conversions.Converted converted) throws Exception {
        try (converted) {
            send(ctx, converted.file(), converted.mediaType(), converted.file().getFileName().toString());
        }
    }
}
