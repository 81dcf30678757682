package org.communeatlas.layers;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import org.communeatlas.html.Html;

/**
 * A link object of the OGC APIs (Features and Tiles): href, rel, type, title; {@code templated} only on a URI template.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record OgcLink(String href, String rel, String type, String title, Boolean templated) {

    public static OgcLink of(String href, String rel, String type, String title) {
        return new OgcLink(href, rel, type, title, null);
    }

    /** A URI template (OGC API – Tiles' tile link): {@code templated: true}. */
    public static OgcLink template(String href, String rel, String type, String title) {
        return new OgcLink(href, rel, type, title, true);
    }

    /** The links of a JSON resource as its HTML page lists them, each with its relation (/req/html/content: all links in the body). */
    public static String html(List<OgcLink> links) {
        StringBuilder sb = new StringBuilder("<h2>Liên kết</h2><ul class=\"links\">");
        for (OgcLink l : links) {
            sb.append("<li>").append(Html.link(l.href(), String.valueOf(l.title()))).append(" <small>")
                    .append(Html.escape(l.rel())).append(" · ").append(Html.escape(l.type())).append("</small></li>");
        }
        return sb.append("</ul>").toString();
    }
}
