package org.communeatlas.files;

import org.communeatlas.core.InvalidInputException;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.communeatlas.core.AdminUnits;

/** The layers officials load and download as files, by name. */
public final class FileLayers {

    private FileLayers() {
    }

    /**
     * The commune of {@code r.commune_code} as SQL: villages, households and sites belong to the communes before
     * 1 July 2025 (a code reused after the reform names another unit).
     */
    static final String COMMUNE_BEFORE_2025 = "(SELECT a.id FROM admin_unit a WHERE a.level = 'commune' AND a.code = r.commune_code "
            + "AND " + AdminUnits.beforeReform("a") + ")";

    /** The coordinate columns of a point layer whose file has no geometry (CSV, Excel): lon/lat, or projected X/Y. */
    public static final List<Field> COORDINATES = List.of(
            Field.decimal("lon", false, -1e12, 1e12, "Kinh độ", "lng", "longitude", "long"),
            Field.decimal("lat", false, -1e12, 1e12, "Vĩ độ", "latitude"),
            Field.decimal("x", false, -1e12, 1e12, "Tọa độ X", "Toạ độ X", "easting"),
            Field.decimal("y", false, -1e12, 1e12, "Tọa độ Y", "Toạ độ Y", "northing"));

    private static final Map<String, FileLayer> ALL = new LinkedHashMap<>();

    static {
        for (FileLayer layer : List.of(new HouseholdLayer(), new EvacuationPointLayer(), new VillageLayer(), new ModelLayer(), new AdoptionLayer(), new CommuneLayer(), new Units2025Layer(), new SosLayer())) {
            ALL.put(layer.name(), layer);
        }
    }

    /** The layers' names, in the order they are offered. */
    public static java.util.Set<String> names() {
        return java.util.Collections.unmodifiableSet(ALL.keySet());
    }

    public static boolean exists(String name) {
        return ALL.containsKey(name);
    }

    public static FileLayer get(String name) {
        FileLayer layer = ALL.get(name);
        if (layer == null) {
            throw InvalidInputException.field("layer", "lớp không nhập được: '" + name + "'; chọn một trong " + String.join(", ", ALL.keySet()));
        }
        return layer;
    }

    /** Maps several spellings, folded, to one stored code. */
    static Map<String, String> choices(String... spellingsThenCode) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < spellingsThenCode.length; i += 2) {
            for (String s : spellingsThenCode[i].split("\\|")) {
                m.put(Field.fold(s), spellingsThenCode[i + 1]);
            }
        }
        return m;
    }
}
