package org.communeatlas.core;

/**
 * A request refused by a rule of the domain: invalid input, something that is not there, a conflict with the
 * current state, an action the caller may not take. Thrown by services and stores, which know nothing of HTTP;
 * the web layer maps each kind to its status once. The message is shown to the user, so it never carries
 * personal data or internals.
 */
public abstract sealed class AtlasException extends RuntimeException
        permits InvalidInputException, NotFoundException, ConflictException, ForbiddenException, ThrottledException,
        PreconditionFailedException, TileOutOfRangeException {

    protected AtlasException(String message) {
        super(message);
    }
}
