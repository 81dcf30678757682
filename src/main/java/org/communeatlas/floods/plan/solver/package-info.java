/**
 * The evacuation assignment as a pure computation: households and sites on the road graph in, each household's
 * site and route out (min-cost flow with whole-family repair, CP-SAT for small problems). No database, no HTTP;
 * uses floods.routing and OR-Tools.
 */
package org.communeatlas.floods.plan.solver;
