/**
 * GDAL's ogr2ogr as the project runs it: staging an official's file into the database for the importer,
 * writing exports, converting answers to Excel and GeoPackage. Nothing of a file is parsed in Java. Uses db.
 */
package org.communeatlas.gdal;
