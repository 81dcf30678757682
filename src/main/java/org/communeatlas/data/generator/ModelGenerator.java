package org.communeatlas.data.generator;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.communeatlas.data.ReferenceUnits;
import org.communeatlas.data.ReferenceUnits.OldUnit;
import org.communeatlas.data.generator.AdminPartition.Village;
import org.communeatlas.data.generator.DemoRows.Adoption;
import org.communeatlas.data.generator.DemoRows.Model;

/**
 * Exactly 6,540 models with the movement's sector split and commendation counts, about 300 of them in
 * Tam Kỳ; the six named models of FACTS.md with their true facts; and for every model its adoption
 * records per village, so that coverage grows over time, some communes reach full adoption and most do not.
 */
final class ModelGenerator {

    static final LocalDate LAST_START = LocalDate.of(2026, 10, 31);
    private static final String SOURCE = "baoquangnam.vn, \"Củng cố vững chắc khối đại đoàn kết toàn dân\" (FACTS.md §1)";

    private final ReferenceUnits ref;
    private final Map<String, List<Village>> villagesByCommune = new LinkedHashMap<>();
    private final Map<String, OldUnit> districts = new LinkedHashMap<>();
    private final List<Model> models = new ArrayList<>();
    private final List<Adoption> adoptions = new ArrayList<>();

    ModelGenerator(ReferenceUnits ref, List<Village> villages) {
        this.ref = ref;
        for (Village v : villages) {
            villagesByCommune.computeIfAbsent(v.commune().code(), k -> new ArrayList<>()).add(v);
        }
        ref.districts().forEach(d -> districts.put(d.code(), d));
    }

    List<Model> models() {
        return models;
    }

    List<Adoption> adoptions() {
        return adoptions;
    }

    void generate(SplittableRandom random) {
        addRealModels();
        Map<String, Integer> sectorLeft = new LinkedHashMap<>(ModelCatalogue.SECTOR_TOTALS);
        models.forEach(m -> sectorLeft.merge(m.sector(), -1, Integer::sum));
        List<String> sectors = new ArrayList<>();
        sectorLeft.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .forEach(e -> sectors.addAll(Collections.nCopies(e.getValue(), e.getKey())));
        shuffle(sectors, random);

        int tamKyLeft = ModelCatalogue.TAM_KY_MODELS - (int) models.stream().filter(this::inTamKy).count();
        List<OldUnit> tamKy = ref.communes().stream().filter(c -> c.parentCode().equals(ModelCatalogue.TAM_KY)).toList();
        List<OldUnit> others = ref.communes().stream().filter(c -> !c.parentCode().equals(ModelCatalogue.TAM_KY)).toList();

        int synthetic = sectors.size();
        Set<Integer> commended = pick(synthetic, ModelCatalogue.COMMENDED_BY_PARTY, random);
        List<Integer> commendedList = new ArrayList<>(commended);
        Collections.sort(commendedList);
        shuffle(commendedList, random);
        Set<Integer> typical = new HashSet<>(commendedList.subList(0, ModelCatalogue.COMMENDED_BY_COMMISSION));
        Set<String> usedNames = new HashSet<>();
        for (int i = 0; i < synthetic; i++) {
            OldUnit commune = i < tamKyLeft ? weighted(tamKy, random) : weighted(others, random);
            addSynthetic(i, sectors.get(i), commune, commended.contains(i), typical.contains(i), usedNames, random);
        }
    }

    private boolean inTamKy(Model m) {
        String village = m.originVillageCode();
        return village != null && ref.commune(village.substring(0, 5)).map(c -> c.parentCode().equals(ModelCatalogue.TAM_KY)).orElse(false);
    }

    private void addSynthetic(int index, String sector, OldUnit commune, boolean party, boolean commission,
                              Set<String> usedNames, SplittableRandom random) {
        List<Village> villages = villagesByCommune.get(commune.code());
        int year = weightedYear(random);
        LocalDate founded = LocalDate.of(year, 1, 1).plusDays(random.nextInt(365));
        LocalDate recognised = founded.plusDays(30 + random.nextInt(330));
        if (recognised.getYear() > 2024) {
            recognised = LocalDate.of(2024, 12, 31);
        }
        boolean communeLevel = random.nextDouble() < 0.15;
        Village origin = villages.get(random.nextInt(villages.size()));
        String communeLabel = commune.unitType().toLowerCase() + " " + commune.shortName();
        String villageLabel = origin.kind() + " " + origin.name();
        List<String> templates = ModelCatalogue.TEMPLATES.get(sector);
        String name = null;
        for (int attempt = 0; attempt < 12 && (name == null || usedNames.contains(name)); attempt++) {
            name = templates.get(random.nextInt(templates.size())) + " " + (communeLevel ? communeLabel : villageLabel);
        }
        if (usedNames.contains(name)) {
            name = name + " (" + year + ")";
        }
        usedNames.add(name);
        List<String> hosts = ModelCatalogue.HOSTS.get(sector);
        String host = hosts.get(random.nextInt(hosts.size()))
                .replace("{v}", villageLabel).replace("{c}", communeLabel)
                .replace("{d}", districts.get(commune.parentCode()).name());
        int members = 8 + random.nextInt(40);
        String code = modelCode(models.size() + 1);
        models.add(new Model(code, name, null, sector, host, commune.code(), communeLevel ? null : origin.code(),
                communeLevel ? commune.code() : null, founded, "day", recognised, null, members, null, null, null,
                party, commission, null));

        // where it is active: the origin village, then perhaps neighbours, sometimes the whole commune
        List<Village> order = new ArrayList<>(villages);
        order.remove(origin);
        shuffle(order, random);
        double r = random.nextDouble();
        int spread = r < 0.55 ? 0 : r < 0.86 ? 1 + random.nextInt(Math.max(1, order.size() - 1)) : order.size();
        if (communeLevel) {
            spread = Math.max(spread, 1);
        }
        adopt(code, origin, founded, members, random);
        for (int k = 0; k < Math.min(spread, order.size()); k++) {
            LocalDate start = founded.plusDays(30 + random.nextInt(700));
            if (!start.isAfter(LAST_START)) {
                adopt(code, order.get(k), start, 8 + random.nextInt(30), random);
            }
        }
    }

    private void adopt(String modelCode, Village village, LocalDate start, int members, SplittableRandom random) {
        LocalDate end = null;
        if (random.nextDouble() < 0.07) {
            end = start.plusDays(365 + random.nextInt(1_900));
            if (end.isAfter(LAST_START)) {
                end = null;
            }
        }
        adoptions.add(new Adoption(modelCode, village.code(), start, end, members));
    }

    /** The named models of FACTS.md, with their true facts; dates FACTS does not give are marked synthetic. */
    private void addRealModels() {
        // An Thiện village self-management group for security and order, Tam An, Phú Ninh (2005)
        Village anThien = village("20368", "An Thiện");
        models.add(new Model(modelCode(models.size() + 1), "Tổ tự quản an ninh trật tự thôn An Thiện",
                "Village self-management group for security and order, An Thiện village", "defence_security",
                "Chi bộ thôn An Thiện", "20368", anThien.code(), null, LocalDate.of(2005, 1, 1), "year", null,
                "Thành lập năm 2005 theo nghị quyết chuyên đề của Chi bộ thôn; phương châm \"tự nguyện, tự giác, tự quản, "
                        + "tự phòng, tự bảo vệ\"; tuần tra đêm cùng Công an xã; mùa mưa bão là lực lượng xung kích: gia cố nhà cửa, "
                        + "sơ tán dân đến nơi an toàn, cứu hộ, đưa lương thực và nước uống đến các hộ bị cô lập. Nhân rộng ra "
                        + "4 thôn của xã; góp phần đạt tiêu chí số 9 (an ninh trật tự) của thôn nông thôn mới kiểu mẫu.",
                45, 8, 30, 60, false, false, SOURCE));
        String anThienCode = models.get(models.size() - 1).code();
        adoptions.add(new Adoption(anThienCode, anThien.code(), LocalDate.of(2005, 1, 1), null, 45));
        // replicated in the other three villages of Tam An; the replication dates are synthetic
        String[][] replicas = {{"An Thọ", "2011-03-01", "38"}, {"An Hòa", "2012-06-01", "41"}, {"An Mỹ", "2013-09-01", "36"}};
        for (String[] rep : replicas) {
            adoptions.add(new Adoption(anThienCode, village("20368", rep[0]).code(), LocalDate.parse(rep[1]), null, Integer.valueOf(rep[2])));
        }

        // "5 in 1" self-management group: Kim Đới (Tam Thăng) in March 2022, 8/8 villages of Tam Thăng by the
        // end of 2022 (169 members by April 2023), all 7 villages of Tam Phú by August 2023 (Phú Đông from
        // July 2023, 18 members), every village of Tam Thanh in 2023
        Village kimDoi = village("20362", "Kim Đới");
        models.add(new Model(modelCode(models.size() + 1), "Tổ tự quản \"5 trong 1\"", "\"5 in 1\" self-management group",
                "defence_security", "UBND xã Tam Thăng", "20362", kimDoi.code(), null, LocalDate.of(2022, 3, 1), "month",
                LocalDate.of(2022, 3, 1),
                "Năm nhiệm vụ trong một tổ: an ninh trật tự; phòng cháy, chữa cháy; phòng chống dịch bệnh; phòng chống thiên tai; "
                        + "hỗ trợ tái hòa nhập cộng đồng. Tổ đầu tiên ở thôn Kim Đới (3/2022); cuối năm 2022 có ở 8/8 thôn của "
                        + "xã Tam Thăng (169 thành viên đến 4/2023); năm 2023 có ở 100% thôn của Tam Phú và Tam Thanh. "
                        + "Mùa bão, các tổ chằng chống nhà cửa và di dời dân.",
                169, null, null, null, false, false, SOURCE));
        String fiveInOne = models.get(models.size() - 1).code();
        List<Village> tamThang = villagesByCommune.get("20362");
        // Kim Đới first; the other seven months and the split of the 169 members are synthetic
        int[] tamThangMembers = {20, 22, 21, 21, 20, 24, 21, 20};
        String[] tamThangStarts = {"2022-03-01", "2022-04-01", "2022-05-01", "2022-06-01", "2022-08-01", "2022-09-01", "2022-11-01", "2022-12-01"};
        List<Village> ordered = new ArrayList<>(tamThang);
        ordered.remove(kimDoi);
        ordered.add(0, kimDoi);
        for (int i = 0; i < ordered.size(); i++) {
            adoptions.add(new Adoption(fiveInOne, ordered.get(i).code(), LocalDate.parse(tamThangStarts[i]), null, tamThangMembers[i]));
        }
        Village phuDong = village("20371", "Phú Đông");
        String[] tamPhuStarts = {"2023-01-01", "2023-02-01", "2023-03-01", "2023-04-01", "2023-05-01", "2023-06-01"};
        int p = 0;
        for (Village v : villagesByCommune.get("20371")) {
            boolean isPhuDong = v.equals(phuDong);
            adoptions.add(new Adoption(fiveInOne, v.code(), isPhuDong ? LocalDate.of(2023, 7, 1) : LocalDate.parse(tamPhuStarts[p++]), null,
                    isPhuDong ? 18 : 14 + (p % 5)));
        }
        String[] tamThanhStarts = {"2023-03-01", "2023-05-01", "2023-07-01", "2023-09-01", "2023-10-01", "2023-11-01"};
        int t = 0;
        for (Village v : villagesByCommune.get("20359")) {
            adoptions.add(new Adoption(fiveInOne, v.code(), LocalDate.parse(tamThanhStarts[t++]), null, 12 + t));
        }

        // Party members in charge of households in border areas (Provincial Border Guard Command);
        // founding year and the border villages it covers are synthetic
        models.add(new Model(modelCode(models.size() + 1), "Đảng viên phụ trách hộ gia đình ở khu vực biên giới",
                "Party members in charge of households in border areas", "political_system",
                "Bộ Chỉ huy Bộ đội Biên phòng tỉnh Quảng Nam", "49", null, "49", LocalDate.of(2016, 1, 1), "year", null,
                null, null, null, null, null, false, false, SOURCE));
        String border = models.get(models.size() - 1).code();
        int b = 0;
        // border communes of Tây Giang (Ch'ơm, Ga Ri, A Xan, Tr'Hy) and Nam Giang (La Êê, La Dêê, Đắc Pre, Đắc Pring)
        for (String commune : List.of("20437", "20440", "20443", "20446", "20698", "20704", "20716", "20719")) {
            for (Village v : villagesByCommune.get(commune)) {
                adoptions.add(new Adoption(border, v.code(), LocalDate.of(2016, 3, 1).plusMonths(b++ % 18), null, 6 + b % 9));
            }
        }

        // "Friday activities among the people" (Farmers' Association, Tiên Phước district); date synthetic
        models.add(new Model(modelCode(models.size() + 1), "Sinh hoạt ngày thứ Sáu cùng dân", "Friday activities among the people",
                "culture_society", "Hội Nông dân huyện Tiên Phước", "514", null, "514", LocalDate.of(2018, 1, 1), "year", null,
                null, null, null, null, null, false, false, SOURCE));
        String friday = models.get(models.size() - 1).code();
        for (Village v : villagesByCommune.get("20854")) {
            adoptions.add(new Adoption(friday, v.code(), LocalDate.of(2018, 4, 1), null, null));
        }

        // "Saturday: listening to the people" (Bình Minh commune, Thăng Bình); date synthetic
        models.add(new Model(modelCode(models.size() + 1), "Thứ Bảy lắng nghe dân nói", "Saturday: listening to the people",
                "political_system", "UBND xã Bình Minh", "20812", null, "20812", LocalDate.of(2019, 1, 1), "year", null,
                null, null, null, null, null, false, false, SOURCE));
        String saturday = models.get(models.size() - 1).code();
        for (Village v : villagesByCommune.get("20812")) {
            adoptions.add(new Adoption(saturday, v.code(), LocalDate.of(2019, 3, 2), null, null));
        }

        // "Friendly government agencies serving the people" (Hiệp Đức district); date synthetic
        models.add(new Model(modelCode(models.size() + 1), "Cơ quan chính quyền thân thiện, vì nhân dân phục vụ",
                "Friendly government agencies serving the people", "political_system", "UBND huyện Hiệp Đức", "512", null, "512",
                LocalDate.of(2017, 1, 1), "year", null, null, null, null, null, null, false, false, SOURCE));
        String friendly = models.get(models.size() - 1).code();
        Village seat = villagesByCommune.get("20779").get(0); // Thị trấn Tân Bình, the district seat
        adoptions.add(new Adoption(friendly, seat.code(), LocalDate.of(2017, 6, 1), null, null));
    }

    private Village village(String commune, String name) {
        return villagesByCommune.get(commune).stream().filter(v -> v.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalStateException("no village " + name + " in " + commune));
    }

    private OldUnit weighted(List<OldUnit> communes, SplittableRandom random) {
        double total = 0;
        for (OldUnit c : communes) {
            total += weight(c);
        }
        double r = random.nextDouble() * total;
        for (OldUnit c : communes) {
            r -= weight(c);
            if (r <= 0) {
                return c;
            }
        }
        return communes.get(communes.size() - 1);
    }

    private double weight(OldUnit commune) {
        double villages = villagesByCommune.get(commune.code()).size();
        return villages * (VillagePlanner.MOUNTAIN_DISTRICTS.contains(commune.parentCode()) ? 0.6 : 1.0);
    }

    /** Founding years 2009–2024, more each year as the movement grew. */
    private static int weightedYear(SplittableRandom random) {
        double total = 0;
        for (int y = 2009; y <= 2024; y++) {
            total += 1 + 0.12 * (y - 2009);
        }
        double r = random.nextDouble() * total;
        for (int y = 2009; y <= 2024; y++) {
            r -= 1 + 0.12 * (y - 2009);
            if (r <= 0) {
                return y;
            }
        }
        return 2024;
    }

    private static Set<Integer> pick(int n, int k, SplittableRandom random) {
        List<Integer> all = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            all.add(i);
        }
        shuffle(all, random);
        return new HashSet<>(all.subList(0, k));
    }

    static <T> void shuffle(List<T> list, SplittableRandom random) {
        for (int i = list.size() - 1; i > 0; i--) {
            Collections.swap(list, i, random.nextInt(i + 1));
        }
    }

    static String modelCode(int n) {
        return String.format("DVK-%05d", n);
    }
}
