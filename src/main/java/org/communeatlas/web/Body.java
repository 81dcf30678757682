package org.communeatlas.web;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A JSON request body read field by field, the twin of {@link Params} for query strings: each kind of field has one
 * method that states its rule once, and every refusal is a 400 naming the field. The rules:
 * <ul>
 * <li>a member that is absent or {@code null} is absent, for every kind;</li>
 * <li>{@link #text} — blank is absent; {@link #requiredText} — blank is refused; {@link #clearableText} — blank
 * clears ({@code ""}); {@link #exactText} — kept as sent, not stripped (a password);</li>
 * <li>text is stripped, at most {@code max} characters, with no control characters but tab and line breaks.</li>
 * </ul>
 */
public final class Body {

    /** Control characters other than tab and line breaks: nothing a person types into a form. */
    private static final Pattern CONTROL = Pattern.compile("[\\p{Cntrl}&&[^\\t\\n\\r]]");

    private final JsonNode node;

    private Body(JsonNode node) {
        this.node = node;
    }

    /** The request's JSON object (415 for another media type, 400 when it does not parse), any member not in {@code fields} refused. */
    public static Body of(Context ctx, Set<String> fields, String hint) {
        return of(Requests.jsonBody(ctx), fields, hint);
    }

    /** A JSON object already read, any member not in {@code fields} refused (400 naming it, {@code hint} saying what it takes). */
    public static Body of(JsonNode object, Set<String> fields, String hint) {
        Requests.onlyFields(object, fields, hint);
        return new Body(object);
    }

    /** The object as sent, for structures the body reads itself (a GeoJSON geometry, a list of items). */
    public JsonNode node() {
        return node;
    }

    /** The member is there and not null. */
    public boolean has(String field) {
        return node.hasNonNull(field);
    }

    /** No member at all. */
    public boolean isEmpty() {
        return node.isEmpty();
    }

    /** Optional text: absent, null or blank is absent. */
    public Optional<String> text(String field, int max) {
        return clearableText(field, max).filter(s -> !s.isEmpty());
    }

    /** Text that must be there and not blank. */
    public String requiredText(String field, int max) {
        return text(field, max).orElseThrow(() -> ProblemException.badParameter(field, "required: text of 1 to " + max + " characters"));
    }

    /** Optional text where blank means "clear it": {@code ""} for a blank value, empty when absent. */
    public Optional<String> clearableText(String field, int max) {
        return raw(field, max).map(String::strip);
    }

    /** Required text kept exactly as sent, spaces and all (a password). */
    public String exactText(String field, int max) {
        return raw(field, max).filter(s -> !s.isEmpty()).orElseThrow(() -> ProblemException.badParameter(field, "required text"));
    }

    /** Optional text that must be one of {@code values}. */
    public Optional<String> oneOf(String field, java.util.Collection<String> values, String hint) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return Optional.empty();
        }
        if (!v.isTextual() || !values.contains(v.asText())) {
            throw ProblemException.badParameter(field, hint);
        }
        return Optional.of(v.asText());
    }

    /** An optional number from {@code min} to {@code max}; {@code hint} says what it is. */
    public Optional<Double> number(String field, double min, double max, String hint) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return Optional.empty();
        }
        if (!v.isNumber() || !(v.asDouble() >= min && v.asDouble() <= max)) {
            throw ProblemException.badParameter(field, hint);
        }
        return Optional.of(v.asDouble());
    }

    /** An optional whole number from {@code min} to {@code max}. */
    public Optional<Long> whole(String field, long min, long max) {
        return whole(field, min, max, "a whole number from " + min + " to " + max);
    }

    /** An optional whole number from {@code min} to {@code max}; {@code hint} says what it is. */
    public Optional<Long> whole(String field, long min, long max, String hint) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return Optional.empty();
        }
        if (!v.isIntegralNumber() || !v.canConvertToLong() || v.asLong() < min || v.asLong() > max) {
            throw ProblemException.badParameter(field, hint);
        }
        return Optional.of(v.asLong());
    }

    /** An optional {@code true} or {@code false}; {@code hint} says what each means. */
    public Optional<Boolean> bool(String field, String hint) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return Optional.empty();
        }
        if (!v.isBoolean()) {
            throw ProblemException.badParameter(field, hint);
        }
        return Optional.of(v.asBoolean());
    }

    /** An optional time with its offset (ISO 8601); {@code hint} gives an example. */
    public Optional<OffsetDateTime> time(String field, String hint) {
        Optional<String> t = text(field, 40);
        try {
            return t.map(OffsetDateTime::parse);
        } catch (DateTimeParseException e) {
            throw ProblemException.badParameter(field, hint);
        }
    }

    private Optional<String> raw(String field, int max) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return Optional.empty();
        }
        if (!v.isTextual() || v.asText().length() > max) {
            throw ProblemException.badParameter(field, "a text of up to " + max + " characters");
        }
        if (CONTROL.matcher(v.asText()).find()) {
            throw ProblemException.badParameter(field, "chứa ký tự điều khiển: chỉ gửi chữ, số, dấu câu và xuống dòng");
        }
        return Optional.of(v.asText());
    }
}
