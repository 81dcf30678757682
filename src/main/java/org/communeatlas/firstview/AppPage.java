package org.communeatlas.firstview;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.SQLException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.communeatlas.content.Etags;
import org.communeatlas.content.Gzip;
import org.communeatlas.core.JsonCodec;
import org.communeatlas.geo.TileMath;
import org.communeatlas.html.Html;
import org.communeatlas.layers.DataVersions;
import org.communeatlas.layers.Layer;
import org.communeatlas.layers.LayerCatalog;
import org.communeatlas.layers.LayerExtents;
import org.communeatlas.search.Label;
import org.communeatlas.search.SearchService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the map application's page from web/index.html: its stylesheets written into it, the province drawn in
 * it as SVG, and the boot data the scripts read instead of asking (see the package description). Built again
 * only when the data of a layer moves; while the database cannot be read the last page built is served, or,
 * before any, the page without its drawing (the scripts then ask for what it would have carried).
 */
public final class AppPage {

    /**
     * The page (UTF-8, and gzipped at the best level once, not per request), its tag and the SHA-256 (base64) of its
     * one inline stylesheet, which the Content-Security-Policy names to let it apply.
     */
    public record Page(byte[] html, byte[] gzipped, String etag, String styleSha256) {
    }

    private record Built(String key, Page page) {
    }

    /** What the map fits on first opening: Quảng Nam, [west, south, east, north]. */
    static final double[] PROVINCE = {107.2, 15.0, 108.8, 16.15};
    /** About a pixel at the province view of a phone (zoom 8 at 15.5°N is ~590 m a pixel): finer would not show. */
    static final double TOLERANCE_METRES = 400;
    private static final String LEAFLET_CSS = "/META-INF/resources/webjars/leaflet/1.9.4/dist/leaflet.css";

    private static final Logger LOG = LoggerFactory.getLogger(AppPage.class);

    private final LayerCatalog catalog;
    private final DataVersions versions;
    private final LayerExtents extents;
    private final SearchService search;
    private final OutlineStore outlines;
    private final String template;
    private final String styles;
    private final String styleSha256;
    private final String words;
    private volatile Built last;

    public AppPage(LayerCatalog catalog, DataVersions versions, LayerExtents extents, SearchService search, DataSource reader) {
        this.catalog = catalog;
        this.versions = versions;
        this.extents = extents;
        this.search = search;
        this.outlines = new OutlineStore(reader);
        this.template = resource("/web/index.html");
        // Leaflet's images are named relative to its stylesheet, which is no longer where the page is
        String leaflet = resource(LEAFLET_CSS).replace("url(images/", "url(/webjars/leaflet/1.9.4/dist/images/");
        // as the browser reads it (its parser turns CR LF into LF before the hash is taken)
        this.styles = (leaflet + "\n" + resource("/web/css/app.css")).replace("\r\n", "\n").replace('\r', '\n');
        this.styleSha256 = sha256(styles);
        this.words = resource("/web/i18n/vi.json");
    }

    /** The page for the data as it is now. */
    public Page current() {
        String key = catalog.all().stream().map(versions::of).collect(Collectors.joining("/"));
        Built b = last;
        if (b != null && b.key().equals(key)) {
            return b.page();
        }
        try {
            Page page = build(outlines.outlines(TOLERANCE_METRES), search.labels("district"), layerRanges());
            last = new Built(key, page);
            return page;
        } catch (SQLException | RuntimeException e) {
            LOG.warn("the page is served without its first view for now: {}", e.toString());
            return b != null ? b.page() : build(List.of(), List.of(), Map.of());
        }
    }

    /** Each layer's zoom range and bounds, as its TileJSON gives them. */
    private Map<String, Object> layerRanges() {
        Map<String, Object> ranges = new LinkedHashMap<>();
        for (Layer layer : catalog.all()) {
            double[] b = extents.boundsOrWorld(layer);
            ranges.put(layer.id(), Map.of("minzoom", layer.minZoom(), "maxzoom", layer.maxZoom(), "bounds", List.of(b[0], b[1], b[2], b[3])));
        }
        return ranges;
    }

    private Page build(List<Outline> units, List<Label> districtNames, Map<String, Object> layers) {
        Map<String, Object> boot = new LinkedHashMap<>();
        boot.put("view", List.of(PROVINCE[0], PROVINCE[1], PROVINCE[2], PROVINCE[3]));
        boot.put("layers", layers);
        if (!districtNames.isEmpty()) {
            boot.put("labels", Map.of("district", districtNames));
        }
        // the words are JSON already: spliced in, not parsed and written again
        String bootJson = JsonCodec.text(boot);
        bootJson = bootJson.substring(0, bootJson.length() - 1) + ",\"words\":{\"vi\":" + words.strip() + "}}";
        String html = template
                .replace(block("styles"), "<style>" + styles + "</style>")
                .replace("<!--first-view-->", svg(units, districtNames))
                // "</" cannot end the data block early
                .replace("<!--boot-->", "<script type=\"application/json\" id=\"atlas-boot\">" + bootJson.replace("</", "<\\/") + "</script>");
        byte[] bytes = html.getBytes(StandardCharsets.UTF_8);
        return new Page(bytes, Gzip.gzipBest(bytes), Etags.of(bytes), styleSha256);
    }

    /** The text between {@code <!--name-->} and {@code <!--/name-->} in the template, markers included. */
    private String block(String name) {
        int from = template.indexOf("<!--" + name + "-->");
        String end = "<!--/" + name + "-->";
        int to = template.indexOf(end);
        if (from < 0 || to < from) {
            throw new IllegalStateException("web/index.html has no " + name + " block");
        }
        return template.substring(from, to + end.length());
    }

    /** The province's outlines and district names, framed as the map will first frame it. */
    static String svg(List<Outline> units, List<Label> names) {
        if (units.isEmpty()) {
            return "";
        }
        double x0 = TileMath.mercatorX(PROVINCE[0]);
        double x1 = TileMath.mercatorX(PROVINCE[2]);
        double top = -TileMath.mercatorY(PROVINCE[3]);
        double bottom = -TileMath.mercatorY(PROVINCE[1]);
        StringBuilder sb = new StringBuilder(24_000);
        sb.append(String.format(Locale.ROOT, "<svg class=\"first-view\" viewBox=\"%.0f %.0f %.0f %.0f\" preserveAspectRatio=\"xMidYMid meet\" "
                + "aria-hidden=\"true\" focusable=\"false\">", x0, top, x1 - x0, bottom - top));
        for (String level : List.of("commune", "district")) {
            sb.append("<g class=\"").append(level).append("\">");
            for (Outline o : units) {
                if (o.level().equals(level)) {
                    sb.append("<path d=\"").append(o.path()).append("\"/>");
                }
            }
            sb.append("</g>");
        }
        sb.append("<g class=\"names\">");
        for (Label l : names) {
            sb.append(String.format(Locale.ROOT, "<text x=\"%.0f\" y=\"%.0f\">", TileMath.mercatorX(l.lon()), -TileMath.mercatorY(l.lat())))
                    .append(Html.escape(l.shortName() != null ? l.shortName() : l.name())).append("</text>");
        }
        return sb.append("</g></svg>").toString();
    }



    private static String resource(String path) {
        try (InputStream in = AppPage.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException(path + " is not on the class path");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String sha256(String text) {
        try {
            return Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
