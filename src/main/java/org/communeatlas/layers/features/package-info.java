/**
 * OGC API – Features over the catalog: landing page, conformance, collections, items streamed from a cursor as
 * GeoJSON, HTML or CSV, queryables and the OpenAPI document. Uses layers, layers.cql, accounts, db, core and web.
 */
package org.communeatlas.layers.features;
