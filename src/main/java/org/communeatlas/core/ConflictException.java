package org.communeatlas.core;

/** The change conflicts with the state it meets: a site with no room left, a site that is closed. */
public final class ConflictException extends AtlasException {

    public ConflictException(String detail) {
        super(detail);
    }
}
