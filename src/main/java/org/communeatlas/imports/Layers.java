package org.communeatlas.imports;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The layers {@code commune-atlas import} accepts, by name. */
final class Layers {

    private Layers() {
    }

    /**
     * The commune of {@code r.commune_code} as SQL: villages, households and sites belong to the communes before
     * 1 July 2025 (a code reused after the reform names another unit).
     */
    static final String COMMUNE_BEFORE_2025 = "(SELECT a.id FROM admin_unit a WHERE a.level = 'commune' AND a.code = r.commune_code "
            + "AND a.valid_to = DATE '2025-07-01')";

    static final Map<String, ImportLayer> ALL = new LinkedHashMap<>();

    static {
        for (ImportLayer layer : List.of(new HouseholdLayer(), new EvacuationPointLayer(), new VillageLayer(), new ModelLayer(), new AdoptionLayer(), new CommuneLayer(), new Units2025Layer())) {
            ALL.put(layer.name(), layer);
        }
    }

    static ImportLayer get(String name) {
        ImportLayer layer = ALL.get(name);
        if (layer == null) {
            throw new ImportException("layer", "lớp không nhập được: '" + name + "'; chọn một trong " + String.join(", ", ALL.keySet()));
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
