package org.communeatlas.geo;

import org.communeatlas.core.InvalidInputException;

/** A coordinate system as users write it: "EPSG:5899", "epsg:4326" or "5899". */
public final class Srs {

    public static final int WGS84 = 4326;
    /** VN-2000 / TM-3 107-45, the system of Quảng Nam's field data. */
    public static final int VN2000_TM3_107_45 = 5899;

    private Srs() {
    }

    public static int parse(String value) {
        String v = value.strip();
        if (v.regionMatches(true, 0, "EPSG:", 0, 5)) {
            v = v.substring(5);
        }
        try {
            int code = Integer.parseInt(v);
            if (code > 0 && code < 1_000_000) {
                return code;
            }
        } catch (NumberFormatException e) {
            // falls through to the message below
        }
        throw InvalidInputException.field("srs", "'" + value + "' không phải mã EPSG (ví dụ EPSG:5899)");
    }
}
