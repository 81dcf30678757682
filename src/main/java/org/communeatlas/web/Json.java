package org.communeatlas.web;

import io.javalin.http.Context;
import org.communeatlas.content.Etags;
import org.communeatlas.core.JsonCodec;
import org.communeatlas.db.Idempotency;

/** Sends JSON (written by {@link JsonCodec}) with a strong ETag. */
public final class Json {

    private Json() {
    }

    /** Sends a value as JSON with a strong ETag, or 304 when the client has it already. */
    public static void send(Context ctx, Object value) {
        send(ctx, value, "application/json");
    }

    public static void send(Context ctx, Object value, String mediaType) {
        sendBytes(ctx, JsonCodec.bytes(value), mediaType);
    }

    public static void sendBytes(Context ctx, byte[] body, String mediaType) {
        sendBytes(ctx, body, mediaType, Etags.of(body));
    }

    /** A change's answer: the first answer again when its key was sent before, else its value (tagged with its hash, as the kept answer is). */
    public static void sendChange(Context ctx, Idempotency.Keyed<?> change) {
        if (change.replayed() != null) {
            sendReplay(ctx, change.replayed());
        } else {
            send(ctx, change.result());
        }
    }

    /** A change's answer: the first answer again when its key was sent before, else its value tagged with the version it made. */
    public static void sendChange(Context ctx, Idempotency.Answer replayed, Object value, String etag) {
        if (replayed != null) {
            sendReplay(ctx, replayed);
        } else {
            sendBytes(ctx, JsonCodec.bytes(value), "application/json", etag);
        }
    }

    /** The first answer to a change sent again with its Idempotency-Key, as it was given, marked as a replay. */
    public static void sendReplay(Context ctx, Idempotency.Answer first) {
        ctx.header("Idempotent-Replayed", "true");
        if (first.etag() != null) {
            ctx.header("ETag", first.etag());
        }
        ctx.status(first.status()).contentType("application/json").result(first.body());
    }

    /** As {@link #sendBytes(Context, byte[], String)}, tagged with a version the caller knows rather than the body's hash. */
    public static void sendBytes(Context ctx, byte[] body, String mediaType, String etag) {
        if (Conditional.notModified(ctx, etag)) {
            return;
        }
        ctx.contentType(mediaType + (mediaType.startsWith("text/") || mediaType.endsWith("json") ? "; charset=utf-8" : ""));
        ctx.result(body);
    }
}
