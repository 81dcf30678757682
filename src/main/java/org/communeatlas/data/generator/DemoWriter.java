package org.communeatlas.data.generator;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.communeatlas.data.Csv;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.LineString;
import org.locationtech.jts.geom.Point;
import org.locationtech.jts.geom.Polygon;

/**
 * Writes the dataset as GeoJSON and CSV, gzip-compressed, byte for byte the same for the same input:
 * fixed row order, fixed number formatting (coordinates to 1e-6 degrees), gzip headers without a time.
 */
final class DemoWriter {

    private static final JsonFactory JSON = new JsonFactory();

    private DemoWriter() {
    }

    interface RowSink {
        void row(Object... values) throws IOException;
    }

    interface FeatureSink {
        void feature(Map<String, Object> properties, Geometry degrees) throws IOException;
    }

    interface Body<S> {
        void write(S sink) throws IOException;
    }

    static void csv(Path file, List<String> header, Body<RowSink> body) throws IOException {
        try (OutputStream out = open(file); Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
             Csv.RowWriter rows = Csv.writer(w)) {
            rows.write(header.toArray());
            body.write(rows::write);
        }
    }

    static void geojson(Path file, Body<FeatureSink> body) throws IOException {
        try (OutputStream out = open(file); JsonGenerator g = JSON.createGenerator(out, JsonEncoding.UTF8)) {
            g.writeStartObject();
            g.writeStringField("type", "FeatureCollection");
            g.writeArrayFieldStart("features");
            body.write((properties, geometry) -> {
                g.writeRaw('\n');
                g.writeStartObject();
                g.writeStringField("type", "Feature");
                g.writeObjectFieldStart("properties");
                for (Map.Entry<String, Object> p : properties.entrySet()) {
                    g.writeFieldName(p.getKey());
                    Object v = p.getValue();
                    if (v == null) {
                        g.writeNull();
                    } else if (v instanceof Number n) {
                        g.writeNumber(num(n.doubleValue(), 6));
                    } else {
                        g.writeString(v.toString());
                    }
                }
                g.writeEndObject();
                g.writeFieldName("geometry");
                if (geometry == null) {
                    g.writeNull();
                } else {
                    geometry(g, geometry);
                }
                g.writeEndObject();
            });
            g.writeEndArray();
            g.writeEndObject();
        }
    }

    static void json(Path file, Map<String, Object> content) throws IOException {
        Files.writeString(file, org.communeatlas.core.JsonCodec.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(content) + "\n",
                StandardCharsets.UTF_8);
    }

    private static OutputStream open(Path file) throws IOException {
        OutputStream raw = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16);
        // GZIPOutputStream writes a header without a modification time: same input, same bytes
        return file.getFileName().toString().endsWith(".gz") ? new GZIPOutputStream(raw, 1 << 16) : raw;
    }

    private static void geometry(JsonGenerator g, Geometry geom) throws IOException {
        g.writeStartObject();
        if (geom instanceof Point p) {
            g.writeStringField("type", "Point");
            g.writeFieldName("coordinates");
            position(g, p.getCoordinate());
        } else if (geom instanceof LineString l) {
            g.writeStringField("type", "LineString");
            g.writeFieldName("coordinates");
            positions(g, l.getCoordinates());
        } else if (geom instanceof Polygon poly) {
            g.writeStringField("type", "Polygon");
            g.writeFieldName("coordinates");
            polygon(g, poly);
        } else {
            g.writeStringField("type", "MultiPolygon");
            g.writeArrayFieldStart("coordinates");
            for (int i = 0; i < geom.getNumGeometries(); i++) {
                polygon(g, (Polygon) geom.getGeometryN(i));
            }
            g.writeEndArray();
        }
        g.writeEndObject();
    }

    private static void polygon(JsonGenerator g, Polygon p) throws IOException {
        g.writeStartArray();
        positions(g, p.getExteriorRing().getCoordinates());
        for (int i = 0; i < p.getNumInteriorRing(); i++) {
            positions(g, p.getInteriorRingN(i).getCoordinates());
        }
        g.writeEndArray();
    }

    private static void positions(JsonGenerator g, Coordinate[] coords) throws IOException {
        g.writeStartArray();
        for (Coordinate c : coords) {
            position(g, c);
        }
        g.writeEndArray();
    }

    private static void position(JsonGenerator g, Coordinate c) throws IOException {
        g.writeStartArray();
        g.writeNumber(num(c.x, 6));
        g.writeNumber(num(c.y, 6));
        g.writeEndArray();
    }

    /** A number with at most {@code decimals} decimals and no trailing zeros. */
    static String num(double value, int decimals) {
        double scale = Math.pow(10, decimals);
        return BigDecimal.valueOf(Math.round(value * scale) / scale).stripTrailingZeros().toPlainString();
    }

    /** A line in degrees as WKT, coordinates to 1e-6. */
    static String wkt(LineString degrees) {
        StringBuilder sb = new StringBuilder("LINESTRING(");
        Coordinate[] c = degrees.getCoordinates();
        for (int i = 0; i < c.length; i++) {
            if (i > 0) {
                sb.append(',');
            }
            sb.append(num(c[i].x, 6)).append(' ').append(num(c[i].y, 6));
        }
        return sb.append(')').toString();
    }
}
