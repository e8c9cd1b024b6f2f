package com.layoutlens.data;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Keyword tests on OCR words, shared by the statistics and the post-processing rules so
 * that a rule and the figure that justifies it count the same thing.
 *
 * <p>A word is split into runs of letters, runs of digits, and single other characters;
 * an alphanumeric keyword matches when one run equals it (case-insensitive), a symbol
 * keyword such as {@code $} when the word contains it. So {@code TOTAL:},
 * {@code TOTAL(RM)}, {@code RM33.90} contain TOTAL or RM, but {@code SUBTOTAL} and
 * {@code PERMAS} do not.
 */
public final class Keywords {

    /** The report's default total keywords. */
    public static final List<String> TOTAL_DEFAULT = List.of("TOTAL", "AMOUNT", "RM", "$");

    private Keywords() {
    }

    public static boolean matches(String word, List<String> keywords) {
        List<String> runs = runs(word);
        for (String k : keywords) {
            String ku = k.toUpperCase(Locale.ROOT);
            boolean alnum = !ku.isEmpty() && ku.chars().allMatch(Character::isLetterOrDigit);
            if (alnum) {
                if (runs.contains(ku)) {
                    return true;
                }
            } else if (!ku.isEmpty() && word.toUpperCase(Locale.ROOT).contains(ku)) {
                return true;
            }
        }
        return false;
    }

    static List<String> runs(String word) {
        List<String> out = new ArrayList<>();
        String u = word.toUpperCase(Locale.ROOT);
        int i = 0;
        while (i < u.length()) {
            char c = u.charAt(i);
            int j = i + 1;
            if (Character.isLetter(c)) {
                while (j < u.length() && Character.isLetter(u.charAt(j))) {
                    j++;
                }
            } else if (Character.isDigit(c)) {
                while (j < u.length() && Character.isDigit(u.charAt(j))) {
                    j++;
                }
            }
            out.add(u.substring(i, j));
            i = j;
        }
        return out;
    }
}
