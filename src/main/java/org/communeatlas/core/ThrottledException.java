package org.communeatlas.core;

/** Too many attempts (failed sign-ins, public requests): try again after {@link #waitSeconds()}. */
public final class ThrottledException extends AtlasException {

    private final long waitSeconds;

    public ThrottledException(String detail, long waitSeconds) {
        super(detail);
        this.waitSeconds = waitSeconds;
    }

    public long waitSeconds() {
        return waitSeconds;
    }
}
