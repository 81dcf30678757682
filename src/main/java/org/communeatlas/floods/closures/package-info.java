/**
 * Road closures during a flood: an officer closes a segment (flooded, landslide, bridge down) or opens it again;
 * isolation and routes of the current floods follow at once, and the answer lists who was newly cut off.
 * Controller, service, store; uses floods, accounts, db, events, core and web (HTTP side).
 */
package org.communeatlas.floods.closures;
