package org.communeatlas.layers.cql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.communeatlas.layers.Layer.Property;
import org.communeatlas.layers.Layer.Type;
import org.communeatlas.core.InvalidInputException;
import org.junit.jupiter.api.Test;

/**
 * The CQL2 text examples of the standard (OGC 21-065r2) that fall in the conformance classes we serve,
 * and the ones outside them, which must be refused with a 400 naming the filter.
 */
class CqlTranslatorTest {

    private static final CqlTranslator CQL;

    static {
        Map<String, Property> q = new LinkedHashMap<>();
        q.put("city", Property.of("city", "t.city", Type.STRING, ""));
        q.put("cityName", Property.of("cityName", "t.city_name", Type.STRING, ""));
        q.put("name", Property.of("name", "t.name", Type.STRING, ""));
        q.put("updated", Property.of("updated", "t.updated", Type.DATE, ""));
        q.put("depth", Property.of("depth", "t.depth", Type.NUMBER, ""));
        q.put("floors", Property.of("floors", "t.floors", Type.INTEGER, ""));
        q.put("swimming_pool", Property.of("swimming_pool", "t.pool", Type.BOOLEAN, ""));
        q.put("value", Property.of("value", "t.value", Type.NUMBER, ""));
        CQL = new CqlTranslator(q, "t.geom");
    }

    private static void check(String cql, String sql, Object... params) {
        SqlFragment f = CQL.translate(cql);
        assertEquals(sql, f.sql(), cql);
        assertEquals(List.of(params), f.params(), cql);
    }

    private static InvalidInputException refused(String cql) {
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> CQL.translate(cql), cql);
        assertEquals("filter", e.field());
        return e;
    }

    @Test
    void basicComparisons() {
        check("city='Toronto'", "t.city = ?", "Toronto");
        check("floors>5", "t.floors > ?", 5L);
        check("depth <= 100.5", "t.depth <= ?", new BigDecimal("100.5"));
        check("updated >= date('1970-01-01')", "t.updated >= ?", LocalDate.of(1970, 1, 1));
        check("swimming_pool = true", "t.pool = ?", true);
        check("\"value\" <> -3", "t.value <> ?", -3L);
        check("name = 'O''Brien'", "t.name = ?", "O'Brien");
        check("name = 'Tam Thăng'", "t.name = ?", "Tam Thăng");
    }

    @Test
    void logicalOperatorsAndPrecedence() {
        check("floors > 5 AND city = 'Toronto' OR swimming_pool = false",
                "((t.floors > ?) AND (t.city = ?)) OR (t.pool = ?)", 5L, "Toronto", false);
        check("NOT (floors <> 5)", "NOT (t.floors <> ?)", 5L);
        check("floors > 5 and (city = 'a' or city = 'b')", "(t.floors > ?) AND ((t.city = ?) OR (t.city = ?))", 5L, "a", "b");
        check("TRUE", "true");
    }

    @Test
    void advancedComparisonOperators() {
        check("name LIKE 'Smith%'", "t.name LIKE ? ESCAPE '\\'", "Smith%");
        check("name NOT LIKE 'Sm_th'", "t.name NOT LIKE ? ESCAPE '\\'", "Sm_th");
        check("depth BETWEEN 100.0 and 150.0", "t.depth BETWEEN ? AND ?", new BigDecimal("100.0"), new BigDecimal("150.0"));
        check("cityName IN ('Toronto','Frankfurt','Tokyo','New York')", "t.city_name IN (?, ?, ?, ?)",
                "Toronto", "Frankfurt", "Tokyo", "New York");
        check("cityName NOT IN ('Toronto','Frankfurt')", "t.city_name NOT IN (?, ?)", "Toronto", "Frankfurt");
        check("geometry IS NOT NULL", "t.geom IS NOT NULL");
        check("name IS NULL", "t.name IS NULL");
    }

    @Test
    void spatialIntersects() {
        check("S_INTERSECTS(geometry,POINT(36.319836 32.288087))", "ST_Intersects(t.geom, ST_GeomFromText(?, 4326))",
                "POINT (36.319836 32.288087)");
        check("S_INTERSECTS(geometry, BBOX(-128.098193, -1.1, -99999.0, 180.0, 90.0, 100000.0))",
                "ST_Intersects(t.geom, ST_MakeEnvelope(?, ?, ?, ?, 4326))", -128.098193, -1.1, 180.0, 90.0);
        check("S_INTERSECTS(geometry, BBOX(108.44, 15.51, 108.56, 15.64))",
                "ST_Intersects(t.geom, ST_MakeEnvelope(?, ?, ?, ?, 4326))", 108.44, 15.51, 108.56, 15.64);
        check("s_intersects(geometry, POLYGON((108.4 15.5, 108.6 15.5, 108.6 15.7, 108.4 15.5)))",
                "ST_Intersects(t.geom, ST_GeomFromText(?, 4326))", "POLYGON ((108.4 15.5, 108.6 15.5, 108.6 15.7, 108.4 15.5))");
        check("S_INTERSECTS(geometry, MULTIPOINT((108.4 15.5), (108.5 15.6)))",
                "ST_Intersects(t.geom, ST_GeomFromText(?, 4326))", "MULTIPOINT ((108.4 15.5), (108.5 15.6))");
    }

    @Test
    void whatWeDoNotServeIsRefusedWithAReason() {
        refused("avg(windSpeed) < 4");               // custom functions
        refused("balance-150.0 > 0");                // arithmetic
        refused("city = ");                          // incomplete
        refused("city = 'unterminated");
        assertTrue(refused("population > 5").getMessage().contains("unknown property 'population'"));
        assertTrue(refused("city > 5").getMessage().contains("cannot compare text with a number"));
        refused("floors LIKE '5%'");
        refused("updated > date('2022-13-45')");
        refused("S_INTERSECTS(city, POINT(1 2))");
        refused("S_INTERSECTS(geometry, POLYGON((1 2, 3 4)))");  // a ring needs four points
        refused("S_INTERSECTS(geometry, BBOX(10, 10, 0, 0))");
        refused("city = 'a'; DROP TABLE household");
        refused("(".repeat(200) + "city = 'a'" + ")".repeat(200));
    }

    @Test
    void keywordsAreCaseInsensitive() {
        check("city = 'a' and NOT floors between 1 and 3", "(t.city = ?) AND (NOT (t.floors BETWEEN ? AND ?))", "a", 1L, 3L);
    }
}
