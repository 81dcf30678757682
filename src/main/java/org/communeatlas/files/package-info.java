/**
 * The atlas's layers as officials' files: for each layer that loads and downloads as a file (households, sites,
 * villages, models, adoptions, communes, post-2025 units), its columns with their Vietnamese headers, types and
 * ranges, its geometry, the checks that need the database and the SQL that writes and reads it. Shared by the
 * importer and the exporter; uses core only.
 */
package org.communeatlas.files;
