package org.communeatlas.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The bundled reference tables and the old→new mapping built from them. */
class ReferenceUnitsTest {

    private final ReferenceUnits units = ReferenceUnits.load();

    @Test
    void quangNamHas17DistrictsAnd234Communes() {
        assertEquals("49", units.province().code());
        assertEquals("Tỉnh Quảng Nam", units.province().name());
        assertEquals(17, units.districts().size());
        assertEquals(234, units.communes().size());
        assertEquals("Tam Thăng", units.commune("20362").orElseThrow().shortName());
    }

    @Test
    void everyOldCommuneMapsToExactlyOneNewUnit() {
        Map<String, Integer> seen = new HashMap<>();
        units.newUnits().forEach(n -> n.predecessorCodes().forEach(c -> seen.merge(c, 1, Integer::sum)));
        assertEquals(234, seen.size());
        assertTrue(seen.values().stream().allMatch(v -> v == 1), "no commune in two new units");
        assertEquals(78, units.newUnits().size(), "78 post-2025 units cover former Quảng Nam");
    }

    @Test
    void theFactsOfTheReformHold() {
        var successors = units.successors();
        assertEquals("Bàn Thạch", successors.get("20362").shortName()); // Tam Thăng
        assertEquals("20335", successors.get("20362").code());
        assertEquals("Quảng Phú", successors.get("20359").shortName()); // Tam Thanh
        assertEquals("Quảng Phú", successors.get("20371").shortName()); // Tam Phú
        assertEquals("Tây Hồ", successors.get("20368").shortName());    // Tam An
        assertEquals("Phường Bàn Thạch", successors.get("20362").name());
        // spelling variants of the source resolve: Xã Ch’ơm → Hùng Sơn, Xã Zuôih → Nam Giang
        assertEquals("Hùng Sơn", units.newUnits().stream().filter(n -> n.predecessorCodes().size() == 4
                && n.shortName().equals("Hùng Sơn")).findFirst().orElseThrow().shortName());
    }

    @Test
    void foldIgnoresDiacriticsCaseSpacesAndApostrophes() {
        assertEquals(ReferenceUnits.fold("Xã Ch’ơm"), ReferenceUnits.fold("Xã Ch'ơm"));
        assertEquals(ReferenceUnits.fold("Phường Hòa Thuận"), ReferenceUnits.fold("Phường Hoà Thuận"));
        assertEquals("xatamthang", ReferenceUnits.fold("Xã Tam Thăng"));
        assertEquals("kimdoi", ReferenceUnits.fold("Kim Đới"));
    }

    @Test
    void namesAreWrittenInOneToneMarkStyle() {
        assertEquals("Phường Hòa Thuận", ReferenceUnits.oneToneStyle("Phường Hoà Thuận"));
        assertEquals("Ủy ban xã Duy Hòa, Thủy Xuân, khỏe", ReferenceUnits.oneToneStyle("Uỷ ban xã Duy Hoà, Thuỷ Xuân, khoẻ"));
        // the same in both styles: a closed syllable, "qu", a vowel with its own mark
        for (String same : List.of("Hoàng Sa", "Quý", "Huỳnh", "hoặc", "Thuyền", "loại", "hoạt", "Quế Sơn")) {
            assertEquals(same, ReferenceUnits.oneToneStyle(same));
        }
        ReferenceUnits units = ReferenceUnits.load();
        java.util.stream.Stream<String> names = java.util.stream.Stream.concat(units.communes().stream().map(ReferenceUnits.OldUnit::name),
                units.newUnits().stream().map(ReferenceUnits.NewUnit::name));
        assertEquals(List.of(), names.filter(n -> !n.equals(ReferenceUnits.oneToneStyle(n))).toList());
        assertTrue(units.communes().stream().anyMatch(c -> c.name().equals("Phường Hòa Thuận")), "the 2025-03 list writes Hoà Thuận");
    }
}
