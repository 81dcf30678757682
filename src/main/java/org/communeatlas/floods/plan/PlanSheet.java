package org.communeatlas.floods.plan;

import java.io.IOException;
import java.sql.SQLException;
import java.text.NumberFormat;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.communeatlas.accounts.Viewer;
import org.communeatlas.db.Database;
import org.communeatlas.floods.impact.NeedsProfile;
import org.communeatlas.html.Html;

/**
 * The printable sheet a commune's steering committee works from (A4, no scripts, an HTML view): the committee's
 * totals, each site with its families (one line each) and what they need, and the families to rescue by boat with
 * their location. Every printed page carries the commune, the flood and its page number (the sheet's own stylesheet,
 * {@link #pageStyle}); numbers are written the way of the sheet's language (1,1 km and 3.365 people in Vietnamese);
 * the marks are explained. Without a commune, an index of the communes in the plan.
 */
final class PlanSheet {

    private final PlanStore store;
    private final PlanMapStore maps;

    PlanSheet(PlanStore store, PlanMapStore maps) {
        this.store = store;
        this.maps = maps;
    }

    /** The words of the sheet, in Vietnamese or English. */
    private record Words(Locale locale, Map<String, String> text) {
        String get(String key) {
            return text.get(key);
        }
    }

    private static final Words VI = new Words(Locale.forLanguageTag("vi-VN"), Map.ofEntries(
            Map.entry("index", "Phương án sơ tán — chọn xã"), Map.entry("commune", "Xã"), Map.entry("code", "Mã"),
            Map.entry("households", "Số hộ phải di dời"), Map.entry("people", "Số người"), Map.entry("boat", "Cần cứu hộ bằng thuyền"),
            Map.entry("noRoom", "Chưa có chỗ"), Map.entry("title", "Phương án sơ tán"), Map.entry("plan", "phương án số"),
            Map.entry("at", "lập lúc"), Map.entry("gap", "tổng quãng đường chỉ dài hơn mức ngắn nhất có thể"),
            Map.entry("short", "người chưa xếp được chỗ vì không tách thành viên gia đình"),
            Map.entry("totals", "Tổng hợp của Ban chỉ huy"), Map.entry("moved", "Số hộ phải di dời"), Map.entry("movedPeople", "Số người phải di dời"),
            Map.entry("placed", "Số hộ đã bố trí nơi ở"), Map.entry("placedPeople", "Số người đã bố trí nơi ở"),
            Map.entry("boatHouseholds", "Số hộ cần cứu hộ bằng thuyền (không còn đường khô)"),
            Map.entry("noRoomHouseholds", "Số hộ chưa có chỗ ở điểm sơ tán"),
            Map.entry("needs", "Nhu cầu thiết yếu một tuần"), Map.entry("peopleShort", "người"),
            Map.entry("capacityDay", "sức chứa ban ngày"), Map.entry("night", "qua đêm"), Map.entry("fromCommune", "từ xã này"),
            Map.entry("household", "Hộ"), Map.entry("head", "Chủ hộ"), Map.entry("phone", "Điện thoại"), Map.entry("priority", "Ư.t"),
            Map.entry("village", "Thôn"), Map.entry("distance", "Km"), Map.entry("rescueTitle", "Hộ cần cứu hộ bằng thuyền hoặc chưa có chỗ"),
            Map.entry("none", "Không có."), Map.entry("reason", "Lý do"), Map.entry("noDryRoute", "Không đường khô"),
            Map.entry("fullSites", "Hết chỗ"), Map.entry("where", "Vị trí (vĩ độ, kinh độ)"), Map.entry("rice", "Gạo kg"),
            Map.entry("water", "Nước l"), Map.entry("item", "Mặt hàng"), Map.entry("quantity", "Số lượng"), Map.entry("unit", "Đơn vị"),
            Map.entry("weekly", "mỗi tuần"), Map.entry("once", "một lần"),
            Map.entry("legend", "Ký hiệu: ✔ ở cột Ư.t (ưu tiên) — hộ có trẻ em dưới 6 tuổi, người cao tuổi, người khuyết tật hoặc phụ nữ mang thai, "
                    + "được bố trí chỗ trước. Km — quãng đường theo đường bộ tới điểm sơ tán."),
            Map.entry("print", "In trang này (Ctrl+P) trên giấy A4."), Map.entry("back", "← Bản đồ"), Map.entry("page", "Trang"),
            Map.entry("l", "lít"), Map.entry("kit", "bộ"), Map.entry("unitOf", "cái"), Map.entry("kg", "kg")));

    private static final Words EN = new Words(Locale.UK, Map.ofEntries(
            Map.entry("index", "Evacuation plan — choose a commune"), Map.entry("commune", "Commune"), Map.entry("code", "Code"),
            Map.entry("households", "Households to move"), Map.entry("people", "People"), Map.entry("boat", "To rescue by boat"),
            Map.entry("noRoom", "Without a place"), Map.entry("title", "Evacuation plan"), Map.entry("plan", "plan no."),
            Map.entry("at", "made at"), Map.entry("gap", "total distance only this much above the shortest possible"),
            Map.entry("short", "more people without a place because families are kept together"),
            Map.entry("totals", "Totals for the steering committee"), Map.entry("moved", "Households to move"),
            Map.entry("movedPeople", "People to move"), Map.entry("placed", "Households placed"), Map.entry("placedPeople", "People placed"),
            Map.entry("boatHouseholds", "Households to rescue by boat (no dry road)"),
            Map.entry("noRoomHouseholds", "Households without a place at an evacuation point"),
            Map.entry("needs", "Essential needs for a week"), Map.entry("peopleShort", "people"),
            Map.entry("capacityDay", "capacity by day"), Map.entry("night", "overnight"), Map.entry("fromCommune", "from this commune"),
            Map.entry("household", "Household"), Map.entry("head", "Head"), Map.entry("phone", "Phone"), Map.entry("priority", "Pr."),
            Map.entry("village", "Village"), Map.entry("distance", "Km"), Map.entry("rescueTitle", "Households to rescue by boat or without a place"),
            Map.entry("none", "None."), Map.entry("reason", "Why"), Map.entry("noDryRoute", "No dry road"), Map.entry("fullSites", "Sites full"),
            Map.entry("where", "Location (lat, lon)"), Map.entry("rice", "Rice kg"), Map.entry("water", "Water l"), Map.entry("item", "Item"),
            Map.entry("quantity", "Quantity"), Map.entry("unit", "Unit"), Map.entry("weekly", "per week"), Map.entry("once", "once"),
            Map.entry("legend", "Marks: ✔ in column Pr. (priority) — a household with children under 6, elderly, disabled or pregnant "
                    + "members, placed first. Km — distance by road to the evacuation point."),
            Map.entry("print", "Print this page (Ctrl+P) on A4 paper."), Map.entry("back", "← Map"), Map.entry("page", "Page"),
            Map.entry("l", "l"), Map.entry("kit", "kits"), Map.entry("unitOf", "units"), Map.entry("kg", "kg")));

    static boolean english(String lang) {
        return "en".equals(lang);
    }

    String index(int planId, String floodName, boolean english) throws SQLException, IOException {
        Words w = english ? EN : VI;
        Map<String, String> communes = new TreeMap<>();
        Map<String, int[]> counts = new TreeMap<>();
        store.rows(planId, Viewer.ANONYMOUS, null, null, r -> {
            communes.put(r.communeCode(), r.communeName());
            int[] c = counts.computeIfAbsent(r.communeCode(), k -> new int[4]);
            c[0]++;
            c[1] += r.members();
            c[2] += noRoute(r.unassigned()) ? 1 : 0;
            c[3] += "no_room".equals(r.unassigned()) ? 1 : 0;
        });
        List<List<Object>> rows = new ArrayList<>();
        communes.forEach((code, name) -> rows.add(List.of(new Html.Raw(Html.link("sheet?commune=" + code + (english ? "&lang=en" : ""), name)),
                code, fmt(counts.get(code)[0], w), fmt(counts.get(code)[1], w), fmt(counts.get(code)[2], w), fmt(counts.get(code)[3], w))));
        String body = "<p>" + Html.escape(floodName) + "</p>"
                + Html.table(List.of(w.get("commune"), w.get("code"), w.get("households"), w.get("people"), w.get("boat"), w.get("noRoom")), rows);
        return page(w.get("index"), body, null, w);
    }

    String commune(int planId, String floodName, String communeCode, Viewer viewer, List<NeedsProfile.Item> needs, boolean english)
            throws SQLException, IOException {
        Words w = english ? EN : VI;
        PlanHeader header = store.header(planId);
        Map<Integer, List<PlanRow>> bySite = new LinkedHashMap<>();
        List<PlanRow> rescue = new ArrayList<>();
        List<PlanRow> all = new ArrayList<>();
        String[] communeName = {communeCode};
        int[] totals = new int[6]; // households, people, households placed, people placed, no dry route, no room
        store.rows(planId, viewer, communeCode, null, r -> {
            communeName[0] = r.communeName();
            all.add(r);
            totals[0]++;
            totals[1] += r.members();
            if (r.siteId() == null) {
                rescue.add(r);
                totals[noRoute(r.unassigned()) ? 4 : 5]++;
            } else {
                totals[2]++;
                totals[3] += r.members();
                bySite.computeIfAbsent(r.siteId(), k -> new ArrayList<>()).add(r);
            }
        });
        boolean personal = viewer.seesPersonalData();
        StringBuilder b = new StringBuilder();
        String when = OffsetDateTime.parse(header.createdAt()).atZoneSameInstant(Database.ZONE)
                .format(DateTimeFormatter.ofPattern(english ? "HH:mm, d MMMM yyyy" : "HH:mm 'ngày' dd/MM/yyyy", w.locale()));
        b.append("<p class=\"meta\">").append(Html.escape(floodName)).append(" · ").append(w.get("plan")).append(' ').append(planId).append(' ')
                .append(w.get("at")).append(' ').append(Html.escape(when)).append(" · ").append(w.get("gap")).append(' ')
                .append(percent(header.gap(), w));
        if (header.peopleShort() > 0) {
            b.append(" · ").append(fmt(header.peopleShort(), w)).append(' ').append(w.get("short"));
        }
        b.append("</p>");
        b.append("<p class=\"legend\">").append(Html.escape(w.get("legend"))).append("</p>");
        b.append("<section class=\"totals\"><h2>").append(w.get("totals")).append("</h2><table class=\"totals\"><tbody>")
                .append(row(w.get("moved"), totals[0], w)).append(row(w.get("movedPeople"), totals[1], w))
                .append(row(w.get("placed"), totals[2], w)).append(row(w.get("placedPeople"), totals[3], w))
                .append(row(w.get("boatHouseholds"), totals[4], w)).append(row(w.get("noRoomHouseholds"), totals[5], w))
                .append("</tbody></table>");
        b.append("<h3>").append(w.get("needs")).append(" (").append(fmt(totals[1], w)).append(' ').append(w.get("peopleShort")).append(")</h3>")
                .append(needsTable(needs, totals[1], w)).append("</section>");
        Map<Integer, PlanSite> sites = new LinkedHashMap<>();
        for (PlanSite s : store.sites(planId, communeCode)) {
            sites.put(s.id(), s);
        }
        // a site the plan names that is no longer in the data (deleted outside the server) is listed last, by its number,
        // and left off the map: the sheet still prints, and the map's numbers still match the sheet's
        bySite.keySet().stream().filter(id -> !sites.containsKey(id)).toList().forEach(id -> bySite.put(id, bySite.remove(id)));
        // the map of the plan, its sites numbered in the order the sheet lists them
        List<PlanSite> listed = bySite.keySet().stream().map(sites::get).filter(java.util.Objects::nonNull).toList();
        Map<String, String> mapWords = english ? PlanMap.EN : PlanMap.VI;
        b.append("<section class=\"map\"><h2>").append(Html.escape(mapWords.get("mapTitle"))).append("</h2>")
                .append(PlanMap.draw(maps.layers(planId, communeCode, bySite.keySet().toArray(Integer[]::new)), listed, all, mapWords::get))
                .append("</section>");
        int number = 0;
        for (Map.Entry<Integer, List<PlanRow>> e : bySite.entrySet()) {
            PlanSite s = sites.getOrDefault(e.getKey(), PlanSite.missing(e.getKey()));
            int people = e.getValue().stream().mapToInt(PlanRow::members).sum();
            b.append("<section class=\"site\"><h2>").append(++number).append(". ").append(Html.escape(s.name())).append("</h2><p class=\"meta\">")
                    .append(Html.escape(s.code())).append(" · ").append(Html.escape(s.communeName()))
                    .append(" · ").append(w.get("capacityDay")).append(' ').append(fmt(s.capacityDay(), w)).append(", ").append(w.get("night")).append(' ')
                    .append(fmt(s.capacityNight(), w)).append(" · ").append(fmt(e.getValue().size(), w)).append(' ').append(w.get("household").toLowerCase(w.locale()))
                    .append(", ").append(fmt(people, w)).append(' ').append(w.get("peopleShort")).append(' ').append(w.get("fromCommune")).append("</p>");
            b.append(needsTable(needs, people, w));
            List<String> cols = new ArrayList<>(List.of(w.get("household"), w.get("village"), w.get("people"), w.get("distance")));
            if (personal) {
                cols.addAll(1, List.of(w.get("head"), w.get("phone"), w.get("priority")));
            }
            List<List<Object>> rows = new ArrayList<>();
            for (PlanRow r : e.getValue()) {
                List<Object> row = new ArrayList<>(List.of(r.code() != null ? r.code() : "#" + r.householdId(), r.villageName(), fmt(r.members(), w),
                        decimal(r.distanceM() / 1000, 1, w)));
                if (personal) {
                    row.addAll(1, List.of(orDash(r.headName()), orDash(r.phone()), Boolean.TRUE.equals(r.vulnerable()) ? "✔" : ""));
                }
                rows.add(row);
            }
            b.append(compact(cols, rows)).append("</section>");
        }
        b.append("<section class=\"rescue\"><h2>").append(w.get("rescueTitle")).append(" (").append(fmt(rescue.size(), w)).append(")</h2>");
        if (rescue.isEmpty()) {
            b.append("<p>").append(w.get("none")).append("</p>");
        } else {
            List<String> cols = new ArrayList<>(List.of(w.get("household"), w.get("village"), w.get("people"), w.get("reason"), w.get("where"),
                    w.get("rice"), w.get("water")));
            if (personal) {
                cols.addAll(1, List.of(w.get("head"), w.get("phone"), w.get("priority")));
            }
            List<List<Object>> rows = new ArrayList<>();
            for (PlanRow r : rescue) {
                Map<String, Long> q = NeedsProfile.quantities(needs, r.members());
                List<Object> row = new ArrayList<>(List.of(r.code() != null ? r.code() : "#" + r.householdId(), r.villageName(), fmt(r.members(), w),
                        noRoute(r.unassigned()) ? w.get("noDryRoute") : w.get("fullSites"),
                        String.format(Locale.ROOT, "%.5f, %.5f", r.lat(), r.lon()), fmt(q.getOrDefault("rice", 0L), w),
                        fmt(q.getOrDefault("drinking_water", 0L), w)));
                if (personal) {
                    row.addAll(1, List.of(orDash(r.headName()), orDash(r.phone()), Boolean.TRUE.equals(r.vulnerable()) ? "✔" : ""));
                }
                rows.add(row);
            }
            b.append(compact(cols, rows));
        }
        b.append("</section>");
        String title = w.get("title") + " — " + communeName[0];
        return page(title, b.toString(), "sheet.css?commune=" + communeCode + (english ? "&lang=en" : ""), w);
    }

    /** The sheet's page style: the commune, the flood and the page number in the margins of every printed page. */
    String pageStyle(int planId, String floodName, String communeCode, boolean english) throws SQLException, IOException {
        Words w = english ? EN : VI;
        String[] name = {communeCode};
        store.rows(planId, Viewer.ANONYMOUS, communeCode, null, r -> name[0] = r.communeName());
        return "@page {\n  @top-left { content: " + cssString(name[0] + " · " + floodName) + "; }\n"
                + "  @top-right { content: " + cssString(w.get("title") + " " + planId) + "; }\n"
                + "  @bottom-right { content: " + cssString(w.get("page") + " ") + " counter(page) \" / \" counter(pages); }\n}\n";
    }

    /** Text as a CSS string literal: quotes and backslashes escaped, line breaks and other controls as escapes. */
    static String cssString(String text) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20 || c == 0x7f) {
                out.append('\\').append(Integer.toHexString(c)).append(' ');
            } else {
                out.append(c);
            }
        }
        return out.append('"').toString();
    }

    /** A table of one line per family: nothing wraps, small type, the header repeated on every page. */
    private static String compact(List<String> cols, List<List<Object>> rows) {
        return Html.table(cols, rows).replaceFirst("<table", "<table class=\"compact\"");
    }

    private static String needsTable(List<NeedsProfile.Item> needs, int people, Words w) {
        List<List<Object>> rows = new ArrayList<>();
        for (NeedsProfile.Item i : needs) {
            rows.add(List.of(w.locale().getLanguage().equals("en") ? i.nameEn() : i.nameVi(), fmt(i.quantity(people), w), unit(i.unit(), w),
                    i.frequency().equals("weekly") ? w.get("weekly") : w.get("once")));
        }
        return Html.table(List.of(w.get("item"), w.get("quantity"), w.get("unit"), ""), rows).replaceFirst("<table", "<table class=\"needs\"");
    }

    private static String unit(String unit, Words w) {
        return switch (unit) {
            case "l" -> w.get("l");
            case "kit" -> w.get("kit");
            case "unit" -> w.get("unitOf");
            default -> unit;
        };
    }

    private static String row(String label, long value, Words w) {
        return "<tr><th>" + Html.escape(label) + "</th><td class=\"num\">" + fmt(value, w) + "</td></tr>";
    }

    private static String orDash(String s) {
        return s == null || s.isBlank() ? "—" : s;
    }

    /** Whole numbers grouped the language's way: 16.800 in Vietnamese, 16,800 in English. */
    private static String fmt(long n, Words w) {
        return String.format(w.locale(), "%,d", n);
    }

    /** A decimal the language's way: 1,1 in Vietnamese (1.1 would read as eleven), 1.1 in English. */
    private static String decimal(double value, int digits, Words w) {
        NumberFormat f = NumberFormat.getNumberInstance(w.locale());
        f.setMinimumFractionDigits(digits);
        f.setMaximumFractionDigits(digits);
        return f.format(value);
    }

    private static String percent(double share, Words w) {
        return decimal(100 * share, 2, w) + "%";
    }

    private static String page(String title, String body, String pageStyle, Words w) {
        boolean english = w.locale().getLanguage().equals("en");
        return "<!doctype html>\n<html lang=\"" + (english ? "en" : "vi") + "\"><head><meta charset=\"utf-8\">"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
                + "<title>" + Html.escape(title) + " — Commune Atlas</title>"
                + "<link rel=\"stylesheet\" href=\"/css/sheet.css\">"
                + (pageStyle == null ? "" : "<link rel=\"stylesheet\" href=\"" + Html.escape(pageStyle) + "\">")
                + "</head><body>"
                + "<p class=\"noprint\"><a href=\"/\">" + w.get("back") + "</a> · " + w.get("print") + "</p>"
                + "<h1>" + Html.escape(title) + "</h1>" + body + "</body></html>\n";
    }

    /** No road to any site: none reachable on dry roads, or (before the water) a road closed now in the way. */
    static boolean noRoute(String unassigned) {
        return "no_dry_route".equals(unassigned) || "road_closed".equals(unassigned);
    }
}
