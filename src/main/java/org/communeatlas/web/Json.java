package org.communeatlas.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.javalin.http.Context;

/** The one JSON mapper (thread-safe once built) and the helpers that send JSON with an ETag. */
public final class Json {

    public static final ObjectMapper MAPPER = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private Json() {
    }

    public static byte[] bytes(Object value) {
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("could not serialise " + value.getClass().getSimpleName(), e);
        }
    }

    /** Sends a value as JSON with a strong ETag, or 304 when the client has it already. */
    public static void send(Context ctx, Object value) {
        send(ctx, value, "application/json");
    }

    public static void send(Context ctx, Object value, String mediaType) {
        sendBytes(ctx, bytes(value), mediaType);
    }

    public static void sendBytes(Context ctx, byte[] body, String mediaType) {
        if (Etags.notModified(ctx, Etags.of(body))) {
            return;
        }
        ctx.contentType(mediaType + (mediaType.startsWith("text/") || mediaType.endsWith("json") ? "; charset=utf-8" : ""));
        ctx.result(body);
    }
}
