/**
 * make bench: the same work through HTTP and straight into PostGIS, measured in one run and reported as ratios.
 * Uses everything it measures; nothing uses it.
 */
package org.communeatlas.bench;
