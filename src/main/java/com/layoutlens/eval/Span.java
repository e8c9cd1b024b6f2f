package com.layoutlens.eval;

import com.layoutlens.data.Chunks;
import com.layoutlens.data.LabelRow;

import java.util.ArrayList;
import java.util.List;

/**
 * A run of consecutive words with the same label: an entity in the seqeval sense.
 *
 * <p>Entities are read from the words' tags in the receipt's word order (segment, then word) as
 * seqeval's default mode reads them ({@link Chunks#lenient}): with IO tags an entity is a maximal
 * run of words with one type; with BIO or IOBES tags a {@code B-} or {@code S-} starts a new one,
 * and an {@code I-} after {@code O} or after another type starts one too. A run may cross
 * segment ends: a two-line address is one entity.
 *
 * @param label the entity type (the tag without its prefix)
 * @param start index of the first word in the receipt's row list
 * @param end   index after the last word
 */
public record Span(String label, int start, int end) {

    public int length() {
        return end - start;
    }

    /** The spans of a receipt's rows, which must be in word order; the outside label makes none. */
    public static List<Span> of(List<LabelRow> rows, String outside) {
        List<String> tags = new ArrayList<>(rows.size());
        for (LabelRow r : rows) {
            tags.add(seqevalTag(r.label(), outside));
        }
        List<Span> spans = new ArrayList<>();
        for (Chunks.Chunk c : Chunks.lenient(tags)) {
            spans.add(new Span(c.type(), c.start(), c.end()));
        }
        return spans;
    }

    /** A tag in seqeval's form without a schema: a prefix {@code B- I- E- S- L- U-} is kept, a plain type is I-. */
    private static String seqevalTag(String tag, String outside) {
        if (tag.equals(outside)) {
            return "O";
        }
        if (tag.length() > 2 && tag.charAt(1) == '-' && "BIESLU".indexOf(tag.charAt(0)) >= 0) {
            char p = tag.charAt(0);
            return (p == 'U' ? 'S' : p == 'L' ? 'E' : p) + tag.substring(1);
        }
        return "I-" + tag;
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

    /**
     * The mean score of the span's words; a word without a score counts as 1 (gold labels). A
     * predicted word's score is the probability of its tag, so this is the entity's confidence:
     * the mean probability of its tags.
     */
    public double meanScore(List<LabelRow> rows) {
        double sum = 0;
        for (int i = start; i < end; i++) {
            Double s = rows.get(i).score();
            sum += s == null ? 1.0 : s;
        }
        return sum / length();
    }
}
