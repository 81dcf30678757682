package org.communeatlas.layers.features;

import static org.communeatlas.layers.features.OgcController.GEOJSON;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.communeatlas.core.JsonCodec;
import org.communeatlas.data.Csv;
import org.communeatlas.html.Html;
import org.communeatlas.layers.Layer;
import org.communeatlas.layers.Layer.Property;
import org.communeatlas.layers.OgcLink;
import org.communeatlas.web.Requests;

/**
 * A page of features written out: GeoJSON and CSV streamed row by row as the database sends them, HTML as a table,
 * with the paging links of each.
 */
final class FeaturePages {

    private final FeatureReader reader;

    FeaturePages(FeatureReader reader) {
        this.reader = reader;
    }

    void geoJson(Context ctx, Layer layer, FeatureSql sql, ItemsParams p, long matched) throws Exception {
        ctx.contentType(GEOJSON + "; charset=utf-8");
        // Javalin decides on compression at the first write: make it a large one
        OutputStream out = new java.io.BufferedOutputStream(ctx.outputStream(), 1 << 16);
        String opening = JsonCodec.MAPPER.writeValueAsString(new FeatureDocuments.PageHead("FeatureCollection", matched,
                pageLinks(ctx, layer, p, matched)));
        out.write(opening.substring(0, opening.length() - 1).getBytes(StandardCharsets.UTF_8));
        out.write(",\"features\":[".getBytes(StandardCharsets.UTF_8));
        int[] n = {0};
        reader.stream(sql.features(p.where, p.limit, p.offset), rs -> {
            if (n[0]++ > 0) {
                out.write(',');
            }
            out.write('\n');
            out.write(rs.getBytes(1)); // the database's UTF-8 as it came, not decoded and encoded again
        });
        out.write(("],\"numberReturned\":" + n[0] + "}\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    void csv(Context ctx, Layer layer, FeatureSql sql, ItemsParams p) throws Exception {
        ctx.contentType("text/csv; charset=utf-8");
        ctx.header("Content-Disposition", "inline; filename=\"" + layer.id() + ".csv\"");
        Writer writer = new OutputStreamWriter(new java.io.BufferedOutputStream(ctx.outputStream(), 1 << 16), StandardCharsets.UTF_8);
        writer.write('\ufeff'); // a byte-order mark: a spreadsheet reads the Vietnamese as UTF-8 by it
        Csv.RowWriter csv = Csv.sheetWriter(writer);
        List<Object> header = new ArrayList<>();
        header.add("id");
        sql.selected().forEach(pr -> header.add(pr.name()));
        header.add("wkt");
        csv.write(header.toArray());
        int columns = header.size();
        reader.stream(sql.csv(p.where, p.limit, p.offset), rs -> {
            Object[] row = new Object[columns];
            for (int i = 0; i < columns; i++) {
                row[i] = rs.getString(i + 1);
            }
            csv.write(row);
        });
        csv.close();
    }

    void html(Context ctx, Layer layer, FeatureSql sql, ItemsParams p, long matched) throws Exception {
        List<String> header = new ArrayList<>();
        header.add("id");
        sql.selected().forEach(pr -> header.add(pr.name()));
        List<List<Object>> rows = new ArrayList<>();
        String base = Requests.base(ctx) + "/ogc/collections/" + layer.id() + "/items/";
        reader.stream(sql.features(p.where, p.limit, p.offset), rs -> {
            JsonNode f = JsonCodec.MAPPER.readTree(rs.getString(1));
            List<Object> row = new ArrayList<>();
            String id = f.get("id").asText();
            row.add(new Html.Raw(Html.link(base + id + "?f=html", id)));
            for (Property pr : sql.selected()) {
                row.add(text(f.get("properties").get(pr.name())));
            }
            rows.add(row);
        });
        StringBuilder body = new StringBuilder("<p>").append(matched).append(" đối tượng; đang xem ").append(rows.size())
                .append(" từ vị trí ").append(p.offset).append(".</p><p>");
        for (OgcLink l : pageLinks(ctx, layer, p, matched)) {
            if (l.rel().equals("next") || l.rel().equals("prev")) {
                String href = l.href().replace("f=json", "f=html");
                body.append(Html.link(href, l.rel().equals("next") ? "Trang sau →" : "← Trang trước")).append(' ');
            }
        }
        OgcController.html(ctx, layer.title(), body.append("</p>").append(Html.table(header, rows))
                .append(OgcLink.html(pageLinks(ctx, layer, p, matched))).toString());
    }

    /** self, alternates, next and prev for a page of items (next only when more features match). */
    private List<OgcLink> pageLinks(Context ctx, Layer layer, ItemsParams p, long matched) {
        String base = Requests.base(ctx) + "/ogc/collections/" + layer.id() + "/items";
        List<OgcLink> links = new ArrayList<>();
        links.add(OgcLink.of(base + query(ctx, p.offset, "json"), "self", GEOJSON, "Trang này"));
        links.add(OgcLink.of(base + query(ctx, p.offset, "html"), "alternate", "text/html", "Dạng HTML"));
        links.add(OgcLink.of(base + query(ctx, p.offset, "csv"), "alternate", "text/csv", "Dạng CSV"));
        if (p.offset + p.limit < matched) {
            links.add(OgcLink.of(base + query(ctx, p.offset + p.limit, "json"), "next", GEOJSON, "Trang sau"));
        }
        if (p.offset > 0) {
            links.add(OgcLink.of(base + query(ctx, Math.max(0, p.offset - p.limit), "json"), "prev", GEOJSON, "Trang trước"));
        }
        links.add(OgcLink.of(Requests.base(ctx) + "/ogc/collections/" + layer.id(), "collection", "application/json", layer.title()));
        return links;
    }

    /** The request's query string with another offset and format. */
    private static String query(Context ctx, int offset, String f) {
        StringBuilder sb = new StringBuilder("?f=").append(f).append("&offset=").append(offset);
        ctx.queryParamMap().forEach((k, values) -> {
            if (!k.equals("offset") && !k.equals("f")) {
                values.forEach(v -> sb.append('&').append(encode(k)).append('=').append(encode(v)));
            }
        });
        return sb.toString();
    }


    static String text(JsonNode v) {
        return v == null || v.isNull() ? "" : v.isValueNode() ? v.asText() : v.toString();
    }


    private static String encode(String s) {
        return java.net.URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
