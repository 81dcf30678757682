package org.communeatlas.core;

/** Nothing with this id or code — or nothing the caller may know exists. */
public final class NotFoundException extends AtlasException {

    public NotFoundException(String detail) {
        super(detail);
    }
}
