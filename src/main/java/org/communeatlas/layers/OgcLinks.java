package org.communeatlas.layers;

import java.util.LinkedHashMap;
import java.util.Map;

/** Link objects of the OGC APIs (Features and Tiles): href, rel, type, title, in that order. */
public final class OgcLinks {

    private OgcLinks() {
    }

    public static Map<String, Object> link(String href, String rel, String type, String title) {
        Map<String, Object> l = new LinkedHashMap<>();
        l.put("href", href);
        l.put("rel", rel);
        l.put("type", type);
        l.put("title", title);
        return l;
    }
}
