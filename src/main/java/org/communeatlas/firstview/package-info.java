/**
 * The map application's page, with its first view in it: on a slow network (Chromium's "Slow 3G": 2 s a round
 * trip, 50 kB/s) a phone paints the province — district and commune outlines, district names — from the page
 * itself, while the interactive map's scripts and tiles are still on their way. The page also carries its
 * styles and what the map needs before its first tile request (the layers' zoom ranges and bounds, the
 * Vietnamese words, the district names), each of which would otherwise cost a round trip. A controller, a
 * service that builds the page once per data version, and a store; uses layers, search, db and web.
 */
package org.communeatlas.firstview;
