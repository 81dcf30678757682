/**
 * Where each "Dân vận khéo" model is active, how far it has spread over time, and which units have it in every
 * village, in the units before and after the 2025 reform. Controller, service, two stores; uses layers.cql
 * (bound SQL fragments), data (CSV), gdal (Excel), db, core and web.
 */
package org.communeatlas.coverage;
