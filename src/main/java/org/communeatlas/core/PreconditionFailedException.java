package org.communeatlas.core;

import java.util.function.Supplier;

/**
 * The version a client's change was made on is not the record's now (If-Match): a 412, to review and resend or drop; or
 * a change that must name its version named none: a 428.
 */
public final class PreconditionFailedException extends AtlasException {

    private final boolean versionMissing;

    public PreconditionFailedException(String detail) {
        this(detail, false);
    }

    private PreconditionFailedException(String detail, boolean versionMissing) {
        super(detail);
        this.versionMissing = versionMissing;
    }

    /** A change that names no version where one is required (428 Precondition Required). */
    public static PreconditionFailedException versionRequired(String detail) {
        return new PreconditionFailedException(detail, true);
    }

    /** True when no version was named at all (428), false when another one was (412). */
    public boolean versionMissing() {
        return versionMissing;
    }

    /** Refuses a change whose If-Match (null or "*": any version) names another version than {@code etag}, the record's now. */
    public static void unlessMatches(String ifMatch, String etag, Supplier<String> detail) {
        if (ifMatch != null && !ifMatch.equals("*") && !ifMatch.equals(etag)) {
            throw new PreconditionFailedException(detail.get());
        }
    }
}
