/**
 * What a flood does: the households under water, cut off on the dry road network or in weak houses, their vulnerable
 * members and needs (FloodAnalyzer, cached per flood and data version), and the public's report of it.
 */
package org.communeatlas.floods.impact;
