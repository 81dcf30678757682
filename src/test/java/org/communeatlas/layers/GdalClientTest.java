package org.communeatlas.layers;

import org.communeatlas.core.JsonCodec;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.communeatlas.db.ProcessResult;
import org.communeatlas.geo.TileMath;
import org.communeatlas.testing.Sql;
import org.communeatlas.testing.DemoServerTest;
import org.communeatlas.testing.TestServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** GDAL, a real GIS client, reads the running server through the standards: OGC API Features and MVT. */
class GdalClientTest extends DemoServerTest {

    private static Path work;

    @BeforeAll
    static void workDir() throws IOException {
        work = Files.createDirectories(Path.of("target", "gdal"));
    }

    private static String run(String... command) {
        ProcessResult r = ProcessResult.run(List.of(command), Duration.ofMinutes(3));
        assertEquals(0, r.exitCode(), String.join(" ", command) + "\n" + r.output());
        return r.output();
    }

    @Test
    void ogrinfoListsEveryCollection() {
        String out = run("ogrinfo", "-ro", "-so", "OAPIF:" + server.base() + "/ogc");
        for (Layer layer : server.services().catalog().all()) {
            assertTrue(out.contains(": " + layer.id() + " "), layer.id() + " in\n" + out);
        }
    }

    @Test
    void ogr2ogrCopiesVillagesAndCommunesCompletely() throws IOException {
        for (String[] layer : new String[][] {{"villages", "SELECT count(*) FROM village"},
                {"communes", "SELECT count(*) FROM admin_unit WHERE level = 'commune' AND valid_to IS NOT NULL"}}) {
            Path out = work.resolve(layer[0] + ".geojson");
            Files.deleteIfExists(out);
            run("ogr2ogr", "-f", "GeoJSON", out.toString(), "OAPIF:" + server.base() + "/ogc", layer[0]);
            JsonNode fc = JsonCodec.MAPPER.readTree(out.toFile());
            assertEquals(Sql.count(url, layer[1]), fc.get("features").size(), layer[0]);
            assertTrue(fc.toString().contains("Tam Thăng") || layer[0].equals("villages"), "names survive in UTF-8");
        }
    }

    @Test
    void gdalsMvtDriverDecodesEveryLayerWithinAMetre() throws IOException {
        for (Layer layer : server.services().catalog().all()) {
            int z = layer.maxZoom();
            // a point on the layer's data: the start of a boundary or line, or the point itself
            String pointSql = "SELECT ST_X(p), ST_Y(p) FROM (SELECT ST_StartPoint(ST_ExteriorRing(ST_GeometryN(g, 1))) AS p FROM "
                    + "(SELECT t.geom AS g FROM " + layer.from() + " WHERE " + layer.where() + " AND ST_Intersects(t.geom, "
                    + "ST_MakeEnvelope(108.44, 15.51, 108.58, 15.64, 4326)) ORDER BY " + layer.idExpr() + " LIMIT 1) x) y";
            if (!layer.geometryType().contains("Polygon")) {
                pointSql = "SELECT ST_X(p), ST_Y(p) FROM (SELECT ST_StartPoint(t.geom) AS p FROM " + layer.from() + " WHERE "
                        + layer.where() + " AND ST_Intersects(t.geom, ST_MakeEnvelope(108.44, 15.51, 108.58, 15.64, 4326)) ORDER BY "
                        + layer.idExpr() + " LIMIT 1) x";
                if (layer.geometryType().equals("Point")) {
                    pointSql = pointSql.replace("ST_StartPoint(t.geom)", "t.geom");
                }
            }
            List<Object> point = Sql.rows(url, pointSql).get(0);
            long[] tile = TileMath.tileOf(((Number) point.get(0)).doubleValue(), ((Number) point.get(1)).doubleValue(), z);
            Path mvt = work.resolve(layer.id() + ".mvt");
            Path decoded = work.resolve(layer.id() + "-decoded.geojson");
            var response = server.getBytes("/tiles/" + layer.id() + "/" + z + "/" + tile[0] + "/" + tile[1] + ".mvt");
            assertEquals(200, response.statusCode(), layer.id());
            Files.write(mvt, response.body());
            Files.deleteIfExists(decoded);
            String info = run("ogrinfo", "-ro", "-so", mvt.toString(), "-oo", "X=" + tile[0], "-oo", "Y=" + tile[1], "-oo", "Z=" + z);
            assertTrue(info.contains(": " + layer.id() + " "), "GDAL sees the layer name " + layer.id() + ":\n" + info);
            run("ogr2ogr", "-f", "GeoJSON", decoded.toString(), mvt.toString(), "-oo", "CLIP=NO", "-oo", "X=" + tile[0], "-oo", "Y=" + tile[1],
                    "-oo", "Z=" + z, layer.id());
            JsonNode features = JsonCodec.MAPPER.readTree(decoded.toFile()).get("features");
            assertTrue(features.size() > 0, layer.id());
            // every decoded geometry (Web Mercator) lies within 1 m of the database's, and the other way round
            double buffer = TileMath.tileWidth(z) * 64 / 4096;
            double worst = ((Number) Sql.scalar(url, "WITH d AS (SELECT ST_SetSRID(ST_Collect(ST_GeomFromGeoJSON(f::text)), 3857) AS g "
                    + "FROM json_array_elements(?::json) f), "
                    + "db AS (SELECT ST_Collect(ST_Intersection(t.geom_3857, ST_Expand(ST_TileEnvelope(?::integer, ?::integer, ?::integer), ?))) AS g "
                    + "FROM " + layer.from() + " WHERE " + layer.where() + " AND t.geom_3857 && ST_Expand(ST_TileEnvelope(?::integer, ?::integer, ?::integer), ?)) "
                    + "SELECT ST_HausdorffDistance(ST_UnaryUnion(d.g), ST_UnaryUnion(ST_CollectionExtract(db.g, ?))) FROM d, db",
                    geometries(features), z, (int) tile[0], (int) tile[1], buffer, z, (int) tile[0], (int) tile[1], buffer,
                    layer.geometryType().contains("Polygon") ? 3 : layer.geometryType().contains("Line") ? 2 : 1)).doubleValue();
            assertTrue(worst <= 1.0, layer.id() + ": decoded coordinates are " + worst + " m from the database's");
        }
    }

    @Test
    void householdClustersCountEveryHousehold() throws IOException {
        int z = 9;
        long[] tile = TileMath.tileOf(108.45, 15.55, z);
        Path mvt = work.resolve("clusters.mvt");
        Path decoded = work.resolve("clusters.geojson");
        Files.write(mvt, server.getBytes("/tiles/households/" + z + "/" + tile[0] + "/" + tile[1] + ".mvt").body());
        Files.deleteIfExists(decoded);
        run("ogr2ogr", "-f", "GeoJSON", decoded.toString(), mvt.toString(), "-oo", "X=" + tile[0], "-oo", "Y=" + tile[1], "-oo", "Z=" + z);
        long sum = 0;
        long isolated = 0;
        for (JsonNode f : JsonCodec.MAPPER.readTree(decoded.toFile()).get("features")) {
            sum += f.at("/properties/count").asLong();
            isolated += f.at("/properties/isolated").asLong();
        }
        double[] b = TileMath.bounds(z, tile[0], tile[1]);
        assertEquals(Sql.count(url, "SELECT count(*) FROM household WHERE ST_Intersects(geom_3857, ST_TileEnvelope(?::integer, ?::integer, ?::integer))",
                z, (int) tile[0], (int) tile[1]), sum, "clusters in " + java.util.Arrays.toString(b));
        assertEquals(Sql.count(url, "SELECT count(*) FROM household WHERE status = 'isolated' AND ST_Intersects(geom_3857, "
                + "ST_TileEnvelope(?::integer, ?::integer, ?::integer))", z, (int) tile[0], (int) tile[1]), isolated);
    }

    private static String geometries(JsonNode features) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < features.size(); i++) {
            sb.append(i > 0 ? "," : "").append(features.get(i).get("geometry").toString());
        }
        return sb.append(']').toString();
    }
}
