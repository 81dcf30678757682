package org.communeatlas.accounts;

import java.util.Set;
import java.util.TreeSet;
import org.communeatlas.core.ForbiddenException;

/**
 * Who is asking: anonymous, or a signed-in user with a role. Decides which personal data a response may
 * carry: admins see all of it, officers only that of households and sites in their own communes, viewers
 * and anonymous users none.
 *
 * @param userId     account id, null when anonymous
 * @param username   account name, null when anonymous
 * @param role       the role
 * @param communeIds the pre-2025 communes an officer works in (ids of {@code admin_unit})
 */
public record Viewer(Integer userId, String username, Role role, Set<Integer> communeIds) {

    public enum Role { ANONYMOUS, VIEWER, OFFICER, ADMIN }

    public static final Viewer ANONYMOUS = new Viewer(null, null, Role.ANONYMOUS, Set.of());

    public Viewer {
        communeIds = Set.copyOf(communeIds);
    }

    public boolean isAdmin() {
        return role == Role.ADMIN;
    }

    public boolean isSignedIn() {
        return role != Role.ANONYMOUS;
    }

    /** Whether this viewer may act in the commune (pre-2025 unit id): admins everywhere, officers in their own. */
    public boolean actsIn(int communeId) {
        return role == Role.ADMIN || (role == Role.OFFICER && communeIds.contains(communeId));
    }

    /** Refuses ({@link ForbiddenException}) unless this viewer may act in the commune. */
    public void requireCommune(int communeId) {
        if (!actsIn(communeId)) {
            throw new ForbiddenException("This belongs to a commune outside your own");
        }
    }

    /** Whether this viewer may see any personal data at all. */
    public boolean seesPersonalData() {
        return role == Role.ADMIN || (role == Role.OFFICER && !communeIds.isEmpty());
    }

    /** A key naming what this viewer may see, for caches and ETags: two viewers with the same key see the same. */
    public String visibilityKey() {
        return switch (role) {
            case ANONYMOUS, VIEWER -> "public";
            case ADMIN -> "all";
            case OFFICER -> "communes:" + new TreeSet<>(communeIds);
        };
    }
}
