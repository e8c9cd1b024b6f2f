package com.layoutlens.data;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The words that announce a receipt's amount due (by default TOTAL, AMOUNT, RM, $) and how a
 * word is found to hold one: the {@code total-keyword} rule, the {@code stats} hypothesis that
 * measures it, and the {@code --total-segments} encoding read them from here.
 *
 * <p>A word "holds" a keyword when one of its tokens equals it, case-insensitively; tokens are
 * runs of letters, runs of digits, and single other characters (whitespace separates), so
 * {@code Total(RM):} holds TOTAL and RM, {@code AMOUNT:} holds AMOUNT and {@code RM9.00} holds RM.
 */
public final class TotalKeywords {

    /** The keywords of the {@code total-keyword} rule when it is given none. */
    public static final List<String> DEFAULT = List.of("TOTAL", "AMOUNT", "RM", "$");

    private static final TotalKeywords DEFAULTS = new TotalKeywords(DEFAULT);

    private final String[] keywords;
    /** Stops at the first keyword token; kept as a field since it runs for every word of every receipt. */
    private final TokenVisitor keywordToken = this::isKeyword;

    /**
     * @param keywords upper-cased and without repeats here; none may be empty
     * @throws IllegalArgumentException for an empty list or an empty keyword
     */
    public TotalKeywords(List<String> keywords) {
        this.keywords = normalised(keywords).toArray(new String[0]);
    }

    /** The default keywords ({@link #DEFAULT}). */
    public static TotalKeywords defaults() {
        return DEFAULTS;
    }

    /** Upper-cased, without repeats, in the given order; refuses an empty list or an empty keyword. */
    public static List<String> normalised(List<String> keywords) {
        if (keywords.isEmpty()) {
            throw new IllegalArgumentException("at least one keyword is needed");
        }
        Set<String> out = new LinkedHashSet<>();
        for (String k : keywords) {
            String t = k.strip().toUpperCase(Locale.ROOT);
            if (t.isEmpty()) {
                throw new IllegalArgumentException("empty keyword");
            }
            out.add(t);
        }
        return List.copyOf(out);
    }

    public List<String> keywords() {
        return List.of(keywords);
    }

    /** Whether one of the word's tokens is a keyword. */
    public boolean holds(String text) {
        return scan(text, text.length(), keywordToken);
    }

    /** Whether a keyword token comes before the word's first digit, and a digit follows ({@code RM9.00}). */
    public boolean startsWith(String text) {
        int digit = -1;
        for (int i = 0; i < text.length(); i++) {
            if (Character.isDigit(text.charAt(i))) {
                digit = i;
                break;
            }
        }
        return digit > 0 && scan(text, digit, keywordToken);
    }

    /**
     * The receipt split at its first total keyword: per word 0 before the first word that
     * {@link #holds holds} a keyword and 1 from that word on, all 0 when no word holds one.
     * "First" and "before" are in visual reading order, as the {@code total-keyword} rule reads
     * a receipt: the {@link VisualLines} of the words' boxes top to bottom, each line left to
     * right; a word on the keyword's line left of it is before it, a word on a lower line after.
     *
     * @param words a receipt's words (any order; the result is in the same order)
     */
    public int[] segments(List<Word> words) {
        int[] out = new int[words.size()];
        if (words.isEmpty()) {
            return out;
        }
        VisualLines lines = VisualLines.ofWords(words);
        int keywordLine = -1;
        int keywordPosition = -1;
        for (int l = 0; l < lines.count() && keywordLine < 0; l++) {
            int[] line = lines.line(l);
            for (int p = 0; p < line.length; p++) {
                if (holds(words.get(line[p]).text())) {
                    keywordLine = l;
                    keywordPosition = p;
                    break;
                }
            }
        }
        if (keywordLine < 0) {
            return out;
        }
        for (int i = 0; i < out.length; i++) {
            int l = lines.lineOf(i);
            out[i] = l > keywordLine || (l == keywordLine && lines.positionInLine(i) >= keywordPosition) ? 1 : 0;
        }
        return out;
    }

    private boolean isKeyword(String text, int start, int end) {
        int len = end - start;
        for (String k : keywords) {
            if (k.length() == len && text.regionMatches(true, start, k, 0, len)) {
                return true;
            }
        }
        return false;
    }

    /** Upper-cased tokens of text[0, end): letter runs, digit runs, single other characters. */
    public static List<String> tokens(String text, int end) {
        List<String> out = new ArrayList<>();
        scan(text, end, (t, s, e) -> !out.add(t.substring(s, e).toUpperCase(Locale.ROOT)));
        return out;
    }

    /** Hears one token, text[start, end); answers whether to stop. */
    @FunctionalInterface
    private interface TokenVisitor {
        boolean token(String text, int start, int end);
    }

    /**
     * Walks the tokens of text[0, end) (runs of letters, runs of digits, single other
     * characters; whitespace separates) in place, without allocating; answers whether the
     * visitor stopped.
     */
    private static boolean scan(String text, int end, TokenVisitor visitor) {
        int i = 0;
        while (i < end) {
            char c = text.charAt(i);
            int j = i + 1;
            if (Character.isLetter(c)) {
                while (j < end && Character.isLetter(text.charAt(j))) {
                    j++;
                }
            } else if (Character.isDigit(c)) {
                while (j < end && Character.isDigit(text.charAt(j))) {
                    j++;
                }
            } else if (Character.isWhitespace(c)) {
                i = j;
                continue;
            }
            if (visitor.token(text, i, j)) {
                return true;
            }
            i = j;
        }
        return false;
    }
}
