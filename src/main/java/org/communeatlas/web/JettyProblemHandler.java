package org.communeatlas.web;

import org.communeatlas.core.JsonCodec;
import java.nio.ByteBuffer;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Errors that Jetty answers before a request reaches the application (an undecodable URI, oversized
 * headers, a malformed request line) come back as problem+json too, with the security headers every answer
 * carries, without Jetty's HTML page or any internals.
 */
public final class JettyProblemHandler extends ErrorHandler {

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        int status = response.getStatus() >= 400 ? response.getStatus() : 500;
        byte[] body = body(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, Problem.MEDIA_TYPE + "; charset=utf-8");
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        SecurityHeaders.ALL.forEach((name, value) -> response.getHeaders().put(name, value));
        response.write(true, ByteBuffer.wrap(body), callback);
        return true;
    }

    @Override
    public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
        fields.put(new HttpField(HttpHeader.CONTENT_TYPE, Problem.MEDIA_TYPE + "; charset=utf-8"));
        SecurityHeaders.ALL.forEach((name, value) -> fields.put(name, value));
        return ByteBuffer.wrap(body(status));
    }

    private static byte[] body(int status) {
        String reason = HttpStatus.getMessage(status);
        String detail = status == 400 ? "The request could not be read (malformed URI, header or request line)"
                : status == 431 ? "The request headers are too large" : reason;
        return JsonCodec.bytes(new Problem("about:blank", reason, status, detail, null));
    }
}
