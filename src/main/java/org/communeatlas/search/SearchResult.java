package org.communeatlas.search;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/** A place or model whose name matched: its kind, code, name, where it is (context) and the box to zoom to. */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record SearchResult(String kind, String code, String name, String context, List<Double> bbox) {
}
