/**
 * The situation board of a flood: who is still at risk now (flooded or cut off and not at a site) per commune, the
 * open calls for help by state, and each site's people against its capacity with the day's delivery list (the needs
 * profile × the people there now). JSON (the map refreshes it on live events) and Excel. Controller, service, store;
 * uses floods, db, core, gdal and web (HTTP side).
 */
package org.communeatlas.floods.situation;
