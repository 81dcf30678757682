package org.communeatlas.households;

import java.util.Map;

/** A household's status as a person reads it in Vietnamese (the codes stay the API's). */
final class StatusWords {

    private static final Map<String, String> VI = Map.of("at_risk", "có nguy cơ", "isolated", "bị cô lập", "evacuated", "đã sơ tán",
            "supplied", "đã tiếp tế", "safe", "an toàn");

    private StatusWords() {
    }

    static String vi(String status) {
        return VI.getOrDefault(status, status);
    }
}
