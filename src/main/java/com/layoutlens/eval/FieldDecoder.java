package com.layoutlens.eval;

import com.layoutlens.data.LabelRow;
import com.layoutlens.data.LabelSet;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a receipt's field values (company, date, address, total) from its word labels.
 *
 * <p>The decoding, for each label that extracts a field:
 * <ol>
 *   <li>The rows are taken in reading order, which for SROIE box files is the file order
 *       (segment, then word): the OCR lists segments top to bottom, and the gold values of
 *       multi-line fields are the segments' texts in this order.</li>
 *   <li>The words with the label form spans: maximal runs of consecutive words
 *       ({@link Span}).</li>
 *   <li>{@link Mode#JOIN} (COMPANY, ADDRESS, which run over several lines): the value is
 *       every span, in reading order, with all words joined by single spaces, so a
 *       company name on two lines becomes "NAME LINE1 NAME LINE2".</li>
 *   <li>{@link Mode#BEST_FIRST} (DATE) and {@link Mode#BEST_LAST} (TOTAL), which are one
 *       value: the span with the highest mean word score wins (a word without a score,
 *       as in gold files, scores 1); on a tie DATE takes the first span, since the
 *       receipt's date is printed in its header, and TOTAL the last, since the amount due
 *       comes after the subtotals. The span's words are joined by single spaces.</li>
 * </ol>
 * A field with no word labelled is absent from the result (an empty prediction).
 */
public final class FieldDecoder {

    /** How the spans of one label become one value. */
    public enum Mode { JOIN, BEST_FIRST, BEST_LAST }

    private final LabelSet labels;
    private final Map<String, Mode> modes;

    public FieldDecoder(LabelSet labels, Map<String, Mode> modes) {
        this.labels = labels;
        this.modes = Map.copyOf(modes);
    }

    /** The SROIE decoding: COMPANY and ADDRESS joined, DATE and TOTAL by best span. */
    public static FieldDecoder sroie(LabelSet labels) {
        Map<String, Mode> m = new LinkedHashMap<>();
        m.put("COMPANY", Mode.JOIN);
        m.put("ADDRESS", Mode.JOIN);
        m.put("DATE", Mode.BEST_FIRST);
        m.put("TOTAL", Mode.BEST_LAST);
        return new FieldDecoder(labels, m);
    }

    /**
     * The decoder of a schema, the one {@link Evaluator#of} uses: the SROIE way ({@link #sroie})
     * when the schema's types are the SROIE four, else every type joined.
     */
    public static FieldDecoder of(LabelSet schema) {
        return schema.sameTypes(LabelSet.sroie()) ? sroie(schema) : new FieldDecoder(schema, Map.of());
    }

    /** The mode of a label; labels not configured are joined. */
    public Mode mode(String label) {
        return modes.getOrDefault(label, Mode.JOIN);
    }

    /**
     * Field name to value for one receipt.
     *
     * @param rows the receipt's rows in reading order
     */
    public Map<String, String> decode(List<LabelRow> rows) {
        List<Span> spans = Span.of(rows, labels.outside());
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : labels.fields().entrySet()) {
            String value = value(rows, spans, e.getKey());
            if (value != null) {
                out.put(e.getValue(), value);
            }
        }
        return out;
    }

    private String value(List<LabelRow> rows, List<Span> all, String label) {
        Mode mode = mode(label);
        StringBuilder joined = new StringBuilder();
        Span best = null;
        double bestScore = Double.NEGATIVE_INFINITY;
        for (Span s : all) {
            if (!s.label().equals(label)) {
                continue;
            }
            if (mode == Mode.JOIN) {
                if (joined.length() > 0) {
                    joined.append(' ');
                }
                joined.append(s.text(rows));
                continue;
            }
            double score = s.meanScore(rows);
            if (best == null || score > bestScore || (mode == Mode.BEST_LAST && score == bestScore)) {
                best = s;
                bestScore = score;
            }
        }
        if (mode == Mode.JOIN) {
            return joined.length() == 0 ? null : joined.toString();
        }
        return best == null ? null : best.text(rows);
    }
}
