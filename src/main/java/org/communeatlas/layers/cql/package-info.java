/**
 * OGC CQL2 text filters parsed by an ANTLR grammar into typed SQL with bound values; only the catalog's
 * queryable properties may appear. Errors are core's InvalidInputException naming the filter. Uses layers, core.
 */
package org.communeatlas.layers.cql;
