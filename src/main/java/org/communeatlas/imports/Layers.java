package org.communeatlas.imports;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The layers {@code commune-atlas import} accepts, by name. */
final class Layers {

    private Layers() {
    }

    static final Map<String, ImportLayer> ALL = new LinkedHashMap<>();

    static {
        for (ImportLayer layer : List.of(new HouseholdLayer(), new EvacuationPointLayer(), new Units2025Layer())) {
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
