/**
 * The vocabulary every feature shares: the domain errors a rule throws (mapped to problem+json once, in
 * {@code web/ErrorMapping}), the one JSON mapper, and the facts about administrative units that many
 * features use (the 1 July 2025 reform). Depends on nothing else of the project.
 */
package org.communeatlas.core;
