package org.communeatlas.layers.edits;

import org.communeatlas.web.ProblemException;

/** 412 (the version named in If-Match is not the feature's now) or 428 (no version named). */
final class PreconditionException extends ProblemException {

    PreconditionException(int status, String header, String detail) {
        super(status, "about:blank", status == 412 ? "Precondition Failed" : "Precondition Required", detail, header);
    }
}
