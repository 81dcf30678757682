package org.communeatlas.files;

import java.math.BigDecimal;
import java.text.Normalizer;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One column we import: its name, the headers officials give it (Vietnamese first), its type and range.
 * {@link #parse} turns a cell into the value written, or throws {@link IllegalArgumentException} with the
 * reason the report shows.
 */
public record Field(String name, List<String> headers, Kind kind, boolean required, double min, double max, Map<String, String> values) {

    enum Kind { TEXT, INTEGER, DECIMAL, CHOICE, BOOLEAN, DATE }

    static Field text(String name, boolean required, String... headers) {
        return new Field(name, List.of(headers), Kind.TEXT, required, 0, 0, Map.of());
    }

    static Field integer(String name, boolean required, double min, double max, String... headers) {
        return new Field(name, List.of(headers), Kind.INTEGER, required, min, max, Map.of());
    }

    public static Field decimal(String name, boolean required, double min, double max, String... headers) {
        return new Field(name, List.of(headers), Kind.DECIMAL, required, min, max, Map.of());
    }

    /** A choice among codes; {@code values} maps each accepted spelling (folded) to the stored code. */
    static Field choice(String name, boolean required, Map<String, String> values, String... headers) {
        return new Field(name, List.of(headers), Kind.CHOICE, required, 0, 0, values);
    }

    static Field date(String name, boolean required, String... headers) {
        return new Field(name, List.of(headers), Kind.DATE, required, 0, 0, Map.of());
    }

    static Field bool(String name, String... headers) {
        return new Field(name, List.of(headers), Kind.BOOLEAN, false, 0, 0, Map.of());
    }

    /** The SQL type of the column in the table of checked rows. */
    public String sqlType() {
        return switch (kind) {
            case INTEGER -> "bigint";
            case DECIMAL -> "double precision";
            case BOOLEAN -> "boolean";
            case DATE -> "date";
            default -> "text";
        };
    }

    /** Does a file's header name this field? Case, diacritics and punctuation do not matter. */
    public boolean matches(String header) {
        String h = fold(header);
        // a Shapefile cuts field names to 10 characters: "district_code" comes back as "district_c"
        if (h.equals(fold(name)) || (header.length() == 10 && name.length() > 10 && h.equals(fold(name.substring(0, 10))))) {
            return true;
        }
        for (String alias : headers) {
            if (h.equals(fold(alias))) {
                return true;
            }
        }
        return false;
    }

    /** The value to write, or null for an empty optional cell. */
    public Object parse(String raw) {
        String v = raw == null ? "" : raw.strip();
        if (v.isEmpty()) {
            if (required) {
                throw new IllegalArgumentException("bắt buộc, đang để trống");
            }
            return null;
        }
        switch (kind) {
            case TEXT:
                return v;
            case INTEGER: {
                BigDecimal n = number(v);
                if (n.stripTrailingZeros().scale() > 0) {
                    throw new IllegalArgumentException("phải là số nguyên");
                }
                inRange(n.doubleValue());
                return n.longValueExact();
            }
            case DECIMAL: {
                double d = number(v).doubleValue();
                inRange(d);
                return d;
            }
            case DATE:
                return date(v);
            case BOOLEAN: {
                String f = fold(v);
                if (List.of("co", "x", "1", "true", "yes", "mo", "dang mo").contains(f)) {
                    return true;
                }
                if (List.of("khong", "0", "false", "no", "dong", "da dong").contains(f)) {
                    return false;
                }
                throw new IllegalArgumentException("phải là Có hoặc Không");
            }
            default: {
                String code = values.get(fold(v));
                if (code == null) {
                    throw new IllegalArgumentException("không thuộc các giá trị cho phép: " + String.join(", ", values.values().stream().distinct().toList()));
                }
                return code;
            }
        }
    }

    /** A date as sheets hold it: 2022-03-31, 2022/03/31 or the Vietnamese 31/03/2022 (day first). */
    static java.time.LocalDate date(String v) {
        String s = v.length() > 10 && v.charAt(10) == ' ' ? v.substring(0, 10) : v;   // a spreadsheet's "2022/03/31 00:00:00"
        for (String pattern : List.of("uuuu-MM-dd", "uuuu/MM/dd", "d/M/uuuu", "d-M-uuuu", "d.M.uuuu")) {
            try {
                return java.time.LocalDate.parse(s, java.time.format.DateTimeFormatter.ofPattern(pattern)
                        .withResolverStyle(java.time.format.ResolverStyle.STRICT));
            } catch (java.time.format.DateTimeParseException e) {
                // the next pattern
            }
        }
        throw new IllegalArgumentException("không phải ngày (yyyy-mm-dd hoặc dd/mm/yyyy)");
    }

    private void inRange(double d) {
        if (d < min || d > max) {
            throw new IllegalArgumentException("ngoài khoảng cho phép " + format(min) + "–" + format(max));
        }
    }

    private static String format(double d) {
        return d == Math.rint(d) ? String.valueOf((long) d) : String.valueOf(d);
    }

    /** A number as officials type it: "1.5", "1,5" (a decimal comma), "12 345" (spaces between thousands). */
    static BigDecimal number(String v) {
        String s = v.replace(" ", "").replace("\u00a0", "");
        if (s.indexOf(',') >= 0 && s.indexOf('.') < 0 && s.indexOf(',') == s.lastIndexOf(',')) {
            s = s.replace(',', '.');                    // a decimal comma
        }
        try {
            return new BigDecimal(s);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("không phải là số");
        }
    }

    /** Lower case, no diacritics (đ → d), words separated by single spaces: how headers and choices are compared. */
    public static String fold(String s) {
        String n = Normalizer.normalize(s.replace('đ', 'd').replace('Đ', 'D'), Normalizer.Form.NFD)
                .replaceAll("\\p{M}+", "").toLowerCase(Locale.ROOT);
        return n.replaceAll("[^a-z0-9]+", " ").strip();
    }
}
