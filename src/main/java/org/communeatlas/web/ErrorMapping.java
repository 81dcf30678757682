package org.communeatlas.web;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import java.sql.SQLException;
import java.util.UUID;
import org.communeatlas.core.AtlasException;
import org.communeatlas.core.ConflictException;
import org.communeatlas.core.ForbiddenException;
import org.communeatlas.core.InvalidInputException;
import org.communeatlas.core.JsonCodec;
import org.communeatlas.core.Messages;
import org.communeatlas.core.NotFoundException;
import org.communeatlas.core.ThrottledException;
import org.communeatlas.core.TileOutOfRangeException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns every failure into an RFC 9457 problem: the domain's {@link AtlasException}s (each kind to its status,
 * here and nowhere else), the web layer's own {@link ProblemException}s, Javalin's HTTP
 * exceptions (unknown route, body too large, ...), and anything unexpected, which becomes a 500 whose
 * detail is only a reference to the server log — never a stack trace or an internal message.
 */
public final class ErrorMapping {

    private static final Logger log = LoggerFactory.getLogger(ErrorMapping.class);

    private ErrorMapping() {
    }

    public static void install(JavalinConfig config) {
        config.routes.exception(ProblemException.class, (e, ctx) -> safely(ctx, () -> write(ctx, e.problem())));
        config.routes.exception(AtlasException.class, (e, ctx) -> safely(ctx, () -> {
            if (e instanceof ThrottledException t) {
                ctx.header("Retry-After", Long.toString(t.waitSeconds()));
            }
            write(ctx, problem(e));
        }));
        config.routes.exception(HttpResponseException.class, (e, ctx) -> safely(ctx, () -> write(ctx,
                new Problem("about:blank", reason(e.getStatus()), e.getStatus(), describe(e, ctx), null))));
        config.routes.exception(Exception.class, (e, ctx) -> safely(ctx, () -> {
            String reference = UUID.randomUUID().toString().substring(0, 8);
            SQLException database = databaseCause(e);
            if (database != null && refused(ctx, database)) {
                return;
            }
            if (database != null && unreachable(database)) {
                unavailable(ctx, database, reference);
                return;
            }
            log.error("unhandled error ref={} {} {}", reference, ctx.method(), ctx.path(), e);
            write(ctx, new Problem("about:blank", "Internal Server Error", 500,
                    "The server could not complete the request (reference " + reference + ").", null));
        }));
        for (int status : new int[] {404, 405}) {
            config.routes.error(status, ctx -> {
                if (ctx.result() == null || ctx.result().isEmpty()) {
                    write(ctx, new Problem("about:blank", reason(status), status,
                            status == 404 ? "Nothing is served at " + Messages.shorten(ctx.path())
                                    : "Method " + ctx.method() + " is not allowed here", null));
                }
            });
        }
    }

    /** Seconds a client is asked to wait before trying again while the database is unavailable. */
    static final int RETRY_AFTER_SECONDS = 5;

    /** The database error under an exception, if one is. */
    static SQLException databaseCause(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql) {
                return sql;
            }
        }
        return null;
    }

    /**
     * A rule of the data the request broke (SQLSTATE class 23, integrity; 22, a value the column cannot hold): the request
     * is wrong, not the database down — sent again it fails again, so no Retry-After. A row others depend on (23503) or a
     * value taken (23505) is a 409, any other rule a 422, naming the rule and nothing of the data.
     */
    private static boolean refused(Context ctx, SQLException e) {
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        String rule = e instanceof org.postgresql.util.PSQLException p && p.getServerErrorMessage() != null
                && p.getServerErrorMessage().getConstraint() != null ? p.getServerErrorMessage().getConstraint() : null;
        if (state.equals("23503") || state.equals("23505")) {
            write(ctx, new Problem("urn:commune-atlas:problem:conflict", "Conflict", 409, (state.equals("23503")
                    ? "Dữ liệu khác còn dựa vào bản ghi này (hoặc bản ghi nó dựa vào không có)"
                    : "Giá trị này đã có") + (rule == null ? "" : " — quy tắc " + rule), null));
            return true;
        }
        if (state.startsWith("23") || state.startsWith("22")) {
            write(ctx, new Problem("urn:commune-atlas:problem:rule-violated", "Unprocessable Content", 422,
                    "Dữ liệu gửi lên không hợp quy tắc" + (rule == null ? "" : " " + rule), null));
            return true;
        }
        return false;
    }

    /**
     * Whether the database cannot be reached or cannot answer now (a lost or refused connection, a shutdown, a query
     * cancelled by the timeouts, a serialisation failure retried out): a 503. Anything else is the server's own error, a 500.
     */
    static boolean unreachable(SQLException e) {
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        return e instanceof java.sql.SQLTransientException || e instanceof java.sql.SQLRecoverableException
                || state.isEmpty() || state.startsWith("08") || state.startsWith("57") || state.startsWith("53") || state.startsWith("40")
                || state.equals("55P03") || state.equals("XX000");
    }

    /**
     * A database error is the database's state, not the request's fault: 503 with Retry-After. An outage (no connection,
     * a connection lost, the server shutting down or frozen past the timeouts) writes no line per request — the health
     * watcher writes one per outage; any other database error one line, without a trace.
     */
    private static void unavailable(Context ctx, SQLException e, String reference) {
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        boolean outage = e instanceof java.sql.SQLTransientConnectionException || e instanceof java.sql.SQLRecoverableException
                || state.startsWith("08") || state.startsWith("57P");
        if (outage) {
            log.debug("database unavailable ref={} {} {}: {}", reference, ctx.method(), ctx.path(), e.getMessage());
        } else {
            log.warn("database error ref={} state={} {} {}: {}", reference, state, ctx.method(), ctx.path(), e.getMessage());
        }
        ctx.header("Retry-After", Integer.toString(RETRY_AFTER_SECONDS));
        ctx.header("Cache-Control", "no-store");
        write(ctx, new Problem("urn:commune-atlas:problem:database-unavailable", "Service Unavailable", 503,
                "The database is unavailable or too busy; try again in a few seconds (reference " + reference + ").", null));
    }

    /** The problem a domain error is, for the client: its kind decides the status, its message the detail. */
    public static Problem problem(AtlasException e) {
        if (e instanceof InvalidInputException i) {
            return (i.wholeBody() ? ProblemException.badBody(i.getMessage()) : ProblemException.badParameter(i.field(), i.getMessage())).problem();
        }
        if (e instanceof NotFoundException) {
            return ProblemException.notFound(e.getMessage()).problem();
        }
        if (e instanceof ConflictException) {
            return ProblemException.conflict(e.getMessage()).problem();
        }
        if (e instanceof org.communeatlas.core.PreconditionFailedException p && p.versionMissing()) {
            return new Problem("about:blank", "Precondition Required", 428, e.getMessage(), "If-Match");
        }
        if (e instanceof org.communeatlas.core.PreconditionFailedException) {
            return new Problem("urn:commune-atlas:problem:changed-meanwhile", "Precondition Failed", 412, e.getMessage(), "If-Match");
        }
        if (e instanceof ForbiddenException) {
            return ProblemException.forbidden(e.getMessage()).problem();
        }
        if (e instanceof TileOutOfRangeException t) {
            return new Problem("urn:commune-atlas:problem:tile-out-of-range", "Tile out of range", 404,
                    "Parameter '" + t.parameter() + "': " + e.getMessage(), t.parameter());
        }
        if (e instanceof ThrottledException) {
            return new Problem("urn:commune-atlas:problem:throttled", "Too Many Requests", 429, e.getMessage(), null);
        }
        throw new IllegalArgumentException("unmapped domain error " + e.getClass().getSimpleName());
    }

    /**
     * Runs an error handler that must not throw: when the client has gone and Jetty has recycled the
     * request, reading it fails, and an exception handler that throws makes Javalin call handlers again
     * and again (seen under fuzzing: millions of log lines a minute). Then there is nobody to answer.
     */
    private static void safely(Context ctx, Runnable handler) {
        try {
            handler.run();
        } catch (RuntimeException gone) {
            log.debug("could not answer a request whose client has gone: {}", gone.toString());
        }
    }

    public static void write(Context ctx, Problem problem) {
        ctx.status(problem.status());
        ctx.contentType(Problem.MEDIA_TYPE + "; charset=utf-8");
        ctx.result(JsonCodec.bytes(problem));
    }

    private static String describe(HttpResponseException e, Context ctx) {
        return switch (e.getStatus()) {
            case 404 -> "Nothing is served at " + Messages.shorten(ctx.path());
            case 405 -> "Method " + ctx.method() + " is not allowed here";
            case 413 -> "The request body is too large";
            default -> reason(e.getStatus());
        };
    }

    static String reason(int status) {
        return switch (status) {
            case 400 -> "Bad Request";
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 405 -> "Method Not Allowed";
            case 406 -> "Not Acceptable";
            case 409 -> "Conflict";
            case 413 -> "Content Too Large";
            case 415 -> "Unsupported Media Type";
            case 429 -> "Too Many Requests";
            case 503 -> "Service Unavailable";
            default -> status >= 500 ? "Server Error" : "Client Error";
        };
    }
}
