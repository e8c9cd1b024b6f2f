package com.layoutlens.eval;

import com.layoutlens.data.LabelRow;

import java.util.ArrayList;
import java.util.List;

/**
 * A run of consecutive words with the same label: an entity in the seqeval sense.
 *
 * <p>Our labels carry no B-/I- prefix, so an entity is a maximal run of words with one
 * non-outside label in the receipt's word order (segment, then word), as seqeval reads
 * IO tags. A run may cross segment ends: a two-line address is one entity.
 *
 * @param label the entity label
 * @param start index of the first word in the receipt's row list
 * @param end   index after the last word
 */
public record Span(String label, int start, int end) {

    public int length() {
        return end - start;
    }

    /** The spans of a receipt's rows, which must be in word order; the outside label makes none. */
    public static List<Span> of(List<LabelRow> rows, String outside) {
        List<Span> spans = new ArrayList<>();
        int i = 0;
        int n = rows.size();
        while (i < n) {
            String l = rows.get(i).label();
            int j = i + 1;
            while (j < n && rows.get(j).label().equals(l)) {
                j++;
            }
            if (!l.equals(outside)) {
                spans.add(new Span(l, i, j));
            }
            i = j;
        }
        return spans;
    }

    /** The spans of one label only. */
    public static List<Span> of(List<LabelRow> rows, String outside, String label) {
        List<Span> out = new ArrayList<>();
        for (Span s : of(rows, outside)) {
            if (s.label.equals(label)) {
                out.add(s);
            }
        }
        return out;
    }

    /** The span's words joined by single spaces. */
    public String text(List<LabelRow> rows) {
        StringBuilder sb = new StringBuilder();
        for (int i = start; i < end; i++) {
            if (i > start) {
                sb.append(' ');
            }
            sb.append(rows.get(i).text());
        }
        return sb.toString();
    }

    /** The mean score of the span's words; a word without a score counts as 1 (gold labels). */
    public double meanScore(List<LabelRow> rows) {
        double sum = 0;
        for (int i = start; i < end; i++) {
            Double s = rows.get(i).score();
            sum += s == null ? 1.0 : s;
        }
        return sum / length();
    }
}
