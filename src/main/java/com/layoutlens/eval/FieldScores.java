package com.layoutlens.eval;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Field-level scores: exact match per (receipt, field) and the SROIE task-3 measure.
 *
 * <p>{@code em}: the predicted value equals the gold value after trimming both ends;
 * {@code em_no_space}: they are equal once every whitespace character is removed. Only
 * (receipt, field) pairs with a gold value count; a field the model did not fill is a
 * miss. "all" pools every pair of every field.
 *
 * <p>SROIE task 3: each non-empty predicted value is one extracted (field, value) pair,
 * each non-empty gold value one expected pair; an extracted pair is correct only when its
 * field has a gold value equal to the whole predicted value (after trimming). Precision =
 * correct / extracted, recall = correct / expected; in the {@link LabelScore} tp is the
 * correct count, fp the extracted pairs that are wrong, fn the gold pairs not found.
 *
 * @param fields      per field name, then "all"
 * @param matches     every compared pair, for showing them
 * @param sroie       the SROIE task-3 precision, recall and F1
 * @param receipts    receipts with gold values
 * @param receiptsEm  receipts whose every gold field is an exact match
 */
public record FieldScores(Map<String, Count> fields, List<Match> matches, LabelScore sroie,
                          long receipts, long receiptsEm) {

    public static final String ALL = "all";

    /** Exact-match counts over {@code n} pairs. */
    public record Count(long n, long em, long emNoSpace) {
        public double emRate() {
            return LabelScore.ratio(em, n);
        }

        public double emNoSpaceRate() {
            return LabelScore.ratio(emNoSpace, n);
        }
    }

    /** One (receipt, field) pair; {@code predicted} is null when no word had the label. */
    public record Match(String receipt, String field, String gold, String predicted, boolean em, boolean emNoSpace) {
    }

    /** One receipt's values: gold (null when unknown, then the receipt is left out) and predicted. */
    public record Values(String receipt, Map<String, String> gold, Map<String, String> predicted) {
    }

    /** Scores the given receipts over the given field names. */
    public static FieldScores compute(List<String> fieldNames, List<Values> receipts) {
        Map<String, long[]> counts = new LinkedHashMap<>();
        for (String f : fieldNames) {
            counts.put(f, new long[3]);
        }
        long[] all = new long[3];
        List<Match> matches = new ArrayList<>();
        long correct = 0, extracted = 0, expected = 0;
        long scored = 0, allEm = 0;
        for (Values v : receipts) {
            if (v.gold() == null) {
                continue;
            }
            scored++;
            boolean every = true;
            for (String f : fieldNames) {
                String g = trimmed(v.gold().get(f));
                String p = trimmed(v.predicted().get(f));
                if (p != null) {
                    extracted++;
                }
                if (g == null) {
                    continue;
                }
                expected++;
                boolean em = g.equals(p);
                boolean emNs = p != null && noSpace(g).equals(noSpace(p));
                if (em) {
                    correct++;
                }
                every &= em;
                long[] c = counts.get(f);
                c[0]++;
                all[0]++;
                if (em) {
                    c[1]++;
                    all[1]++;
                }
                if (emNs) {
                    c[2]++;
                    all[2]++;
                }
                matches.add(new Match(v.receipt(), f, g, p, em, emNs));
            }
            if (every) {
                allEm++;
            }
        }
        Map<String, Count> fields = new LinkedHashMap<>();
        counts.forEach((f, c) -> fields.put(f, new Count(c[0], c[1], c[2])));
        fields.put(ALL, new Count(all[0], all[1], all[2]));
        return new FieldScores(fields, matches, LabelScore.of(correct, extracted - correct, expected - correct),
                scored, allEm);
    }

    /** The trimmed value, or null when it is absent or blank. */
    static String trimmed(String s) {
        if (s == null) {
            return null;
        }
        String t = s.strip();
        return t.isEmpty() ? null : t;
    }

    /** The text without any whitespace character (Unicode spaces included). */
    public static String noSpace(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!Character.isWhitespace(c) && !Character.isSpaceChar(c)) {
                sb.append(c);
            }
        }
        return sb.toString();
    }
}
