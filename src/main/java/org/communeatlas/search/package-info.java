/**
 * Search by name ignoring Vietnamese diacritics (trigram indexes on folded names) and the points the map writes
 * unit names at. Controllers, a service and a store (its long query in search.sql); uses db, core and web.
 */
package org.communeatlas.search;
