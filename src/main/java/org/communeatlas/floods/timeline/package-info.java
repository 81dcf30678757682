/**
 * The after-action timeline of a flood: every recorded event since it began — the flood itself, road closures and
 * openings, calls for help and their handling, check-ins, plans — in time order with who did it, from the append-only
 * audit log. JSON and CSV for the committee's report. Controller, service, store; uses accounts, floods, web.
 */
package org.communeatlas.floods.timeline;
