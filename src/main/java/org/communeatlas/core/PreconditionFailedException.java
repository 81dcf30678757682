package org.communeatlas.core;

import java.util.function.Supplier;

/** The version a client's change was made on is not the record's now (If-Match): a 412, to review and resend or drop. */
public final class PreconditionFailedException extends AtlasException {

    public PreconditionFailedException(String detail) {
        super(detail);
    }

    /** Refuses a change whose If-Match (null or "*": any version) names another version than {@code etag}, the record's now. */
    public static void unlessMatches(String ifMatch, String etag, Supplier<String> detail) {
        if (ifMatch != null && !ifMatch.equals("*") && !ifMatch.equals(etag)) {
            throw new PreconditionFailedException(detail.get());
        }
    }
}
