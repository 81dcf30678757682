package org.communeatlas.data.generator;

import java.util.List;
import java.util.Map;

/**
 * The movement's figures (FACTS.md §1) and the name and host patterns of synthetic models, by sector.
 * Sector codes are those of the {@code model_sector} table.
 */
final class ModelCatalogue {

    private ModelCatalogue() {
    }

    static final int TOTAL_MODELS = 6_540;
    static final int TAM_KY_MODELS = 300;
    static final int COMMENDED_BY_PARTY = 1_360;
    static final int COMMENDED_BY_COMMISSION = 185;
    static final String TAM_KY = "502";

    /** Models per sector: 564 political system, 3,391 culture and society, the rest economy and defence. */
    static final Map<String, Integer> SECTOR_TOTALS = Map.of(
            "political_system", 564,
            "culture_society", 3_391,
            "economy", 1_498,
            "defence_security", 1_087);

    static final Map<String, List<String>> TEMPLATES = Map.of(
            "political_system", List.of(
                    "Đảng viên giúp đỡ hộ nghèo", "Chi bộ gắn bó với dân", "Đối thoại trực tiếp với nhân dân",
                    "Lắng nghe ý kiến nhân dân", "Cải cách hành chính thân thiện", "Bộ phận một cửa thân thiện",
                    "Cán bộ bám cơ sở", "Đảng viên nêu gương", "Dân biết, dân bàn, dân làm, dân kiểm tra",
                    "Hòm thư góp ý của dân"),
            "culture_society", List.of(
                    "Khu dân cư văn hóa kiểu mẫu", "Tuyến đường hoa", "Nhà sạch, vườn đẹp", "Dòng họ khuyến học",
                    "Thắp sáng đường quê", "Phân loại rác tại nguồn", "Nồi cháo tình thương", "Tủ sách cộng đồng",
                    "Ngày Chủ nhật xanh", "Mái ấm tình thương", "Câu lạc bộ dưỡng sinh", "Hũ gạo tiết kiệm",
                    "Quỹ khuyến học", "Chi hội phụ nữ 5 không 3 sạch", "Đội văn nghệ quần chúng",
                    "Câu lạc bộ gia đình hạnh phúc", "Tuyến đường tự quản vệ sinh môi trường", "Con đường bích họa"),
            "economy", List.of(
                    "Tổ hợp tác trồng rau an toàn", "Nuôi bò sinh sản", "Tổ tiết kiệm và vay vốn", "Trồng nấm rơm",
                    "Chăn nuôi gà thả vườn", "Liên kết sản xuất lúa hữu cơ", "Trồng quế", "Hỗ trợ giống cho hộ nghèo",
                    "Chuyển đổi cây trồng trên đất lúa", "Nuôi cá nước ngọt", "Dồn điền đổi thửa",
                    "Hiến đất làm đường giao thông nông thôn", "Trồng cây ăn quả"),
            "defence_security", List.of(
                    "Tổ an ninh xung kích", "Camera an ninh khu dân cư", "Tổ tự quản an ninh trật tự",
                    "Khu dân cư an toàn về an ninh trật tự", "Tổ hòa giải ở cơ sở", "Nhóm Zalo an ninh",
                    "Đội thanh niên xung kích phòng chống thiên tai", "Cụm dân cư liên kết tự quản", "Tổ tuần tra đêm",
                    "Tổ phòng cháy chữa cháy liên gia"));

    /** Host organisations; {v} is the village, {c} the commune with its type, {d} the district. */
    static final Map<String, List<String>> HOSTS = Map.of(
            "political_system", List.of("Chi bộ {v}", "Đảng ủy {c}", "UBND {c}", "Ban Dân vận {d}"),
            "culture_society", List.of("Hội Liên hiệp Phụ nữ {c}", "Đoàn Thanh niên {c}", "Ban công tác Mặt trận {v}",
                    "Hội Người cao tuổi {c}", "Hội Khuyến học {c}"),
            "economy", List.of("Hội Nông dân {c}", "Hội Liên hiệp Phụ nữ {c}", "Hợp tác xã nông nghiệp {c}",
                    "Hội Cựu chiến binh {c}"),
            "defence_security", List.of("Công an {c}", "Ban Chỉ huy Quân sự {c}", "Ban công tác Mặt trận {v}",
                    "Hội Cựu chiến binh {c}"));
}
