/**
 * Evacuation plans: the problem built from a flood's analysis, solved (floods.plan.solver), stored and read back
 * as JSON, CSV, GeoJSON, route trees and the printable A4 sheet of a commune (PlanSheet, an HTML view).
 * Controller, service, store; uses floods, floods.routing, accounts, db, core, gdal and web (HTTP side).
 */
package org.communeatlas.floods.plan;
