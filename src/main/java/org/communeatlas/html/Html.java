package org.communeatlas.html;

import java.util.List;

/**
 * Plain HTML pages (the OGC API for people browsing it, printable sheets): escaped text, tables, links, one stylesheet, no
 * scripts (so a strict Content-Security-Policy holds).
 */
public final class Html {

    private Html() {
    }

    public static String escape(Object value) {
        if (value == null) {
            return "";
        }
        String s = value.toString();
        StringBuilder sb = new StringBuilder(s.length() + 16);
        for (char c : s.toCharArray()) {
            switch (c) {
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '&' -> sb.append("&amp;");
                case '"' -> sb.append("&quot;");
                case '\'' -> sb.append("&#39;");
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }

    public static String page(String title, String body) {
        return "<!doctype html>\n<html lang=\"vi\"><head><meta charset=\"utf-8\">"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
                + "<title>" + escape(title) + " — Commune Atlas</title>"
                + "<link rel=\"stylesheet\" href=\"/css/ogc.css\"></head><body>"
                + "<nav><a href=\"/\">Bản đồ</a> · <a href=\"/ogc\">OGC API</a> · <a href=\"/ogc/collections\">Lớp dữ liệu</a></nav>"
                + "<h1>" + escape(title) + "</h1>" + body + "</body></html>\n";
    }

    public static String link(String href, String text) {
        return "<a href=\"" + escape(href) + "\">" + escape(text) + "</a>";
    }

    public static String table(List<String> header, List<List<Object>> rows) {
        StringBuilder sb = new StringBuilder("<div class=\"scroll\"><table><thead><tr>");
        header.forEach(h -> sb.append("<th>").append(escape(h)).append("</th>"));
        sb.append("</tr></thead><tbody>");
        for (List<Object> row : rows) {
            sb.append("<tr>");
            row.forEach(v -> sb.append("<td>").append(v instanceof Raw r ? r.html() : escape(v)).append("</td>"));
            sb.append("</tr>");
        }
        return sb.append("</tbody></table></div>").toString();
    }

    /** Already-escaped HTML for a table cell. */
    public record Raw(String html) {
    }
}
