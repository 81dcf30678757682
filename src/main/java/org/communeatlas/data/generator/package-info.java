/**
 * The deterministic generator of the demo dataset of Quảng Nam (units, villages, models, households, sites,
 * roads, floods) with JTS. Uses data only; never the database.
 */
package org.communeatlas.data.generator;
