package org.communeatlas.web;

import io.javalin.http.Context;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.communeatlas.core.Messages;
import org.communeatlas.core.Values;

/**
 * Query and path parameter parsing, one small function per kind with its bounds and default. Every
 * failure is a 400 problem naming the parameter; nothing a user types reaches SQL unparsed.
 */
public final class Params {

    private static final int MAX_TEXT = 500;

    private Params() {
    }

    /** A single value: a parameter given twice is an error, not a silent pick. */
    public static Optional<String> single(Context ctx, String name) {
        List<String> values = ctx.queryParams(name);
        if (values.isEmpty()) {
            return Optional.empty();
        }
        if (values.size() > 1) {
            throw ProblemException.badParameter(name, "given " + values.size() + " times; give it once");
        }
        String value = values.get(0);
        if (value.length() > MAX_TEXT) {
            throw ProblemException.badParameter(name, "longer than " + MAX_TEXT + " characters");
        }
        return value.isEmpty() ? Optional.empty() : Optional.of(value);
    }

    public static int intParam(Context ctx, String name, int dflt, int min, int max) {
        return single(ctx, name).map(v -> Values.parseInt(name, v, min, max)).orElse(dflt);
    }

    public static Optional<Integer> optionalInt(Context ctx, String name, int min, int max) {
        return single(ctx, name).map(v -> Values.parseInt(name, v, min, max));
    }

    /** Like {@link #intParam} but values above {@code clampAt} are lowered to it instead of refused. */
    public static int clampedInt(Context ctx, String name, int dflt, int min, int clampAt) {
        return single(ctx, name).map(v -> Math.min(Values.parseInt(name, v, min, Integer.MAX_VALUE), clampAt)).orElse(dflt);
    }

    public static LocalDate date(Context ctx, String name, LocalDate dflt) {
        return single(ctx, name).map(v -> Values.parseDate(name, v)).orElse(dflt);
    }

    public static boolean bool(Context ctx, String name, boolean dflt) {
        return single(ctx, name).map(v -> switch (v.toLowerCase(Locale.ROOT)) {
            case "true", "1", "yes" -> true;
            case "false", "0", "no" -> false;
            default -> throw ProblemException.badParameter(name, "'" + Messages.shorten(v) + "' is not true or false");
        }).orElse(dflt);
    }

    /** One of a fixed set of words. */
    public static String oneOf(Context ctx, String name, Set<String> allowed, String dflt) {
        return single(ctx, name).map(v -> {
            if (!allowed.contains(v)) {
                throw ProblemException.badParameter(name, "'" + Messages.shorten(v) + "' is not one of " + String.join(", ", sorted(allowed)));
            }
            return v;
        }).orElse(dflt);
    }

    /** A positive whole-number path parameter such as an id. */
    public static long pathId(Context ctx, String name) {
        return Values.parseLong(name, ctx.pathParam(name), 1, Long.MAX_VALUE);
    }

    /** A path id that must fit an int (ids of serial columns); a larger one names nothing: 404 "No {what} id". */
    public static int intPathId(Context ctx, String name, String what) {
        long id = pathId(ctx, name);
        if (id > Integer.MAX_VALUE) {
            throw ProblemException.notFound("No " + what + " " + id);
        }
        return (int) id;
    }

    /** Unknown query parameters are refused: a misspelt one would silently change the answer. */
    public static void known(Context ctx, String... names) {
        List<String> allowed = List.of(names);
        for (String p : ctx.queryParamMap().keySet()) {
            if (!allowed.contains(p)) {
                throw ProblemException.badParameter(p, "unknown parameter" + (allowed.isEmpty() ? "" : "; known ones are " + String.join(", ", allowed)));
            }
        }
    }

    private static List<String> sorted(Set<String> values) {
        return values.stream().sorted().toList();
    }
}
