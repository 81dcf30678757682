package org.communeatlas.geo;

import java.util.List;
import java.util.Optional;
import org.communeatlas.core.InvalidInputException;

/**
 * The coordinate reference systems features are offered in (OGC API – Features Part 2): CRS84 as stored (longitude,
 * latitude), EPSG:4326 (the same datum with latitude first, as EPSG defines its axes) and EPSG:5899, VN-2000 / TM-3
 * 107-45, in which the province's field data comes (easting, northing in metres; PostGIS reprojects with the 7-parameter
 * shift to WGS 84, EPSG:6960).
 *
 * @param uri      the CRS's OGC URI
 * @param srid     the PostGIS SRID of its coordinates
 * @param latFirst true when the CRS's first axis is latitude (coordinates are flipped from the stored order)
 * @param decimals decimals kept: 6 for degrees (about 0.1 m), 3 for metres
 */
public record Crs(String uri, int srid, boolean latFirst, int decimals) {

    public static final Crs CRS84 = new Crs("http://www.opengis.net/def/crs/OGC/1.3/CRS84", 4326, false, 6);
    public static final Crs EPSG_4326 = new Crs("http://www.opengis.net/def/crs/EPSG/0/4326", 4326, true, 6);
    public static final Crs VN2000 = new Crs("http://www.opengis.net/def/crs/EPSG/0/5899", 5899, false, 3);
    public static final List<Crs> SUPPORTED = List.of(CRS84, EPSG_4326, VN2000);

    public static List<String> uris() {
        return SUPPORTED.stream().map(Crs::uri).toList();
    }

    /** The CRS a parameter names, by URI or safe CURIE ({@code [EPSG:5899]}); a 400 naming the parameter otherwise. */
    public static Crs parse(String parameter, Optional<String> value) {
        if (value.isEmpty()) {
            return CRS84;
        }
        String v = value.get().strip();
        for (Crs c : SUPPORTED) {
            if (c.uri.equals(v) || c.curie().equals(v)) {
                return c;
            }
        }
        throw InvalidInputException.field(parameter, "not a CRS offered here; offered are " + String.join(", ", uris()));
    }

    /** {@code [OGC:CRS84]}, {@code [EPSG:4326]}, {@code [EPSG:5899]}. */
    public String curie() {
        return this == CRS84 ? "[OGC:CRS84]" : "[EPSG:" + srid + "]";
    }

    public boolean geographic() {
        return srid == 4326;
    }

    /** SQL of a stored (WGS 84) geometry column in this CRS's coordinates and axis order. */
    public String geometry(String column) {
        if (srid != 4326) {
            return "ST_Transform(" + column + ", " + srid + ")";
        }
        return latFirst ? "ST_FlipCoordinates(" + column + ")" : column;
    }

    /** The value of the {@code Content-Crs} header: the URI in angle brackets. */
    public String header() {
        return "<" + uri + ">";
    }
}
