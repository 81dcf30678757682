package org.communeatlas.accounts;

import java.util.List;
import java.util.Set;

/**
 * An account.
 *
 * @param communeIds   the pre-2025 communes an officer works in (post-2025 units assigned are expanded
 *                     to the communes they were merged from)
 * @param communeCodes their codes, for display
 */
public record User(int id, String username, String displayName, String passwordHash, Viewer.Role role, boolean disabled,
                   Set<Integer> communeIds, List<String> communeCodes) {

    public Viewer viewer() {
        return new Viewer(id, username, role, communeIds);
    }
}
