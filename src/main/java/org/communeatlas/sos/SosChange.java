package org.communeatlas.sos;

import java.util.List;
import java.util.Set;

/** An officer's change to a request: each field null when left as it is. */
public record SosChange(String state, String team, Long householdId, Long duplicateOf) {

    /** The states, in the order a request goes through them. */
    public static final List<String> STATES = List.of("new", "verified", "assigned", "rescued", "closed", "duplicate", "false");

    /** States of a request that still needs someone. */
    public static final Set<String> OPEN = Set.of("new", "verified", "assigned");
}
