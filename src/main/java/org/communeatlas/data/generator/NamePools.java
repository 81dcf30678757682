package org.communeatlas.data.generator;

/**
 * Word pools for synthetic names, in Vietnamese with correct diacritics. Place names are built from the
 * Sino-Vietnamese syllables common in Quảng Nam's lowland village names; mountain villages take names
 * in the style of Cơ Tu and Xơ Đăng hamlets; people get a family name, a middle name and a given name.
 */
final class NamePools {

    private NamePools() {
    }

    static final String[] VILLAGE_SYLLABLES = {
        "An", "Phú", "Mỹ", "Hòa", "Vĩnh", "Xuân", "Thạnh", "Tân", "Bình", "Trung", "Đông", "Tây", "Thượng", "Hạ",
        "Long", "Phước", "Thái", "Quý", "Kim", "Ngọc", "Thanh", "Hương", "Đức", "Lộc", "Thọ", "Thuận", "Hưng",
        "Cẩm", "Châu", "Sơn", "Hà", "Khương", "Lạc", "Định", "Bích", "Trà", "Tiên", "Nghĩa", "Lâm", "Quang",
        "Thắng", "Điền", "Mỹ", "Cang", "Đới", "Hội", "Lý", "Trường", "Phương", "Tú", "Hiệp", "Thịnh", "Liên"
    };

    static final String[] MOUNTAIN_VILLAGES = {
        "A Réh", "A Xò", "Pơ Ning", "Bhơ Hôồng", "Za Ra", "Đhrôồng", "Tà Lang", "Giàn Bí", "Ra Lang", "Aur",
        "Bh'noong", "Pà Dồn", "Pà Dấu", "Tắk Pổ", "Tắk Ngo", "Long Viên", "Măng Lùng", "A Dinh", "Ka Đắp",
        "Pơ Rồng", "Nước Là", "Tr'lêê", "Z'lao", "Đắk Rế", "Đắk Ring", "Ngok Tem", "Tắk Lang", "Trà Kót",
        "Dơ Nghít", "A Tu", "K'Noonh", "Tà Vàng", "Ban Mai", "Pa Lan", "Xa Nghi", "A Ting", "Ca Dy", "Bút Nga",
        "Tu Ngung", "Ra Ê", "Vinh", "Cà Lúc", "Ta Ngoi", "Đắk Xanh", "Pui", "Tơ Ngon", "A Ur", "Ze Nang"
    };

    static final String[] FAMILY_NAMES = {
        "Nguyễn", "Nguyễn", "Nguyễn", "Trần", "Trần", "Lê", "Lê", "Phạm", "Huỳnh", "Huỳnh", "Phan", "Võ", "Võ",
        "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Dương", "Lý", "Trương", "Đoàn", "Đinh", "Lương", "Mai", "Tôn", "Châu"
    };

    static final String[] MALE_MIDDLE = {"Văn", "Văn", "Văn", "Hữu", "Đức", "Minh", "Công", "Quang", "Thanh", "Ngọc"};
    static final String[] FEMALE_MIDDLE = {"Thị", "Thị", "Thị", "Thị", "Ngọc", "Thu", "Kim", "Thanh", "Mỹ"};

    static final String[] MALE_GIVEN = {
        "An", "Bảo", "Bình", "Cường", "Dũng", "Đạt", "Định", "Đông", "Hải", "Hậu", "Hiếu", "Hòa", "Hùng", "Huy",
        "Khang", "Khánh", "Lâm", "Long", "Lực", "Minh", "Nam", "Nghĩa", "Phát", "Phong", "Phúc", "Quân", "Quang",
        "Sơn", "Tài", "Tâm", "Thắng", "Thành", "Thiện", "Tiến", "Toàn", "Trí", "Trung", "Tuấn", "Vinh", "Vũ"
    };

    static final String[] FEMALE_GIVEN = {
        "Anh", "Bích", "Châu", "Diệp", "Dung", "Giang", "Hà", "Hạnh", "Hằng", "Hoa", "Hồng", "Hương", "Lan", "Liên",
        "Linh", "Loan", "Mai", "Mơ", "Ngân", "Nga", "Nhung", "Oanh", "Phượng", "Quyên", "Sen", "Thảo", "Thu",
        "Thủy", "Trang", "Trinh", "Tuyết", "Vân", "Xuân", "Yến"
    };
}
