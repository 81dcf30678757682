package org.communeatlas.firstview;

/** A unit's boundary as an SVG path in Web Mercator metres (y pointing down, as SVG draws). */
record Outline(String level, String code, String path) {
}
