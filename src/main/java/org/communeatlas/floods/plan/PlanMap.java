package org.communeatlas.floods.plan;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import org.communeatlas.geo.TileMath;
import org.communeatlas.html.Html;

/**
 * A commune's plan drawn for the printed sheet: SVG (no script, no style attribute: presentation attributes only, so
 * the sheet's policy holds) in Web Mercator metres from {@link PlanMapStore}, the sites numbered as the sheet lists
 * them, the families placed and those to rescue as dots, and its legend beside it.
 */
final class PlanMap {

    /** The drawing is about this many CSS pixels wide on A4: dots and marks are sized in its pixels. */
    private static final double PRINTED_WIDTH_PX = 700;

    private PlanMap() {
    }

    /** A legend entry: its mark (SVG) and its words' key. */
    private record Entry(String mark, String key) {
    }

    private static final List<Entry> LEGEND = List.of(
            new Entry("<rect x=\"1\" y=\"3\" width=\"22\" height=\"12\" fill=\"none\" stroke=\"#102a43\" stroke-width=\"2\"/>", "mapCommune"),
            new Entry("<rect x=\"1\" y=\"3\" width=\"22\" height=\"12\" fill=\"none\" stroke=\"#9aa5b1\" stroke-width=\"1\"/>", "mapVillage"),
            new Entry("<rect x=\"1\" y=\"3\" width=\"22\" height=\"12\" fill=\"#4fc3f7\" fill-opacity=\"0.45\" stroke=\"#0277bd\"/>", "mapFlood"),
            new Entry("<line x1=\"1\" y1=\"9\" x2=\"23\" y2=\"9\" stroke=\"#9e9e9e\" stroke-width=\"1.5\"/>", "mapRoad"),
            new Entry("<line x1=\"1\" y1=\"9\" x2=\"23\" y2=\"9\" stroke=\"#01579b\" stroke-width=\"2.5\" stroke-dasharray=\"4 3\"/>", "mapFloodedRoad"),
            new Entry("<line x1=\"1\" y1=\"9\" x2=\"23\" y2=\"9\" stroke=\"#2e7d32\" stroke-width=\"3\"/>", "mapRoute"),
            new Entry("<rect x=\"5\" y=\"2\" width=\"14\" height=\"14\" fill=\"#0d47a1\"/><text x=\"12\" y=\"13\" font-size=\"10\" fill=\"#fff\" "
                    + "text-anchor=\"middle\">1</text>", "mapSite"),
            new Entry("<circle cx=\"12\" cy=\"9\" r=\"3\" fill=\"#2e7d32\"/>", "mapPlaced"),
            new Entry("<circle cx=\"12\" cy=\"9\" r=\"4.5\" fill=\"#c62828\" stroke=\"#fff\"/>", "mapBoat"),
            new Entry("<circle cx=\"12\" cy=\"9\" r=\"4.5\" fill=\"#ef6c00\" stroke=\"#fff\"/>", "mapNoRoom"));

    /**
     * The map and its legend, or "" without a frame (a commune without geometry). {@code sites} in the sheet's order: the
     * first is marked 1.
     */
    static String draw(PlanMapStore.Layers layers, List<PlanSite> sites, List<PlanRow> rows, Function<String, String> words) {
        if (layers == null) {
            return "";
        }
        double[] f = layers.frame();
        double px = (f[2] - f[0]) / PRINTED_WIDTH_PX; // metres a printed pixel
        StringBuilder b = new StringBuilder(64_000);
        b.append(String.format(Locale.ROOT, "<svg class=\"plan-map\" viewBox=\"%.0f %.0f %.0f %.0f\" preserveAspectRatio=\"xMidYMid meet\" role=\"img\" "
                + "aria-label=\"%s\">", f[0], -f[3], f[2] - f[0], f[3] - f[1], Html.escape(words.apply("mapTitle"))));
        path(b, layers.flood(), "fill=\"#4fc3f7\" fill-opacity=\"0.45\" stroke=\"#0277bd\" stroke-width=\"0.8\"");
        for (String v : layers.villages()) {
            path(b, v, "fill=\"none\" stroke=\"#9aa5b1\" stroke-width=\"0.7\"");
        }
        path(b, layers.roads(), "fill=\"none\" stroke=\"#9e9e9e\" stroke-width=\"1.2\"");
        path(b, layers.floodedRoads(), "fill=\"none\" stroke=\"#01579b\" stroke-width=\"2.2\" stroke-dasharray=\"4 3\"");
        path(b, layers.routes(), "fill=\"none\" stroke=\"#2e7d32\" stroke-width=\"2.6\" stroke-linecap=\"round\" stroke-linejoin=\"round\"");
        path(b, layers.commune(), "fill=\"none\" stroke=\"#102a43\" stroke-width=\"2.2\"");
        for (PlanRow r : rows) {
            boolean placed = r.siteId() != null;
            String colour = placed ? "#2e7d32" : PlanSheet.noRoute(r.unassigned()) ? "#c62828" : "#ef6c00";
            b.append(String.format(Locale.ROOT, "<circle cx=\"%.0f\" cy=\"%.0f\" r=\"%.0f\" fill=\"%s\"%s/>", TileMath.mercatorX(r.lon()), -TileMath.mercatorY(r.lat()),
                    (placed ? 2.2 : 3.6) * px, colour, placed ? "" : " stroke=\"#fff\" stroke-width=\"0.8\" vector-effect=\"non-scaling-stroke\""));
        }
        int n = 0;
        for (PlanSite s : sites) {
            n++;
            double sx = TileMath.mercatorX(s.lon());
            double sy = -TileMath.mercatorY(s.lat());
            b.append(String.format(Locale.ROOT, "<g class=\"site\"><rect x=\"%.0f\" y=\"%.0f\" width=\"%.0f\" height=\"%.0f\" fill=\"#0d47a1\" "
                    + "stroke=\"#fff\" stroke-width=\"1\" vector-effect=\"non-scaling-stroke\"/><text x=\"%.0f\" y=\"%.0f\" font-size=\"%.0f\" "
                    + "font-weight=\"700\" fill=\"#fff\" text-anchor=\"middle\">%d</text></g>", sx - 8 * px, sy - 8 * px, 16 * px, 16 * px, sx,
                    sy + 4 * px, 11 * px, n));
        }
        b.append("</svg><ul class=\"map-legend\">");
        for (Entry e : LEGEND) {
            b.append("<li><svg width=\"24\" height=\"18\" viewBox=\"0 0 24 18\" aria-hidden=\"true\">").append(e.mark()).append("</svg> ")
                    .append(Html.escape(words.apply(e.key()))).append("</li>");
        }
        return b.append("</ul>").toString();
    }

    private static void path(StringBuilder b, String d, String attributes) {
        if (d != null && !d.isEmpty()) {
            b.append("<path d=\"").append(d).append("\" ").append(attributes).append(" vector-effect=\"non-scaling-stroke\"/>");
        }
    }



    /** The words the map adds to the sheet's, in Vietnamese and English. */
    static final Map<String, String> VI = Map.ofEntries(Map.entry("mapTitle", "Bản đồ phương án"), Map.entry("mapCommune", "Ranh giới xã"),
            Map.entry("mapVillage", "Thôn, khối phố"), Map.entry("mapFlood", "Vùng ngập"), Map.entry("mapRoad", "Đường"),
            Map.entry("mapFloodedRoad", "Đường bị ngập"), Map.entry("mapRoute", "Tuyến sơ tán"),
            Map.entry("mapSite", "Điểm sơ tán (số thứ tự như trong danh sách)"), Map.entry("mapPlaced", "Hộ đã bố trí chỗ"),
            Map.entry("mapBoat", "Hộ cần cứu hộ bằng thuyền"), Map.entry("mapNoRoom", "Hộ chưa có chỗ"));
    static final Map<String, String> EN = Map.ofEntries(Map.entry("mapTitle", "Map of the plan"), Map.entry("mapCommune", "Commune boundary"),
            Map.entry("mapVillage", "Villages"), Map.entry("mapFlood", "Flooded area"), Map.entry("mapRoad", "Roads"),
            Map.entry("mapFloodedRoad", "Flooded roads"), Map.entry("mapRoute", "Evacuation routes"),
            Map.entry("mapSite", "Evacuation point (numbered as listed)"), Map.entry("mapPlaced", "Household placed"),
            Map.entry("mapBoat", "Household to rescue by boat"), Map.entry("mapNoRoom", "Household without a place"));
}
