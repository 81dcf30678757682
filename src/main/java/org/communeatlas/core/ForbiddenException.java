package org.communeatlas.core;

/** The caller is known but may not do this (another commune's household, a role too low). */
public final class ForbiddenException extends AtlasException {

    public ForbiddenException(String detail) {
        super(detail);
    }
}
