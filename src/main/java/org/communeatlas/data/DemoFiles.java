package org.communeatlas.data;

import java.util.List;
import org.communeatlas.core.AdminUnits;

/** The files of a generated dataset (the committed demo under {@code data/}, or a benchmark set). */
public final class DemoFiles {

    private DemoFiles() {
    }

    public static final String ADMIN_UNITS = "admin_units.geojson.gz";
    public static final String SUCCESSION = "admin_unit_succession.csv";
    public static final String VILLAGES = "villages.geojson.gz";
    public static final String MODELS = "models.csv.gz";
    public static final String ADOPTIONS = "adoptions.csv.gz";
    public static final String HOUSEHOLDS = "households.csv.gz";
    public static final String EVACUATION_POINTS = "evacuation_points.csv.gz";
    public static final String ROAD_NODES = "road_nodes.csv.gz";
    public static final String ROADS = "roads.csv.gz";
    public static final String FLOOD_SCENARIOS = "flood_scenarios.geojson.gz";
    public static final String MANIFEST = "manifest.json";

    public static final List<String> ALL = List.of(ADMIN_UNITS, SUCCESSION, VILLAGES, MODELS, ADOPTIONS, HOUSEHOLDS,
            EVACUATION_POINTS, ROAD_NODES, ROADS, FLOOD_SCENARIOS, MANIFEST);

    /** The date of the reform as the dataset's files write it: old units end, new units begin. */
    public static final String REFORM_DATE = AdminUnits.REFORM_DATE.toString();
}
