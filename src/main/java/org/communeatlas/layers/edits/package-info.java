/**
 * OGC API – Features Part 4 (Create, Replace, Update, Delete) on households: a controller that speaks HTTP (GeoJSON
 * bodies, If-Match, Location), a service with the rules (the importer's field checks, commune scope, optimistic
 * locking by row version, the audit log), a store with the SQL.
 */
package org.communeatlas.layers.edits;
