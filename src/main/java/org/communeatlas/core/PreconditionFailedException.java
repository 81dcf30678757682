package org.communeatlas.core;

/** The version a client's change was made on is not the record's now (If-Match): a 412, to review and resend or drop. */
public final class PreconditionFailedException extends AtlasException {

    public PreconditionFailedException(String detail) {
        super(detail);
    }
}
