package com.layoutlens.data.samples;

import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Word lists that give the generated receipts a Malaysian-shop flavour. Names are
 * assembled from parts at random, so no receipt copies a real business; only city,
 * state and postcode ranges are real geography, so that addresses read plausibly.
 */
final class Vocabulary {

    private Vocabulary() {
    }

    private static final List<String> NAME_WORDS = List.of(
            "SINAR", "MAJU", "JAYA", "BESTARI", "CAHAYA", "PERMATA", "MUTIARA", "ANEKA", "MEGAH",
            "GEMILANG", "SETIA", "HARMONI", "SENTOSA", "MURNI", "INDAH", "BAHAGIA", "CEMERLANG",
            "HENG", "SENG", "LEONG", "HUAT", "AIK", "WAH", "KIM", "SOON", "TONG", "FATT", "HIN",
            "LEE", "TAN", "CHUAN", "YEW", "KHEE", "LOONG", "HOCK", "GOLDEN", "UNITED", "STAR",
            "ORIENTAL", "PACIFIC", "EVERGREEN", "SUNRISE", "RED", "LUCKY", "ROYAL", "PRIMA", "NEW",
            "TRIPLE", "DOUBLE", "SUPER", "HAPPY", "FAMILY", "CITY", "GREEN", "OCEAN", "PEARL");

    private static final List<String> TRADES = List.of(
            "TRADING", "ENTERPRISE", "HARDWARE", "STATIONERY", "BOOK STORE", "RESTAURANT", "BAKERY",
            "MINI MARKET", "PHARMACY", "ELECTRICAL", "AUTO PARTS", "FOOD INDUSTRIES", "MARKETING",
            "SUPERMARKET", "KOPITIAM", "CAFE", "FURNITURE", "TEXTILE", "HOME CENTRE", "DISTRIBUTION",
            "GIFT SHOP", "PRINTING", "OPTICAL", "MART");

    private static final List<String> SUFFIXES = List.of(
            "SDN BHD", "SDN BHD", "SDN BHD", "SDN. BHD.", "S/B", "(M) SDN BHD", "PLT", "");

    private static final List<String> BRANCHES = List.of(
            "KLANG", "KEPONG", "CHERAS", "PUCHONG", "SUBANG", "AMPANG", "SETAPAK", "KAJANG",
            "RAWANG", "BANGSAR", "SENTUL", "SERDANG", "IPOH", "BUKIT JALIL");

    private static final List<String> STREET_NAMES = List.of(
            "MERANTI", "MELATI", "KENANGA", "CEMPAKA", "ANGSANA", "TEMBUSU", "SEROJA", "DAHLIA",
            "PUTERI", "USJ", "SS", "PJU", "BK", "KPB", "SR", "IMPIAN", "BUNGA RAYA", "MAWAR",
            "KELAB", "PERDANA", "INDUSTRI", "DAGANG", "NIAGA", "USAHAWAN", "PERUSAHAAN", "TUNKU",
            "SULTAN", "RAJA", "MEWAH", "PELANGI", "DESA", "SETIA", "BAYAN", "RAHMAT");

    private static final List<String> AREA_KINDS = List.of(
            "TAMAN", "TAMAN", "TAMAN", "BANDAR", "KAWASAN PERINDUSTRIAN", "SEKSYEN", "PUSAT PERNIAGAAN",
            "DESA", "MEDAN");

    private static final List<String> AREA_NAMES = List.of(
            "SRI MUDA", "BUKIT INDAH", "SERDANG RAYA", "PUTERI", "UTAMA", "BARU", "MEWAH", "DAMAI",
            "SRI GOMBAK", "MELAWATI", "CONNAUGHT", "DESA JAYA", "PERMAI", "SRI PETALING", "MUTIARA",
            "BALAKONG", "KEPONG BARU", "SETIA ALAM", "BOTANIC", "TUN HUSSEIN ONN", "PANDAN CAHAYA");

    /** City, state (empty when the city stands alone), first postcode and how many follow. */
    private record City(String name, String state, int postcode, int span) {
    }

    private static final List<City> CITIES = List.of(
            new City("SHAH ALAM", "SELANGOR", 40000, 470),
            new City("PETALING JAYA", "SELANGOR", 46000, 1300),
            new City("KLANG", "SELANGOR", 41000, 300),
            new City("PUCHONG", "SELANGOR", 47100, 80),
            new City("SERI KEMBANGAN", "SELANGOR DARUL EHSAN", 43300, 1),
            new City("KAJANG", "SELANGOR", 43000, 1),
            new City("RAWANG", "SELANGOR", 48000, 1),
            new City("SUBANG JAYA", "SELANGOR", 47500, 100),
            new City("KUALA LUMPUR", "", 50000, 8000),
            new City("KUALA LUMPUR", "W.P. KUALA LUMPUR", 52000, 8000),
            new City("JOHOR BAHRU", "JOHOR", 80000, 400),
            new City("IPOH", "PERAK", 30000, 500),
            new City("GEORGE TOWN", "PULAU PINANG", 10000, 500),
            new City("SEREMBAN", "NEGERI SEMBILAN", 70000, 500),
            new City("MELAKA", "MELAKA", 75000, 500),
            new City("KUANTAN", "PAHANG", 25000, 300));

    private static final List<String> ITEMS = List.of(
            "MILO 1KG", "NESCAFE CLASSIC 200G", "MINERAL WATER 1.5L", "A4 PAPER 80GSM", "PEN BLUE 0.5MM",
            "BOPP TAPE 48MM", "CHOPPING BOARD", "AIR SPRAYER 1.5L", "NASI LEMAK", "TEH TARIK", "ROTI CANAI",
            "KOPI O PENG", "MEE GORENG", "CHICKEN RICE", "CHAR KUEY TEOW", "WANTAN MEE", "LIMAU AIS",
            "NASI GORENG KAMPUNG", "BREAD WHITE LOAF", "EGG GRADE A 10S", "COOKING OIL 2KG", "SUGAR 1KG",
            "RICE 5KG", "DETERGENT 3KG", "TOOTHPASTE 150G", "SHAMPOO 400ML", "TISSUE BOX 4S",
            "LED BULB 9W", "EXTENSION CORD 3M", "SCREWDRIVER SET", "PVC PIPE 1/2IN", "PAINT BRUSH 2IN",
            "STAPLER NO.10", "CORRECTION TAPE", "FILE FOLDER A4", "MARKER PEN BLACK", "GLUE STICK 21G",
            "PANADOL 12S", "VITAMIN C 30S", "PLASTER 10S", "FACE MASK 50S", "HAND SANITIZER 500ML",
            "BATTERY AA 4S", "PHONE CABLE USB-C", "CAKE CHOC SLICE", "CROISSANT", "COFFEE LATTE",
            "ICE LEMON TEA", "FRIED RICE", "SATAY AYAM 10PCS", "CURRY PUFF", "SOY SAUCE 640ML");

    private static final List<String> PERSONS = List.of(
            "LIM", "TAN", "WONG", "LEE", "NG", "CHAN", "AHMAD", "SITI", "KUMAR", "RAJ", "ALI", "NOR",
            "AZMAN", "FARAH", "MEI LING", "WEI JIE", "KAR WAI", "PRIYA", "HAFIZ", "AISYAH");

    static String pick(Random r, List<String> list) {
        return list.get(r.nextInt(list.size()));
    }

    /** A company name that fits in {@code maxChars}, e.g. {@code SINAR MAJU HARDWARE SDN BHD}. */
    static String company(Random r, int maxChars) {
        for (int attempt = 0; attempt < 20; attempt++) {
            StringBuilder sb = new StringBuilder();
            int style = r.nextInt(4);
            String first = pick(r, NAME_WORDS);
            String second = pick(r, NAME_WORDS);
            while (second.equals(first)) {
                second = pick(r, NAME_WORDS);
            }
            switch (style) {
                case 0 -> sb.append(first).append(' ').append(second).append(' ').append(pick(r, TRADES));
                case 1 -> sb.append(first).append(' ').append(pick(r, TRADES));
                case 2 -> sb.append(first).append(' ').append(second);
                default -> sb.append(first).append(' ').append(second).append(" (").append(pick(r, BRANCHES))
                        .append(')');
            }
            String suffix = pick(r, SUFFIXES);
            if (!suffix.isEmpty()) {
                sb.append(' ').append(suffix);
            }
            if (sb.length() <= maxChars) {
                return sb.toString();
            }
        }
        return pick(r, NAME_WORDS) + " S/B";
    }

    /** A person's name, for an owner line above the company or a cashier. */
    static String person(Random r) {
        String a = pick(r, PERSONS);
        String b = pick(r, PERSONS);
        while (b.equals(a)) {
            b = pick(r, PERSONS);
        }
        return a + " " + b;
    }

    /**
     * One to three address lines, none longer than {@code maxChars}; the last one holds
     * the postcode, the city and usually the state.
     */
    static List<String> address(Random r, int lines, int maxChars) {
        City city = CITIES.get(r.nextInt(CITIES.size()));
        int postcode = city.postcode() + (city.span() > 1 ? r.nextInt(city.span()) / 5 * 5 : 0);
        String street = street(r);
        String kind = pick(r, AREA_KINDS);
        String area = kind + " " + (kind.equals("SEKSYEN") ? String.valueOf(1 + r.nextInt(20)) : pick(r, AREA_NAMES));
        String place = String.format(Locale.ROOT, "%05d %s", postcode, city.name());
        String last = city.state().isEmpty() ? place : place + ", " + city.state();
        if (last.length() > maxChars) {
            last = place;
        }
        if (r.nextInt(4) == 0) {
            last = last + ".";
        }
        List<String> out;
        if (lines <= 1 && street.length() + 2 + last.length() <= maxChars) {
            out = List.of(street + ", " + last);
        } else if (lines <= 2) {
            String joined = area + ", " + last;
            out = r.nextBoolean() && joined.length() <= maxChars
                    ? List.of(street + ",", joined) : List.of(street + ",", last);
        } else {
            out = List.of(street + ",", area + ",", last);
        }
        return out.stream().map(s -> s.length() <= maxChars ? s : s.substring(0, maxChars).trim()).toList();
    }

    private static String street(Random r) {
        String name = pick(r, STREET_NAMES);
        String road = r.nextInt(3) == 0 ? "JLN" : "JALAN";
        String number = switch (r.nextInt(4)) {
            case 0 -> "";
            case 1 -> " " + (1 + r.nextInt(30));
            default -> " " + (1 + r.nextInt(20)) + "/" + (1 + r.nextInt(12));
        };
        String house = switch (r.nextInt(5)) {
            case 0 -> "NO. " + (1 + r.nextInt(200));
            case 1 -> "NO " + (1 + r.nextInt(99)) + "-G";
            case 2 -> "LOT " + (100 + r.nextInt(9000));
            case 3 -> (1 + r.nextInt(80)) + "-" + (1 + r.nextInt(3));
            default -> "NO." + (1 + r.nextInt(60)) + " & " + (61 + r.nextInt(40));
        };
        return house + ", " + road + " " + name + number;
    }

    static String item(Random r) {
        return pick(r, ITEMS);
    }

    static String cashier(Random r) {
        return pick(r, PERSONS);
    }
}
