/**
 * Officials' files in, all or nothing: GDAL stages the file, every row is checked (types and ranges in Java;
 * geometry, codes and references in PostGIS) and written in one transaction with its audit entry, or nothing
 * is written and the report says why. Controller, service, store; uses files, gdal, geo, accounts, db, core.
 */
package org.communeatlas.imports;
