package org.communeatlas.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import java.util.Set;
import org.communeatlas.core.JsonCodec;
import org.junit.jupiter.api.Test;

/** Each kind of body field has one rule, and every refusal names its field. */
class BodyTest {

    private static Body body(String json) {
        return Body.of(JsonCodec.tree(json), Set.of("a", "b", "n", "t"), "a body takes a, b, n and t");
    }

    private static String refusedField(Runnable read) {
        ProblemException e = assertThrows(ProblemException.class, read::run);
        assertEquals(400, e.problem().status());
        return e.problem().parameter();
    }

    @Test
    void blankIsAbsentClearsOrIsRefusedAsTheFieldSays() {
        Body b = body("{\"a\": \"  \", \"b\": \"  Thôn 1 \"}");
        assertEquals(Optional.empty(), b.text("a", 10));
        assertEquals(Optional.of(""), b.clearableText("a", 10));
        assertEquals("a", refusedField(() -> b.requiredText("a", 10)));
        assertEquals("Thôn 1", b.text("b", 10).orElseThrow());
        assertEquals("  Thôn 1 ", b.exactText("b", 10), "a password is kept as sent");
        assertEquals(Optional.empty(), b.text("t", 10), "absent");
        assertEquals("t", refusedField(() -> b.requiredText("t", 10)));
        assertEquals("b", refusedField(() -> b.text("b", 5)), "too long");
    }

    @Test
    void wrongKindsAndControlCharactersAreRefusedByName() {
        assertEquals("zz", refusedField(() -> body("{\"zz\": 1}")));
        assertEquals("a", refusedField(() -> body("{\"a\": 5}").text("a", 10)));
        assertEquals("a", refusedField(() -> body("{\"a\": \"x\\u0000y\"}").text("a", 10)));
        assertEquals("x\ty\nz", body("{\"a\": \"x\\ty\\nz\"}").text("a", 10).orElseThrow(), "tab and line breaks are text");
        assertEquals("n", refusedField(() -> body("{\"n\": 2.5}").whole("n", 0, 10)));
        assertEquals("n", refusedField(() -> body("{\"n\": 11}").whole("n", 0, 10)));
        assertEquals("n", refusedField(() -> body("{\"n\": \"3\"}").number("n", 0, 10, "a number")));
        assertEquals("n", refusedField(() -> body("{\"n\": \"NaN\"}").number("n", 0, 10, "a number")));
        assertEquals("b", refusedField(() -> body("{\"b\": \"true\"}").bool("b", "true or false")));
        assertEquals("t", refusedField(() -> body("{\"t\": \"yesterday\"}").time("t", "a time")));
        assertEquals("a", refusedField(() -> body("{\"a\": \"x\"}").oneOf("a", Set.of("y"), "y")));
        assertEquals(7L, body("{\"n\": 7, \"b\": null}").whole("n", 0, 10).orElseThrow());
        assertTrue(body("{\"b\": null}").bool("b", "true or false").isEmpty(), "null is absent");
        assertEquals(2025, body("{\"t\": \"2025-10-29T14:30:00+07:00\"}").time("t", "a time").orElseThrow().getYear());
    }
}
