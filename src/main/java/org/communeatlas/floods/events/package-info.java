/** Flood events and scenarios: created from a scenario, a drawn or an uploaded extent; who may see their figures. */
package org.communeatlas.floods.events;
