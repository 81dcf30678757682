package org.communeatlas.data.generator;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.Normalizer;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.zip.GZIPInputStream;
import org.communeatlas.core.JsonCodec;
import org.communeatlas.data.Csv;
import org.communeatlas.data.DemoFiles;

/**
 * A stream of calls for help shaped like those of Vietnam's 2024–2025 floods (volunteer maps took tens of thousands in
 * days), with the truth of each: families calling again from other phones, neighbours calling for themselves from next
 * door, rescued families' calls posted again, addresses without coordinates, Vietnamese typed without diacritics, phones
 * written every way (+84, 0, spaces, dashes), people the household list does not hold, calls from outside the province,
 * and a few where a life is at stake. Deterministic: the same dataset, seed and count give the same calls.
 *
 * <p>Calls come in two waves: the first day, then — after the families the truth names as rescued were rescued — the
 * second, which holds the reposts of their calls. Each wave is a CSV the SOS import reads as a volunteer site's list.
 */
public final class SosGenerator {

    /** What a call is, for the quality test. */
    public enum Kind { FIRST, REPEAT, REPOST, NEIGHBOUR, UNLISTED, OUTSIDE }

    /**
     * A call and its truth.
     *
     * @param household  the listed family calling (its code), or null
     * @param village    the village the address names (its code), or null when the address names none
     * @param repeats    the row (0-based, over both waves) of the first call of the same family, for a repeat or repost
     * @param critical   a life at stake: the words say so, and the family has vulnerable members
     * @param rescued    the family was rescued between the waves (its first call is marked rescued)
     * @param namesFamily the call names a listed family in a way the list can find: its phone, or its head's name with its
     *                   village, or a place at its door
     */
    public record Call(int row, int wave, Kind kind, String household, String village, Integer repeats, boolean critical, boolean rescued,
                       boolean namesFamily, String[] csv) {
    }

    /** The import's columns, as a volunteer list's sheet names them. */
    public static final String[] HEADER = {"Thời gian", "Họ tên", "Số điện thoại", "Địa chỉ", "Kinh độ", "Vĩ độ", "Số người", "Nhu cầu", "Ghi chú"};

    private static final String[] URGENT = {"nhà ngập nóc", "có người già yếu không đi được", "trẻ em sơ sinh", "cần cấp cứu gấp",
        "nhà sắp sập", "bà bầu sắp sinh"};
    private static final String[] NEEDS = {"nước uống", "gạo, mì tôm", "áo phao", "thuốc", "sạc điện thoại", "chăn màn", ""};
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("dd/MM/yyyy HH:mm");
    private static final LocalDateTime START = LocalDateTime.of(2025, 10, 29, 6, 0);

    private record Family(String code, String village, double lon, double lat, String name, String phone, int members, int vulnerable) {
    }

    private record Place(String village, String commune) {
    }

    private SosGenerator() {
    }

    /** {@code calls} calls from the dataset in {@code data} (the committed demo, or a generated one). */
    public static List<Call> generate(Path data, int calls, long seed) throws IOException {
        Map<String, Place> villages = villages(data);
        List<Family> families = families(data);
        Map<String, Family> byCode = new HashMap<>();
        families.forEach(f -> byCode.put(f.code(), f));
        SplittableRandom random = new SplittableRandom(seed);
        List<Call> out = new ArrayList<>();
        Map<String, Integer> firstCall = new HashMap<>();
        int wave1 = calls * 4 / 5;
        for (int row = 0; row < calls; row++) {
            int wave = row < wave1 ? 1 : 2;
            LocalDateTime at = START.plusSeconds((long) row * (wave == 1 ? 24 * 3600L : 12 * 3600L) / Math.max(1, wave == 1 ? wave1 : calls - wave1))
                    .plusHours(wave == 1 ? 0 : 24);
            double p = random.nextDouble();
            Family f = families.get(random.nextInt(families.size()));
            List<Integer> earlier = new ArrayList<>(firstCall.values());
            if (p < 0.20 && !earlier.isEmpty()) {
                // a family calls again (another phone a third of the time), or after its rescue the call is posted again
                Call first = out.get(earlier.get(random.nextInt(earlier.size())));
                Family again = byCode.get(first.household());
                boolean repost = wave == 2 && first.rescued();
                boolean otherPhone = !repost && random.nextInt(3) == 0;
                String phone = otherPhone ? relativePhone(random) : written(again.phone(), random);
                // a family calling again says where it is as it did, or better: by its phone, or by its name and village
                String address = otherPhone || random.nextBoolean() ? address(villages.get(again.village()), random) : "";
                out.add(new Call(row, wave, repost ? Kind.REPOST : Kind.REPEAT, again.code(), address.isEmpty() ? null : again.village(),
                        first.row(), first.critical(), false, true, new String[] {TIME.format(at), typed(again.name(), random), phone, address,
                            "", "", Integer.toString(again.members()), pick(NEEDS, random), repost ? "đăng lại" : "gọi lại lần nữa"}));
                continue;
            }
            if (p < 0.30 && !earlier.isEmpty()) {
                // a neighbour calls for its own family from its own phone, from next door: a call of its own
                Call first = out.get(earlier.get(random.nextInt(earlier.size())));
                Family near = byCode.get(first.household());
                Family neighbour = nearest(families, near, random);
                if (!firstCall.containsKey(neighbour.code())) {
                    out.add(first(row, wave, Kind.NEIGHBOUR, neighbour, villages, at, random, firstCall, true));
                    continue;
                }
                p = 1; // that neighbour has called already: this call is some other family's first
            }
            if (p < 0.35) {
                // someone the household list does not hold (a visitor, a new house): an address, a phone of no family
                Place place = villages.get(f.village());
                out.add(new Call(row, wave, Kind.UNLISTED, null, f.village(), null, false, false, false, new String[] {TIME.format(at),
                    typed("Người ở nhờ " + f.name().substring(f.name().lastIndexOf(' ') + 1), random), relativePhone(random),
                    address(place, random), "", "", Integer.toString(1 + random.nextInt(6)), pick(NEEDS, random), ""}));
                continue;
            }
            if (p < 0.40) {
                // outside the province: a call that reached the wrong list
                out.add(new Call(row, wave, Kind.OUTSIDE, null, null, null, false, false, false, new String[] {TIME.format(at), "Khách",
                    relativePhone(random), "Thôn Phú Lộc, xã Hương Hồ, Huế", String.format(Locale.ROOT, "%.6f", 107.5 + random.nextDouble() * 0.1),
                    String.format(Locale.ROOT, "%.6f", 16.4 + random.nextDouble() * 0.1), "3", pick(NEEDS, random), ""}));
                continue;
            }
            if (firstCall.containsKey(f.code())) {
                f = families.get(random.nextInt(families.size()));
                if (firstCall.containsKey(f.code())) {
                    row--;
                    continue;
                }
            }
            out.add(first(row, wave, Kind.FIRST, f, villages, at, random, firstCall, false));
        }
        return out;
    }

    /** A family's first call: from its own phone or a relative's, at its door, by its address, or by its phone alone. */
    private static Call first(int row, int wave, Kind kind, Family f, Map<String, Place> villages, LocalDateTime at, SplittableRandom random,
                              Map<String, Integer> firstCall, boolean ownPhone) {
        boolean critical = f.vulnerable() > 0 && random.nextInt(10) == 0;
        boolean listedPhone = ownPhone || random.nextInt(10) < 7;
        String phone = listedPhone ? written(f.phone(), random) : relativePhone(random);
        int how = random.nextInt(10);
        String lon = "";
        String lat = "";
        String address = "";
        if (how < 4) {
            // the phone's position, within 6 m of the door
            lon = String.format(Locale.ROOT, "%.6f", f.lon() + (random.nextDouble() - 0.5) * 0.0001);
            lat = String.format(Locale.ROOT, "%.6f", f.lat() + (random.nextDouble() - 0.5) * 0.0001);
        } else if (how < 8 || !listedPhone) {
            address = address(villages.get(f.village()), random);
        }
        String note = critical ? pick(URGENT, random) : random.nextInt(20) == 0 ? "nước đang lên" : "";
        if (critical && random.nextBoolean()) {
            note = fold(note);
        }
        boolean rescued = wave == 1 && random.nextInt(4) == 0;
        boolean namesFamily = listedPhone || !lon.isEmpty() || !address.isEmpty();
        firstCall.putIfAbsent(f.code(), row);
        return new Call(row, wave, kind, f.code(), address.isEmpty() ? null : f.village(), null, critical, rescued, namesFamily,
                new String[] {TIME.format(at), typed(f.name(), random), phone, address, lon, lat, Integer.toString(f.members()),
                    pick(NEEDS, random), note});
    }

    /** The calls of one wave as the import's CSV (UTF-8 with a byte-order mark, as a sheet is saved). */
    public static void writeCsv(List<Call> calls, int wave, Path file) throws IOException {
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            w.write('\ufeff');
            Csv.RowWriter csv = Csv.writer(w);
            csv.write((Object[]) HEADER);
            for (Call c : calls) {
                if (c.wave() == wave) {
                    csv.write((Object[]) c.csv());
                }
            }
            csv.close();
        }
    }

    /** The truth of every call, one row each (the row numbers both lists' rows count on, the first list first). */
    public static void writeTruth(List<Call> calls, Path file) throws IOException {
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            Csv.RowWriter csv = Csv.writer(w);
            csv.write("row", "wave", "kind", "household", "village", "repeats_row", "critical", "rescued", "names_family");
            for (Call c : calls) {
                csv.write(c.row(), c.wave(), c.kind().name().toLowerCase(Locale.ROOT), c.household(), c.village(), c.repeats(), c.critical(),
                        c.rescued(), c.namesFamily());
            }
            csv.close();
        }
    }

    /** An address as people type it: the village and commune, with or without their kind, accents, capitals. */
    private static String address(Place place, SplittableRandom random) {
        String text = switch (random.nextInt(3)) {
            case 0 -> "Thôn " + place.village() + ", " + place.commune();
            case 1 -> place.village() + " " + place.commune().replaceFirst("^(Xã|Phường|Thị trấn) ", "");
            default -> "nhà ở " + place.village() + ", " + place.commune() + ", Quảng Nam";
        };
        return typed(text, random);
    }

    /** Vietnamese as phones type it: half the time without diacritics, sometimes in capitals. */
    private static String typed(String text, SplittableRandom random) {
        String t = random.nextBoolean() ? fold(text) : text;
        return random.nextInt(8) == 0 ? t.toUpperCase(Locale.ROOT) : t;
    }

    static String fold(String text) {
        return Normalizer.normalize(text.replace('Đ', 'D').replace('đ', 'd'), Normalizer.Form.NFD).replaceAll("\\p{M}", "");
    }

    /** A listed phone as callers write it: +84, 84 or 0, in groups with spaces, dots or dashes. */
    private static String written(String phone, SplittableRandom random) {
        String digits = phone.replaceAll("[^0-9]", "");
        String national = digits.substring(1);
        return switch (random.nextInt(5)) {
            case 0 -> "+84 " + national;
            case 1 -> "84" + national;
            case 2 -> digits.substring(0, 4) + "." + digits.substring(4, 7) + "." + digits.substring(7);
            case 3 -> digits.substring(0, 4) + "-" + digits.substring(4);
            default -> digits;
        };
    }

    /** A phone no family on the list has (its numbers begin 09 and 03; the demo's 000). */
    private static String relativePhone(SplittableRandom random) {
        return "09" + String.format(Locale.ROOT, "%08d", random.nextInt(100_000_000));
    }

    private static Family nearest(List<Family> families, Family of, SplittableRandom random) {
        Family best = null;
        double bestD = Double.MAX_VALUE;
        for (int i = 0; i < 400; i++) {
            Family f = families.get(random.nextInt(families.size()));
            double d = Math.hypot(f.lon() - of.lon(), f.lat() - of.lat());
            if (!f.code().equals(of.code()) && f.village().equals(of.village()) && d < bestD) {
                best = f;
                bestD = d;
            }
        }
        return best != null ? best : families.get(random.nextInt(families.size()));
    }

    private static String pick(String[] words, SplittableRandom random) {
        return words[random.nextInt(words.length)];
    }

    private static List<Family> families(Path data) throws IOException {
        List<Family> out = new ArrayList<>();
        try (InputStream in = new GZIPInputStream(Files.newInputStream(data.resolve(DemoFiles.HOUSEHOLDS)))) {
            List<String[]> rows = Csv.read(in);
            for (String[] r : rows.subList(1, rows.size())) {
                if (!r[5].isBlank()) {
                    out.add(new Family(r[0], r[1], Double.parseDouble(r[2]), Double.parseDouble(r[3]), r[4], r[5], Integer.parseInt(r[6]),
                            Integer.parseInt(r[7]) + Integer.parseInt(r[8]) + Integer.parseInt(r[9]) + Integer.parseInt(r[10])));
                }
            }
        }
        return out;
    }

    /** Village code → its name and its commune's (before the reform), as an address writes them. */
    private static Map<String, Place> villages(Path data) throws IOException {
        Map<String, String> communes = new HashMap<>();
        for (JsonNode f : features(data.resolve(DemoFiles.ADMIN_UNITS))) {
            // the communes before the reform, which villages belong to (a new unit may reuse an old one's code)
            if (f.at("/properties/level").asText().equals("commune") && !f.at("/properties/valid_to").isNull()) {
                communes.put(f.at("/properties/code").asText(), f.at("/properties/name").asText());
            }
        }
        Map<String, Place> out = new HashMap<>();
        for (JsonNode f : features(data.resolve(DemoFiles.VILLAGES))) {
            out.put(f.at("/properties/code").asText(), new Place(f.at("/properties/name").asText(),
                    communes.get(f.at("/properties/commune_code").asText())));
        }
        return out;
    }

    private static JsonNode features(Path file) throws IOException {
        try (InputStream in = new GZIPInputStream(Files.newInputStream(file))) {
            return JsonCodec.MAPPER.readTree(in).get("features");
        }
    }
}
