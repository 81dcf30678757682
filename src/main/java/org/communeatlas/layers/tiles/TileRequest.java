package org.communeatlas.layers.tiles;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.communeatlas.core.InvalidInputException;
import org.communeatlas.core.Messages;
import org.communeatlas.core.NotFoundException;
import org.communeatlas.core.TileOutOfRangeException;
import org.communeatlas.core.Values;
import org.communeatlas.geo.TileMath;
import org.communeatlas.layers.Layer;
import org.communeatlas.layers.LayerCatalog;

/**
 * One tile asked for, parsed once: the layers that have tiles at its zoom (several are merged in one tile), and its
 * z/x/y. The same request comes by {@code /tiles/{layers}/{z}/{x}/{y}.mvt} and by OGC API – Tiles, which names the
 * numbers tileMatrix/tileRow/tileCol: a number out of range is refused by the name the caller's path gives it.
 */
public record TileRequest(List<Layer> layers, int z, long x, long y) {

    /** The request attribute under which the tile admission leaves what it parsed and found in the cache. */
    public static final String ADMITTED = "atlas.tile";

    /** How a path names the tile's numbers. */
    public record Names(String z, String x, String y) {
        public static final Names XYZ = new Names("z", "x", "y");
        public static final Names OGC = new Names("tileMatrix", "tileCol", "tileRow");
    }

    /** What the admission parsed and, when the cache held the tile, the tile (null otherwise). */
    public record Admitted(TileRequest request, TileCache.Tile cached) {
    }

    private static final int MAX_LAYERS = 9;
    private static final String OGC_TMS = "/tiles/WebMercatorQuad/";

    /** The cache's key of this tile. */
    public TileCache.Key key() {
        return new TileCache.Key(layers.stream().map(Layer::id).collect(Collectors.joining(",")), z, x, y);
    }

    /**
     * The tile z/x/y of the layers that have tiles at zoom z; a 400 for a number that is not one, a 404 problem naming
     * the number out of range (or the zoom no layer has).
     */
    public static TileRequest of(List<Layer> requested, Names names, String zText, String xText, String yText) {
        int z = Values.parseInt(names.z(), zText, Integer.MIN_VALUE, Integer.MAX_VALUE);
        long x = Values.parseLong(names.x(), xText, Long.MIN_VALUE, Long.MAX_VALUE);
        long y = Values.parseLong(names.y(), yText, Long.MIN_VALUE, Long.MAX_VALUE);
        if (z < 0 || z > TileMath.MAX_ZOOM) {
            throw new TileOutOfRangeException(names.z(), "zoom " + z + " is outside 0–" + TileMath.MAX_ZOOM);
        }
        long n = 1L << z;
        if (x < 0 || x >= n) {
            throw new TileOutOfRangeException(names.x(), "column " + x + " is outside 0–" + (n - 1) + " at zoom " + z);
        }
        if (y < 0 || y >= n) {
            throw new TileOutOfRangeException(names.y(), "row " + y + " is outside 0–" + (n - 1) + " at zoom " + z);
        }
        List<Layer> inRange = requested.stream().filter(l -> z >= l.minZoom() && z <= l.maxZoom()).toList();
        if (inRange.isEmpty()) {
            Layer l = requested.get(0);
            throw new TileOutOfRangeException(names.z(), "layer " + l.id() + " has tiles from zoom " + l.minZoom() + " to " + l.maxZoom());
        }
        return new TileRequest(inRange, z, x, y);
    }

    /** The layers a tile path names, comma-separated: each once, each known, at most nine. */
    public static List<Layer> layers(LayerCatalog catalog, String spec) {
        String[] ids = spec.split(",", -1);
        if (ids.length > MAX_LAYERS) {
            throw InvalidInputException.field("layers", "at most " + MAX_LAYERS + " layers in one tile");
        }
        Set<String> seen = new LinkedHashSet<>();
        List<Layer> out = new ArrayList<>();
        for (String id : ids) {
            if (!seen.add(id)) {
                throw InvalidInputException.field("layers", "layer '" + Messages.shorten(id) + "' is named twice");
            }
            out.add(catalog.find(id).orElseThrow(() -> new NotFoundException("No layer '" + Messages.shorten(id)
                    + "'; layers are " + String.join(", ", catalog.all().stream().map(Layer::id).toList()))));
        }
        return out;
    }

    /**
     * The tile a path asks for — {@code /tiles/{layers}/{z}/{x}/{y}.mvt}, {@code /ogc/tiles/WebMercatorQuad/{z}/{row}/{col}}
     * or {@code /ogc/collections/{id}/tiles/WebMercatorQuad/{z}/{row}/{col}} — or empty for any other path and for one that
     * does not parse (the application answers those, with the reason).
     */
    public static Optional<TileRequest> ofPath(LayerCatalog catalog, String path) {
        try {
            if (path.startsWith("/tiles/") && path.endsWith(".mvt")) {
                String[] p = path.substring("/tiles/".length(), path.length() - ".mvt".length()).split("/", -1);
                return p.length == 4 ? Optional.of(of(layers(catalog, p[0]), Names.XYZ, p[1], p[2], p[3])) : Optional.empty();
            }
            if (path.startsWith("/ogc/tiles/WebMercatorQuad/")) {
                String[] p = path.substring("/ogc/tiles/WebMercatorQuad/".length()).split("/", -1);
                return p.length == 3 ? Optional.of(of(catalog.all(), Names.OGC, p[0], p[2], p[1])) : Optional.empty();
            }
            int tms = path.indexOf(OGC_TMS);
            if (path.startsWith("/ogc/collections/") && tms > 0) {
                String[] p = path.substring(tms + OGC_TMS.length()).split("/", -1);
                Optional<Layer> layer = catalog.find(path.substring("/ogc/collections/".length(), tms));
                return p.length == 3 && layer.isPresent() ? Optional.of(of(List.of(layer.get()), Names.OGC, p[0], p[2], p[1])) : Optional.empty();
            }
        } catch (RuntimeException refused) {
            // malformed or out of range: the application parses it again and says why
        }
        return Optional.empty();
    }
}
