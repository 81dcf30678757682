package org.communeatlas.layers;

import static org.communeatlas.layers.Layer.Property.of;
import static org.communeatlas.layers.Layer.Property.personal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.communeatlas.core.AdminUnits;
import org.communeatlas.layers.Layer.Type;

/**
 * The published collections. Pre-2025 units (provinces, districts, communes) are those valid until the
 * 1 July 2025 reform, in which the movement's statistics are kept; {@code admin_units_2025} are the units
 * after it. Villages carry the models active in them today. Computed properties are correlated
 * subqueries in the select list, so they run only for the rows a page or a tile returns.
 */
public final class LayerCatalog {

    private static final String OLD = AdminUnits.beforeReform("t");
    /** An adoption record active today (see the coverage definitions). */
    private static final String ACTIVE = "a.started_on <= current_date AND (a.ended_on IS NULL OR a.ended_on > current_date)";

    private final Map<String, Layer> layers = new LinkedHashMap<>();

    public LayerCatalog() {
        add(Layer.of("provinces")
                .title("Tỉnh", "Provinces")
                .description("Tỉnh Quảng Nam trước ngày 1/7/2025 (mã 49).")
                .from("admin_unit t")
                .where("t.level = 'province' AND t.geom IS NOT NULL")
                .textId("t.code")
                .tileId("t.id")
                .geometry("MultiPolygon")
                .properties(of("code", "t.code", Type.STRING, "Mã đơn vị (TCTK)"),
                        of("name", "t.name", Type.STRING, "Tên"),
                        of("unit_type", "t.unit_type", Type.STRING, "Loại đơn vị"),
                        of("area_km2", "t.area_km2", Type.NUMBER, "Diện tích (km²)"),
                        of("population", "t.population", Type.INTEGER, "Dân số"),
                        of("valid_to", "t.valid_to", Type.DATE, "Hiệu lực đến (không kể ngày này)"))
                .zoom(0, 14)
                .simplified()
                .tileCap(50)
                .sources("admin_unit")
                .build());
        add(Layer.of("districts")
                .title("Huyện, thị xã, thành phố", "Districts")
                .description("17 đơn vị cấp huyện của Quảng Nam trước ngày 1/7/2025.")
                .from("admin_unit t JOIN admin_unit p ON p.id = t.parent_id")
                .where("t.level = 'district'")
                .textId("t.code")
                .tileId("t.id")
                .geometry("MultiPolygon")
                .properties(of("code", "t.code", Type.STRING, "Mã đơn vị (TCTK)"),
                        of("name", "t.name", Type.STRING, "Tên"),
                        of("short_name", "t.short_name", Type.STRING, "Tên ngắn"),
                        of("unit_type", "t.unit_type", Type.STRING, "Loại đơn vị"),
                        of("province_code", "p.code", Type.STRING, "Mã tỉnh"))
                .zoom(4, 16)
                .simplified()
                .tileCap(100)
                .sources("admin_unit")
                .build());
        add(Layer.of("communes")
                .title("Xã, phường, thị trấn", "Communes")
                .description("234 đơn vị cấp xã của Quảng Nam trước ngày 1/7/2025, với đơn vị mới mà mỗi xã đã nhập vào.")
                .from("admin_unit t JOIN admin_unit d ON d.id = t.parent_id "
                        + "JOIN admin_unit_succession s ON s.old_unit_id = t.id JOIN admin_unit n ON n.id = s.new_unit_id")
                .where("t.level = 'commune' AND " + OLD)
                .textId("t.code")
                .tileId("t.id")
                .geometry("MultiPolygon")
                .properties(of("code", "t.code", Type.STRING, "Mã đơn vị (TCTK)"),
                        of("name", "t.name", Type.STRING, "Tên"),
                        of("short_name", "t.short_name", Type.STRING, "Tên ngắn"),
                        of("unit_type", "t.unit_type", Type.STRING, "Loại đơn vị"),
                        of("district_code", "d.code", Type.STRING, "Mã huyện"),
                        of("district_name", "d.name", Type.STRING, "Huyện"),
                        of("villages", "(SELECT count(*) FROM village v WHERE v.commune_id = t.id)", Type.INTEGER, "Số thôn, khối phố"),
                        of("unit_2025_code", "n.code", Type.STRING, "Mã đơn vị sau 1/7/2025"),
                        of("unit_2025_name", "n.name", Type.STRING, "Đơn vị sau 1/7/2025"))
                .commune("t.id")
                .zoom(6, 18)
                .simplified()
                .tileCap(500)
                .sources("admin_unit", "admin_unit_succession", "village")
                .build());
        add(Layer.of("villages")
                .title("Thôn, khối phố", "Villages")
                .description("Thôn và khối phố, với các mô hình \"Dân vận khéo\" đang hoạt động hôm nay.")
                .from("village t JOIN admin_unit c ON c.id = t.commune_id JOIN admin_unit n ON n.id = t.unit_2025_id")
                .textId("t.code")
                .tileId("t.id")
                .geometry("MultiPolygon")
                .properties(of("code", "t.code", Type.STRING, "Mã thôn"),
                        of("name", "t.name", Type.STRING, "Tên"),
                        of("kind", "t.kind", Type.STRING, "Loại (thôn, khối phố)"),
                        of("commune_code", "c.code", Type.STRING, "Mã xã (trước 1/7/2025)"),
                        of("commune_name", "c.name", Type.STRING, "Xã (trước 1/7/2025)"),
                        of("unit_2025_code", "n.code", Type.STRING, "Mã đơn vị sau 1/7/2025"),
                        of("unit_2025_name", "n.name", Type.STRING, "Đơn vị sau 1/7/2025"),
                        of("population", "t.population", Type.INTEGER, "Dân số"),
                        of("models_active", "(SELECT count(*) FROM adoption a WHERE a.village_id = t.id AND " + ACTIVE + ")",
                                Type.INTEGER, "Số mô hình đang hoạt động"),
                        of("model_ids", "(SELECT coalesce(string_agg(a.model_id::text, ',' ORDER BY a.model_id), '') FROM adoption a "
                                + "WHERE a.village_id = t.id AND " + ACTIVE + ")", Type.STRING, "Mã số các mô hình đang hoạt động"),
                        of("models", "(SELECT coalesce(json_agg(json_build_object('id', m.id, 'code', m.code, 'name', m.name, 'name_en', m.name_en, "
                                + "'started_on', a.started_on) ORDER BY a.started_on, m.id), '[]'::json) FROM adoption a "
                                + "JOIN model m ON m.id = a.model_id WHERE a.village_id = t.id AND " + ACTIVE + ")",
                                Type.JSON, "Các mô hình đang hoạt động, với ngày bắt đầu"))
                .commune("t.commune_id")
                .zoom(8, 20)
                .simplified()
                .tileCap(3000)
                .sources("village", "admin_unit", "adoption", "model")
                .build());
        add(Layer.of("households")
                .title("Hộ gia đình", "Households")
                .description("Mỗi hộ một điểm. Người không đăng nhập chỉ thấy trạng thái, số nhân khẩu và thôn; "
                        + "họ tên, số điện thoại và thành viên dễ bị tổn thương là dữ liệu cá nhân.")
                // the village and commune are copies on the row, kept by triggers (V15): tiles and pages read one table
                .from("household t")
                .numericId("t.id")
                .tileId("t.id")
                .geometry("Point")
                .properties(of("status", "t.status", Type.STRING, "Trạng thái: safe, at_risk, isolated, evacuated, supplied"),
                        of("members", "t.members", Type.INTEGER, "Số nhân khẩu"),
                        of("village_code", "t.village_code", Type.STRING, "Mã thôn"),
                        of("village_name", "t.village_name", Type.STRING, "Thôn"),
                        of("commune_code", "t.commune_code", Type.STRING, "Mã xã (trước 1/7/2025)"),
                        personal("code", "t.code", Type.STRING, "Mã hộ"),
                        personal("head_name", "t.head_name", Type.STRING, "Họ và tên chủ hộ"),
                        personal("phone", "t.phone", Type.STRING, "Số điện thoại"),
                        personal("elderly", "t.elderly", Type.INTEGER, "Người cao tuổi"),
                        personal("young_children", "t.young_children", Type.INTEGER, "Trẻ em dưới 6 tuổi"),
                        personal("disabled", "t.disabled", Type.INTEGER, "Người khuyết tật"),
                        personal("pregnant", "t.pregnant", Type.INTEGER, "Phụ nữ mang thai"),
                        personal("house_class", "t.house_class", Type.INTEGER, "Cấp an toàn nhà ở (1–4)"),
                        personal("ground_elevation_m", "t.ground_elevation_m", Type.NUMBER, "Cao độ nền (m)"),
                        personal("site_id", "t.site_id", Type.INTEGER, "Điểm sơ tán đang ở"))
                .commune("t.commune_id")
                .zoom(8, 20)
                .clustered("household_cell")
                .tileCap(20_000)
                .live()
                .sources("household", "village")
                .build());
        add(Layer.of("evacuation_points")
                .title("Điểm sơ tán", "Evacuation points")
                .description("Trường học, trụ sở UBND, nhà văn hóa, trạm y tế, nhà kiên cố xen ghép; sức chứa ngày và đêm, số người đang ở.")
                .from("evacuation_point t JOIN admin_unit c ON c.id = t.commune_id")
                .numericId("t.id")
                .tileId("t.id")
                .geometry("Point")
                .properties(of("code", "t.code", Type.STRING, "Mã điểm"),
                        of("name", "t.name", Type.STRING, "Tên"),
                        of("kind", "t.kind", Type.STRING, "Loại"),
                        of("commune_code", "c.code", Type.STRING, "Mã xã (trước 1/7/2025)"),
                        of("capacity_day", "t.capacity_day", Type.INTEGER, "Sức chứa ban ngày"),
                        of("capacity_night", "t.capacity_night", Type.INTEGER, "Sức chứa qua đêm"),
                        of("occupancy", "t.occupancy", Type.INTEGER, "Số người đang ở"),
                        of("reserved", "t.reserved", Type.INTEGER, "Chỗ đã giữ"),
                        of("available", "greatest(t.capacity_day - t.occupancy - t.reserved, 0)", Type.INTEGER, "Còn trống"),
                        of("is_open", "t.is_open", Type.BOOLEAN, "Đang mở"),
                        of("elevation_m", "t.elevation_m", Type.NUMBER, "Cao độ (m)"),
                        of("services", "array_to_string(t.services, ';')", Type.STRING, "Dịch vụ"),
                        personal("host_household_id", "t.host_household_id", Type.INTEGER, "Hộ cho ở nhờ (xen ghép)"))
                .commune("t.commune_id")
                .zoom(8, 20)
                .tileCap(5_000)
                .live()
                .sources("evacuation_point")
                .build());
        add(Layer.of("flood_zones")
                .title("Vùng ngập", "Flood zones")
                .description("Kịch bản ngập (báo động I–III sông Tam Kỳ, lũ 2020, nước dâng) và các đợt ngập đã tạo.")
                .from("flood_zone t")
                .textId("t.id")
                .geometry("MultiPolygon")
                .properties(of("kind", "t.kind", Type.STRING, "scenario hoặc event"),
                        of("code", "t.code", Type.STRING, "Mã"),
                        of("name", "t.name", Type.STRING, "Tên"),
                        of("river_level_m", "t.river_level_m", Type.NUMBER, "Mực nước tại trạm (m)"),
                        of("alarm_level", "t.alarm_level", Type.INTEGER, "Cấp báo động"),
                        of("water_level_m", "t.water_level_m", Type.NUMBER, "Cao độ mặt nước (m)"))
                .zoom(6, 18)
                .simplified()
                .tileCap(500)
                .sources("flood_scenario", "flood_event")
                .build());
        add(Layer.of("roads")
                .title("Đường giao thông", "Roads")
                .description("Mạng đường bộ định tuyến được: quốc lộ, đường tỉnh, liên xã, đường thôn, đường xóm.")
                .from("road t")
                .numericId("t.id")
                .tileId("t.id")
                .geometry("LineString")
                .properties(of("name", "t.name", Type.STRING, "Tên"),
                        of("road_class", "t.road_class", Type.STRING, "Cấp đường"),
                        of("length_m", "round(t.length_m::numeric, 1)", Type.NUMBER, "Chiều dài (m)"),
                        of("elevation_m", "t.elevation_m", Type.NUMBER, "Cao độ thấp nhất (m)"),
                        of("is_open", "t.is_open", Type.BOOLEAN, "Đang thông"),
                        of("source", "t.source", Type.INTEGER, "Nút đầu"),
                        of("target", "t.target", Type.INTEGER, "Nút cuối"))
                .zoom(7, 20)
                .byRoadClass()
                .tileCap(30_000)
                .sources("road")
                .build());
        add(Layer.of("admin_units_2025")
                .title("Đơn vị hành chính từ 1/7/2025", "Units from 1 July 2025")
                .description("Các xã, phường của thành phố Đà Nẵng từ ngày 1/7/2025 thay cho Quảng Nam cũ, với các đơn vị đã nhập.")
                .from("admin_unit t")
                .where("t.level = 'commune' AND " + AdminUnits.afterReform("t"))
                .textId("t.code")
                .tileId("t.id")
                .geometry("MultiPolygon")
                .properties(of("code", "t.code", Type.STRING, "Mã đơn vị (TCTK)"),
                        of("name", "t.name", Type.STRING, "Tên"),
                        of("short_name", "t.short_name", Type.STRING, "Tên ngắn"),
                        of("unit_type", "t.unit_type", Type.STRING, "Loại đơn vị"),
                        of("area_km2", "t.area_km2", Type.NUMBER, "Diện tích (km²)"),
                        of("population", "t.population", Type.INTEGER, "Dân số"),
                        of("predecessors", "(SELECT string_agg(o.name, ', ' ORDER BY o.code) FROM admin_unit_succession s "
                                + "JOIN admin_unit o ON o.id = s.old_unit_id WHERE s.new_unit_id = t.id)", Type.STRING, "Sáp nhập từ"),
                        of("predecessor_codes", "(SELECT string_agg(o.code, ',' ORDER BY o.code) FROM admin_unit_succession s "
                                + "JOIN admin_unit o ON o.id = s.old_unit_id WHERE s.new_unit_id = t.id)", Type.STRING, "Mã các đơn vị đã nhập"),
                        of("valid_from", "t.valid_from", Type.DATE, "Hiệu lực từ"))
                .zoom(5, 18)
                .simplified()
                .tileCap(500)
                .sources("admin_unit", "admin_unit_succession")
                .build());
    }

    private void add(Layer layer) {
        layers.put(layer.id(), layer);
    }

    public List<Layer> all() {
        return List.copyOf(layers.values());
    }

    public Optional<Layer> find(String id) {
        return Optional.ofNullable(layers.get(id));
    }

    /** The layers whose content depends on a table. */
    public List<Layer> dependingOn(String table) {
        return layers.values().stream().filter(l -> l.sourceTables().contains(table)).toList();
    }
}
