package org.communeatlas.web;

/**
 * Thrown anywhere in request handling to answer with a problem+json response; mapped once in
 * {@link ErrorMapping}. The detail is shown to the client, so it never carries personal data or internals.
 */
public class ProblemException extends RuntimeException {

    private final transient Problem problem;

    public ProblemException(int status, String type, String title, String detail, String parameter) {
        super(detail);
        this.problem = new Problem(type, title, status, detail, parameter);
    }

    public Problem problem() {
        return problem;
    }

    /** 400: a query or path parameter is malformed or out of range. */
    public static ProblemException badParameter(String parameter, String detail) {
        return new ProblemException(400, "urn:commune-atlas:problem:invalid-parameter", "Invalid parameter",
                "Parameter '" + parameter + "': " + detail, parameter);
    }

    /** 400: the request body cannot be used. */
    public static ProblemException badBody(String detail) {
        return new ProblemException(400, "urn:commune-atlas:problem:invalid-body", "Invalid request body", detail, "body");
    }

    /** 404: nothing at this address (or nothing the caller may know exists). */
    public static ProblemException notFound(String detail) {
        return new ProblemException(404, "about:blank", "Not Found", detail, null);
    }

    public static ProblemException unauthorized(String detail) {
        return new ProblemException(401, "about:blank", "Unauthorized", detail, null);
    }

    public static ProblemException forbidden(String detail) {
        return new ProblemException(403, "about:blank", "Forbidden", detail, null);
    }

    /** 409: the change conflicts with the current state (e.g. a site with no room left). */
    public static ProblemException conflict(String detail) {
        return new ProblemException(409, "urn:commune-atlas:problem:conflict", "Conflict", detail, null);
    }

    public static ProblemException unsupportedMediaType(String detail) {
        return new ProblemException(415, "about:blank", "Unsupported Media Type", detail, null);
    }

    public static ProblemException unavailable(String detail) {
        return new ProblemException(503, "about:blank", "Service Unavailable", detail, null);
    }
}
