package org.communeatlas.floods.plan;

import java.io.IOException;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.communeatlas.accounts.Viewer;
import org.communeatlas.floods.NeedsProfile;
import org.communeatlas.web.Html;

/**
 * The printable sheet a commune's steering committee works from (A4, no scripts): the committee's totals,
 * each site with the households going there and what they need, and the households to rescue by boat with
 * their location. Without a commune, an index of the communes in the plan.
 */
final class PlanSheet {

    private final PlanStore store;

    PlanSheet(PlanStore store) {
        this.store = store;
    }

    public String index(int planId, String floodName) throws SQLException, IOException {
        Map<String, String> communes = new TreeMap<>();
        Map<String, int[]> counts = new TreeMap<>();
        store.rows(planId, Viewer.ANONYMOUS, null, null, r -> {
            communes.put(r.communeCode(), r.communeName());
            int[] c = counts.computeIfAbsent(r.communeCode(), k -> new int[3]);
            c[0]++;
            c[1] += r.members();
            c[2] += r.siteId() == null ? 1 : 0;
        });
        List<List<Object>> rows = new ArrayList<>();
        communes.forEach((code, name) -> rows.add(List.of(new Html.Raw(Html.link("sheet?commune=" + code, name)), code,
                counts.get(code)[0], counts.get(code)[1], counts.get(code)[2])));
        String body = "<p>" + Html.escape(floodName) + "</p>"
                + Html.table(List.of("Xã", "Mã", "Số hộ phải di dời", "Số người", "Cần cứu hộ bằng thuyền"), rows);
        return page("Phương án sơ tán — chọn xã", body);
    }

    public String commune(int planId, String floodName, String communeCode, Viewer viewer, List<NeedsProfile.Item> needs)
            throws SQLException, IOException {
        PlanHeader header = store.header(planId);
        Map<Integer, List<PlanRow>> bySite = new LinkedHashMap<>();
        List<PlanRow> rescue = new ArrayList<>();
        String[] communeName = {communeCode};
        int[] totals = new int[4]; // households, people, households placed, people placed
        store.rows(planId, viewer, communeCode, null, r -> {
            communeName[0] = r.communeName();
            totals[0]++;
            totals[1] += r.members();
            if (r.siteId() == null) {
                rescue.add(r);
            } else {
                totals[2]++;
                totals[3] += r.members();
                bySite.computeIfAbsent(r.siteId(), k -> new ArrayList<>()).add(r);
            }
        });
        boolean personal = viewer.seesPersonalData();
        StringBuilder b = new StringBuilder();
        String when = java.time.OffsetDateTime.parse(header.createdAt()).atZoneSameInstant(org.communeatlas.db.Database.ZONE)
                .format(java.time.format.DateTimeFormatter.ofPattern("HH:mm 'ngày' dd/MM/yyyy"));
        b.append("<p class=\"meta\">").append(Html.escape(floodName)).append(" · phương án số ").append(planId).append(" lập lúc ")
                .append(Html.escape(when)).append(" · tổng quãng đường cao hơn cận dưới tối ưu ")
                .append(String.format(Locale.forLanguageTag("vi-VN"), "%.2f%%", 100 * header.gap())).append("</p>");
        b.append("<section class=\"totals\"><h2>Tổng hợp của Ban chỉ huy</h2><table><tbody>")
                .append(row("Số hộ phải di dời", totals[0])).append(row("Số người phải di dời", totals[1]))
                .append(row("Số hộ đã bố trí nơi ở", totals[2])).append(row("Số người đã bố trí nơi ở", totals[3]))
                .append(row("Số hộ cần cứu hộ bằng thuyền hoặc chưa có chỗ", rescue.size()))
                .append("</tbody></table>");
        b.append("<h3>Nhu cầu thiết yếu một tuần (").append(fmt(totals[1])).append(" người)</h3>").append(needsTable(needs, totals[1]))
                .append("</section>");
        Map<Integer, PlanSite> sites = new LinkedHashMap<>();
        for (PlanSite s : store.sites(planId, communeCode)) {
            sites.put(s.id(), s);
        }
        for (Map.Entry<Integer, List<PlanRow>> e : bySite.entrySet()) {
            PlanSite s = sites.get(e.getKey());
            int people = e.getValue().stream().mapToInt(PlanRow::members).sum();
            b.append("<section class=\"site\"><h2>").append(Html.escape(s.name())).append("</h2><p class=\"meta\">")
                    .append(Html.escape(s.code())).append(" · ").append(Html.escape(s.communeName()))
                    .append(" · sức chứa ban ngày ").append(fmt(s.capacityDay())).append(", qua đêm ")
                    .append(fmt(s.capacityNight())).append(" · ").append(e.getValue().size()).append(" hộ, ")
                    .append(fmt(people)).append(" người từ xã này</p>");
            b.append(needsTable(needs, people));
            List<String> cols = new ArrayList<>(List.of("Hộ", "Thôn", "Số người", "Quãng đường (km)"));
            if (personal) {
                cols.addAll(1, List.of("Chủ hộ", "Điện thoại", "Ưu tiên"));
            }
            List<List<Object>> rows = new ArrayList<>();
            for (PlanRow r : e.getValue()) {
                List<Object> row = new ArrayList<>(List.of(r.code() != null ? r.code() : "#" + r.householdId(), r.villageName(), r.members(),
                        String.format(Locale.ROOT, "%.1f", r.distanceM() / 1000)));
                if (personal) {
                    row.addAll(1, List.of(orDash(r.headName()), orDash(r.phone()), r.priority() != null && r.priority() == 1 ? "✔" : ""));
                }
                rows.add(row);
            }
            b.append(Html.table(cols, rows)).append("</section>");
        }
        b.append("<section class=\"rescue\"><h2>Hộ cần cứu hộ bằng thuyền hoặc chưa có chỗ (").append(rescue.size()).append(")</h2>");
        if (rescue.isEmpty()) {
            b.append("<p>Không có.</p>");
        } else {
            List<String> cols = new ArrayList<>(List.of("Hộ", "Thôn", "Số người", "Lý do", "Vị trí (vĩ độ, kinh độ)", "Gạo (kg)", "Nước uống (l)"));
            if (personal) {
                cols.addAll(1, List.of("Chủ hộ", "Điện thoại", "Ưu tiên"));
            }
            List<List<Object>> rows = new ArrayList<>();
            for (PlanRow r : rescue) {
                Map<String, Long> q = NeedsProfile.quantities(needs, r.members());
                List<Object> row = new ArrayList<>(List.of(r.code() != null ? r.code() : "#" + r.householdId(), r.villageName(), r.members(),
                        "no_dry_route".equals(r.unassigned()) ? "Không có đường khô" : "Hết chỗ",
                        String.format(Locale.ROOT, "%.5f, %.5f", r.lat(), r.lon()), q.getOrDefault("rice", 0L), q.getOrDefault("drinking_water", 0L)));
                if (personal) {
                    row.addAll(1, List.of(orDash(r.headName()), orDash(r.phone()), r.priority() != null && r.priority() == 1 ? "✔" : ""));
                }
                rows.add(row);
            }
            b.append(Html.table(cols, rows));
        }
        b.append("</section>");
        return page("Phương án sơ tán — " + communeName[0], b.toString());
    }

    private static String needsTable(List<NeedsProfile.Item> needs, int people) {
        List<List<Object>> rows = new ArrayList<>();
        for (NeedsProfile.Item i : needs) {
            rows.add(List.of(i.nameVi(), fmt(i.quantity(people)), unitVi(i.unit()), i.frequency().equals("weekly") ? "mỗi tuần" : "một lần"));
        }
        return Html.table(List.of("Mặt hàng", "Số lượng", "Đơn vị", ""), rows);
    }

    private static String unitVi(String unit) {
        return switch (unit) {
            case "l" -> "lít";
            case "kit" -> "bộ";
            case "unit" -> "cái";
            default -> unit;
        };
    }

    private static String row(String label, long value) {
        return "<tr><th>" + Html.escape(label) + "</th><td class=\"num\">" + fmt(value) + "</td></tr>";
    }

    private static String orDash(String s) {
        return s == null || s.isBlank() ? "—" : s;
    }

    /** Vietnamese digit grouping: 16.800. */
    private static String fmt(long n) {
        return String.format(Locale.forLanguageTag("vi-VN"), "%,d", n);
    }

    private static String page(String title, String body) {
        return "<!doctype html>\n<html lang=\"vi\"><head><meta charset=\"utf-8\">"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
                + "<title>" + Html.escape(title) + " — Commune Atlas</title>"
                + "<link rel=\"stylesheet\" href=\"/css/sheet.css\"></head><body>"
                + "<p class=\"noprint\"><a href=\"/\">← Bản đồ</a> · In trang này (Ctrl+P) trên giấy A4.</p>"
                + "<h1>" + Html.escape(title) + "</h1>" + body + "</body></html>\n";
    }
}
