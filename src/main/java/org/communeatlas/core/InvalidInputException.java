package org.communeatlas.core;

/**
 * Input that cannot be used: a parameter, a field of a body or a file's column that is malformed, out of range
 * or refers to nothing. Names what is wrong ({@link #field()}) so that the answer can say which it is.
 */
public final class InvalidInputException extends AtlasException {

    private final String field;
    private final boolean wholeBody;

    private InvalidInputException(String field, String detail, boolean wholeBody) {
        super(detail);
        this.field = field;
        this.wholeBody = wholeBody;
    }

    /** A parameter or field named {@code field} is wrong; {@code detail} says how. */
    public static InvalidInputException field(String field, String detail) {
        return new InvalidInputException(field, detail, false);
    }

    /** The body as a whole cannot be used (not the right shape, empty, ...). */
    public static InvalidInputException body(String detail) {
        return new InvalidInputException("body", detail, true);
    }

    public String field() {
        return field;
    }

    /** True when the body as a whole is refused rather than one named field of it. */
    public boolean wholeBody() {
        return wholeBody;
    }
}
