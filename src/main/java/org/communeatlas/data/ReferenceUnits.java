package org.communeatlas.data;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The real administrative units: Quảng Nam before 1 July 2025 (GSO list of 2025-03-01: province 49,
 * 17 districts, 234 communes) and the post-reform units of Đà Nẵng that cover it, with the old→new
 * mapping. Read from the reference tables bundled in the jar.
 *
 * <p>The post-reform list names predecessors by name, with spellings that differ from the GSO list
 * ("Xã Ch’ơm" / "Xã Ch'ơm", "Xã Gari" / "Xã Ga Ri", "Phường Hòa Thuận" / "Phường Hoà Thuận"). Names are
 * matched after folding (no diacritics, case, spaces or apostrophes) plus four spelling variants listed
 * below. Units marked "Không sáp nhập" (not merged), and old Xã Quế Phước, which the source omits while a
 * new unit bears its name, map to the new unit of the same name.
 */
public final class ReferenceUnits {

    public static final String OLD_CSV = "/org/communeatlas/data/reference/admin-units-quangnam-2025-03.csv";
    public static final String NEW_CSV = "/org/communeatlas/data/reference/admin-units-danang-2025-07.csv";

    /** Spellings of the post-reform list → spelling of the GSO list, both folded. */
    private static final Map<String, String> SPELLING_VARIANTS = Map.of(
            "xazuoih", "xazuoich",
            "xatabhing", "xatabhinh",
            "xabhalee", "xabhale",
            "xamacooih", "xamacooi");

    /** A unit of the pre-reform list. */
    public record OldUnit(String code, String name, String shortName, String unitType, String level, String parentCode) {
    }

    /** A post-reform commune-level unit that covers part of former Quảng Nam. */
    public record NewUnit(String code, String shortName, String unitType, double areaKm2, int population,
                          double lon, double lat, List<String> predecessorCodes) {
        public String name() {
            return unitType + " " + shortName;
        }
    }

    private final OldUnit province;
    private final List<OldUnit> districts;
    private final List<OldUnit> communes;
    private final List<NewUnit> newUnits;

    private ReferenceUnits(OldUnit province, List<OldUnit> districts, List<OldUnit> communes, List<NewUnit> newUnits) {
        this.province = province;
        this.districts = districts;
        this.communes = communes;
        this.newUnits = newUnits;
    }

    public static ReferenceUnits load() {
        List<String[]> oldRows = readCsv(OLD_CSV);
        OldUnit province = null;
        List<OldUnit> districts = new ArrayList<>();
        List<OldUnit> communes = new ArrayList<>();
        for (String[] r : oldRows) {
            String type = r[3];
            String name = oneToneStyle(r[2].replaceAll("\\s+", " ").trim());
            String shortName = name.substring(Math.min(name.length(), prefixLength(name, type))).trim();
            OldUnit unit = new OldUnit(r[1], name, shortName, capitalise(type), r[0], r.length > 4 ? r[4] : "");
            switch (r[0]) {
                case "province" -> province = unit;
                case "district" -> districts.add(unit);
                case "commune" -> communes.add(unit);
                default -> throw new IllegalStateException("unknown level " + r[0]);
            }
        }
        // Exact spelling first (tone-mark placement and spacing aside); the fully folded name only
        // where it is unique: "Xã Trà Dơn" and "Xã Trà Don" are two communes.
        Map<String, OldUnit> byKey = new LinkedHashMap<>();
        Map<String, List<OldUnit>> byFold = new LinkedHashMap<>();
        for (OldUnit c : communes) {
            if (byKey.put(spellingKey(c.name()), c) != null) {
                throw new IllegalStateException("two communes share the name " + c.name());
            }
            byFold.computeIfAbsent(fold(c.name()), k -> new ArrayList<>()).add(c);
        }
        List<NewUnit> newUnits = new ArrayList<>();
        java.util.Set<String> mapped = new java.util.HashSet<>();
        List<String[]> newRows = readCsv(NEW_CSV);
        for (String[] r : newRows) {
            String shortName = oneToneStyle(r[1]);
            List<String> predecessors = new ArrayList<>();
            for (String part : r[7].split(",")) {
                OldUnit old = byKey.get(spellingKey(part));
                if (old == null) {
                    String folded = fold(part);
                    List<OldUnit> candidates = byFold.getOrDefault(SPELLING_VARIANTS.getOrDefault(folded, folded), List.of());
                    old = candidates.size() == 1 ? candidates.get(0) : null;
                }
                if (old != null) {
                    predecessors.add(old.code());
                }
            }
            if (r[7].trim().equals("Không sáp nhập")) {
                communes.stream().filter(c -> c.shortName().equals(shortName)).findFirst()
                        .ifPresent(c -> predecessors.add(c.code()));
            }
            if (predecessors.isEmpty()) {
                continue; // a unit of the former Đà Nẵng city
            }
            mapped.addAll(predecessors);
            newUnits.add(new NewUnit(r[0], shortName, capitalise(r[2]), Double.parseDouble(r[3]), Integer.parseInt(r[4]),
                    Double.parseDouble(r[5]), Double.parseDouble(r[6]), predecessors));
        }
        // Old communes the source forgot: the new unit that bears their name takes them.
        for (OldUnit c : communes) {
            if (!mapped.contains(c.code())) {
                NewUnit namesake = newUnits.stream().filter(n -> n.shortName().equals(c.shortName())).findFirst()
                        .orElseThrow(() -> new IllegalStateException("no post-2025 unit for " + c.name()));
                namesake.predecessorCodes().add(c.code());
                mapped.add(c.code());
            }
        }
        return new ReferenceUnits(province, List.copyOf(districts), List.copyOf(communes), List.copyOf(newUnits));
    }

    public OldUnit province() {
        return province;
    }

    public List<OldUnit> districts() {
        return districts;
    }

    public List<OldUnit> communes() {
        return communes;
    }

    public List<NewUnit> newUnits() {
        return newUnits;
    }

    public Optional<OldUnit> commune(String code) {
        return communes.stream().filter(c -> c.code().equals(code)).findFirst();
    }

    /** Which post-reform unit each old commune became. */
    public Map<String, NewUnit> successors() {
        Map<String, NewUnit> map = new LinkedHashMap<>();
        for (NewUnit n : newUnits) {
            for (String code : n.predecessorCodes()) {
                map.put(code, n);
            }
        }
        return map;
    }

    /** Folds a name for matching: no diacritics, no case, no spaces or apostrophes, đ → d. */
    public static String fold(String text) {
        String noMarks = Normalizer.normalize(text, Normalizer.Form.NFD).replaceAll("\\p{M}", "");
        return noMarks.replace('đ', 'd').replace('Đ', 'D').toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
    }

    /**
     * The name as written, with only what carries no meaning removed: case, spaces, apostrophes and the
     * placement of the tone mark in oa/oe/uy ("Hoà" and "Hòa" are the same spelling).
     */
    static String spellingKey(String text) {
        String s = Normalizer.normalize(text, Normalizer.Form.NFC).toLowerCase(Locale.ROOT).replaceAll("[\\s'’]", "");
        String[][] tones = {{"oà", "òa"}, {"oá", "óa"}, {"oả", "ỏa"}, {"oã", "õa"}, {"oạ", "ọa"},
            {"oè", "òe"}, {"oé", "óe"}, {"oẻ", "ỏe"}, {"oẽ", "õe"}, {"oẹ", "ọe"},
            {"uỳ", "ùy"}, {"uý", "úy"}, {"uỷ", "ủy"}, {"uỹ", "ũy"}, {"uỵ", "ụy"}};
        for (String[] t : tones) {
            s = s.replace(t[0], t[1]);
        }
        return s;
    }

    /** An open oa, oe or uy ending a word with the tone mark on its second letter ("qu" is a consonant: "Quý"). */
    private static final Pattern SECOND_LETTER_TONE = Pattern.compile(
            "(?<![qQ])([oO][aAeE]|[uU][yY])([\\u0300\\u0301\\u0303\\u0309\\u0323])(?![\\p{L}\\p{M}])");

    /**
     * A name in the one tone-mark style the app writes: on the first letter of an open oa, oe or uy ("Hòa", "Thủy"),
     * as the GSO list and most sources do, where the 2025 lists sometimes write "Hoà". "Hoàng", "Quý" and "Huỳnh"
     * are the same in both styles.
     */
    public static String oneToneStyle(String text) {
        Matcher m = SECOND_LETTER_TONE.matcher(Normalizer.normalize(text, Normalizer.Form.NFD));
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String pair = m.group(1);
            m.appendReplacement(out, Matcher.quoteReplacement(pair.charAt(0) + m.group(2) + pair.charAt(1)));
        }
        m.appendTail(out);
        return Normalizer.normalize(out, Normalizer.Form.NFC);
    }

    private static int prefixLength(String name, String type) {
        return name.regionMatches(true, 0, type, 0, type.length()) ? type.length() : name.indexOf(' ') + 1;
    }

    private static String capitalise(String type) {
        return type.isEmpty() ? type : type.substring(0, 1).toUpperCase(Locale.ROOT) + type.substring(1);
    }

    private static List<String[]> readCsv(String resource) {
        try (InputStream in = ReferenceUnits.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + resource);
            }
            List<String[]> rows = Csv.read(in);
            return rows.subList(1, rows.size());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
