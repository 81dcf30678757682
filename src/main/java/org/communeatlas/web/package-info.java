/**
 * The HTTP plumbing every controller shares: problem+json errors (domain errors mapped once in ErrorMapping),
 * parameter parsing, ETags and conditional GETs, compression, security headers, metrics, file downloads, health.
 * Uses core, db, accounts (who is asking) and gdal (conversions of downloads).
 */
package org.communeatlas.web;
