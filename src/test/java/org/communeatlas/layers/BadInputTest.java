package org.communeatlas.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import org.communeatlas.testing.DemoServerTest;
import org.communeatlas.testing.TestServer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every kind of bad request to the layers gets a 4xx problem naming what is wrong, never a 500. */
class BadInputTest extends DemoServerTest {

    @ParameterizedTest(name = "{0} → {1} ({2})")
    @CsvSource(delimiter = '|', value = {
        "/ogc/collections/villages/items?bbox=1,2,3                         | 400 | bbox",
        "/ogc/collections/villages/items?bbox=a,b,c,d                       | 400 | bbox",
        "/ogc/collections/villages/items?bbox=108.4,15.7,108.6,15.5         | 400 | bbox",
        "/ogc/collections/villages/items?crs=http://www.opengis.net/def/crs/EPSG/0/3857 | 400 | crs",
        "/ogc/collections/villages/items/20362-01?crs=EPSG:5899             | 400 | crs",
        "/ogc/collections/villages/items?bbox-crs=http://www.opengis.net/def/crs/EPSG/0/5899&bbox=600000,1700000,500000,1800000 | 400 | bbox",
        "/ogc/collections/villages/items?bbox-crs=http://www.opengis.net/def/crs/EPSG/0/4326&bbox=15.5,200,15.7,201 | 400 | bbox",
        "/ogc/collections/villages/items?bbox=200,15,201,16                 | 400 | bbox",
        "/ogc/collections/villages/items?bbox-crs=EPSG:5899&bbox=1,1,2,2    | 400 | bbox-crs",
        "/ogc/collections/villages/items?limit=-1                           | 400 | limit",
        "/ogc/collections/villages/items?limit=0                            | 400 | limit",
        "/ogc/collections/villages/items?limit=ten                          | 400 | limit",
        "/ogc/collections/villages/items?limit=99999999999999999999         | 400 | limit",
        "/ogc/collections/villages/items?offset=-5                          | 400 | offset",
        "/ogc/collections/villages/items?limit=5&limit=6                    | 400 | limit",
        "/ogc/collections/nowhere/items                                     | 404 |",
        "/ogc/collections/nowhere                                           | 404 |",
        "/ogc/collections/villages/items?filter=name%20%3D                  | 400 | filter",
        "/ogc/collections/villages/items?filter=nonsense%20LIKE%20'x'       | 400 | filter",
        "/ogc/collections/villages/items?filter=population%20%3D%20'many'   | 400 | filter",
        "/ogc/collections/villages/items?filter=name%3D'a'&filter-lang=cql2-json | 400 | filter-lang",
        "/ogc/collections/villages/items?filter=S_INTERSECTS(geometry%2CPOINT(1))   | 400 | filter",
        "/ogc/collections/villages/items?colour=red                         | 400 | colour",
        "/ogc/collections/villages/items?population=lots                    | 400 | population",
        "/ogc/collections/villages/items?properties=name,secret             | 400 | properties",
        "/ogc/collections/villages/items?f=xml                              | 400 | f",
        "/ogc/collections/villages/items?datetime=yesterday                 | 400 | datetime",
        "/ogc/collections/villages/items/20362-01?colour=red                | 400 | colour",
        "/tiles/communes/40/1/1.mvt                                         | 404 | z",
        "/tiles/communes/-1/0/0.mvt                                         | 404 | z",
        "/tiles/communes/10/1024/0.mvt                                      | 404 | x",
        "/tiles/communes/10/5/-3.mvt                                        | 404 | y",
        "/tiles/communes/10/5/x.mvt                                         | 400 | y",
        "/tiles/communes/ten/5/5.mvt                                        | 400 | z",
        "/tiles/communes/99999999999/5/5.mvt                                | 400 | z",
        "/tiles/communes/3/1/1.mvt                                          | 404 | z",
        "/tiles/nowhere/10/5/5.mvt                                          | 404 |",
        "/tiles/communes,communes/10/5/5.mvt                                | 400 | layers",
        "/tiles/nowhere.json                                                | 404 |",
        "/no/such/path                                                      | 404 |",
    })
    void isAProblemNamingTheParameter(String path, int status, String parameter) {
        HttpResponse<String> r = server.get(path.trim());
        assertEquals(status, r.statusCode(), path + " → " + r.body());
        assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json"), path);
        JsonNode problem = TestServer.json(r);
        assertEquals(status, problem.get("status").asInt());
        assertTrue(problem.has("title") && problem.has("detail") && problem.has("type"));
        if (parameter != null && !parameter.isBlank()) {
            assertEquals(parameter.trim(), problem.path("parameter").asText(), path + " → " + r.body());
        }
        assertTrue(!r.body().contains("Exception") && !r.body().contains("at org."), "no stack trace: " + r.body());
    }
}
