package org.communeatlas.core;

/** A tile that cannot exist: a column or row beyond its zoom's grid, a zoom outside 0–22 or one no layer has. Names the number. */
public final class TileOutOfRangeException extends AtlasException {

    private final String parameter;

    public TileOutOfRangeException(String parameter, String detail) {
        super(detail);
        this.parameter = parameter;
    }

    public String parameter() {
        return parameter;
    }
}
