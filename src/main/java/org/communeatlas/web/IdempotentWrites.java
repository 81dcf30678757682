package org.communeatlas.web;

import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import javax.sql.DataSource;
import org.communeatlas.core.ConflictException;
import org.communeatlas.db.Idempotency;
import org.communeatlas.db.Transactions;

/**
 * {@code Idempotency-Key} for the writes whose services do not take the key in their own transaction (SOS requests,
 * road closures, floods and plans, features, imports). The key is claimed in a short transaction of its own, the
 * write runs, and its answer is kept with the key when it succeeded (2xx) — or the key is let go when it did not, so
 * that sending it again tries again. A request sent again while the first is still being answered gets a 409 with
 * Retry-After (the IETF draft's answer), never a second write. Household status changes and site reports keep the key
 * in the change's own transaction instead (see {@link Idempotency}): nothing lies between the write and its answer.
 */
public final class IdempotentWrites {

    private final DataSource db;

    public IdempotentWrites(DataSource db) {
        this.db = db;
    }

    public Handler wrap(Handler write) {
        return ctx -> {
            Idempotency.Request key = Requests.idempotency(ctx);
            if (key == null) {
                write.handle(ctx);
                return;
            }
            int user = Requests.viewer(ctx).userId();
            Optional<Idempotency.Answer> first = Transactions.inTransaction(db, c -> Idempotency.claim(c, user, key));
            if (first.isPresent()) {
                if (first.get().pending()) {
                    ctx.header("Retry-After", "1");
                    throw new ConflictException("A request with this Idempotency-Key is still being answered; send it again in a moment");
                }
                Json.sendReplay(ctx, first.get());
                return;
            }
            boolean kept = false;
            try {
                write.handle(ctx);
                int status = ctx.statusCode();
                if (status >= 200 && status < 300) {
                    String body = body(ctx);
                    String etag = ctx.res().getHeader("ETag");
                    Transactions.inTransaction(db, c -> {
                        Idempotency.record(c, user, key, new Idempotency.Answer(status, body, etag));
                        return null;
                    });
                    kept = true;
                }
            } finally {
                if (!kept) {
                    Transactions.inTransaction(db, c -> {
                        Idempotency.release(c, user, key);
                        return null;
                    });
                }
            }
        };
    }

    /** The answer's body as sent (read, then set again for sending). */
    private static String body(Context ctx) throws IOException {
        InputStream in = ctx.resultInputStream();
        if (in == null) {
            return "";
        }
        byte[] bytes = in.readAllBytes();
        ctx.result(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
