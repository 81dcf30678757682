package org.communeatlas.sos;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import org.communeatlas.html.Html;

/** The page a caller follows their call for help on ({@code /sos/{reference}}): its state, what happens next, the hotlines. */
final class SosFollowPage {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm 'ngày' dd/MM/yyyy").withZone(ZoneId.of("Asia/Ho_Chi_Minh"));

    private SosFollowPage() {
    }

    static String html(SosRequest r) {
        String state = switch (r.state()) {
            case "received" -> "Đã nhận — đang chờ cán bộ xác minh";
            case "verified" -> "Đã xác minh — đang điều đội cứu hộ";
            case "assigned" -> "Đội cứu hộ đang tới";
            case "rescued" -> "Đã cứu";
            default -> "Đã xong";
        };
        String next = switch (r.state()) {
            case "received", "verified" -> "Cán bộ xã sẽ gọi lại số điện thoại đã gửi. Giữ máy, để pin; nếu nước lên nhanh, lên chỗ cao nhất và báo hiệu.";
            case "assigned" -> "Đội cứu hộ đang trên đường. Giữ máy, báo hiệu bằng đèn hoặc vải sáng màu.";
            default -> "Yêu cầu đã khép lại. Nếu vẫn cần giúp, gửi yêu cầu mới hoặc gọi đường dây nóng.";
        };
        StringBuilder body = new StringBuilder();
        body.append("<p class=\"sos-reference\">Mã theo dõi: <strong>").append(Html.escape(r.reference())).append("</strong></p>");
        body.append("<p class=\"sos-state\" id=\"sos-state\">").append(Html.escape(state)).append("</p>");
        body.append("<p>Nhận lúc ").append(Html.escape(TIME.format(r.reportedAt()))).append(r.people() == null ? "" : " · " + r.people() + " người")
                .append(r.villageName() == null ? "" : " · " + Html.escape(r.villageName())).append("</p>");
        body.append("<p>").append(Html.escape(next)).append("</p>");
        body.append("<p>Khẩn cấp: gọi <a href=\"tel:112\">112</a> (tìm kiếm cứu nạn), <a href=\"tel:114\">114</a> (cứu hỏa, cứu hộ), "
                + "<a href=\"tel:115\">115</a> (cấp cứu).</p>");
        body.append("<p><a href=\"/sos/").append(Html.escape(r.reference())).append("\">Xem lại trạng thái</a> · <a href=\"/\">Bản đồ</a></p>");
        return Html.page("Yêu cầu cứu hộ", body.toString());
    }
}
