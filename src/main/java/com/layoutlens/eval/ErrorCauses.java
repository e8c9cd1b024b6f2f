package com.layoutlens.eval;

import com.layoutlens.data.Chunks;

import com.layoutlens.data.GoldAligner;
import com.layoutlens.data.LabelRow;
import com.layoutlens.data.LabelSet;
import com.layoutlens.data.Word;

import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The cause of every wrong word of an evaluation, decided in the order of {@link ErrorCause}.
 *
 * <p>A wrong word misses its gold label (when that is an entity label) and wrongly has its
 * predicted label (likewise); a confusion does both. A cause applies when it holds for either
 * of those labels:
 * <ul>
 *   <li>ocr: the receipt has a key value for the label's field (key files given) and that
 *       value, upper-cased without whitespace, occurs in the receipt's words joined the same
 *       way neither as is nor with commas removed on both sides (the gold aligner's two exact
 *       passes);</li>
 *   <li>alignment: the gold labels have an entity of the label somewhere; for the predicted
 *       label, the predicted entity holding the word overlaps no gold entity of that label
 *       and its text is the label's value; for the gold label, the model has such an entity
 *       elsewhere. "The value" is the key value when there is one, or the text of any gold
 *       entity of the label (compared upper-cased, without whitespace or commas);</li>
 *   <li>boundary: the predicted entity holding the word overlaps a gold entity of its label,
 *       or the gold entity holding it overlaps a predicted entity of its label;</li>
 *   <li>type, missed, spurious: by the two labels alone.</li>
 * </ul>
 * Entities are {@link Span}s, read from the tags as seqeval's default mode reads them; a word is
 * right or wrong by its entity type (B-TOTAL and I-TOTAL agree), as in the word-level figures.
 */
public final class ErrorCauses {

    private final LabelSet labels;
    private final Map<String, ErrorCause[]> byReceipt;
    private final Map<String, Map<Long, ErrorCause>> byWord = new HashMap<>();
    private final Map<String, Map<ErrorCause, Long>> counts = new LinkedHashMap<>();

    private ErrorCauses(LabelSet labels, Map<String, ErrorCause[]> byReceipt, List<ReceiptPair> pairs) {
        this.labels = labels;
        this.byReceipt = byReceipt;
        for (String l : labels.entityLabels()) {
            Map<ErrorCause, Long> c = new EnumMap<>(ErrorCause.class);
            for (ErrorCause k : ErrorCause.values()) {
                c.put(k, 0L);
            }
            counts.put(l, c);
        }
        for (ReceiptPair p : pairs) {
            ErrorCause[] c = byReceipt.get(p.id());
            Map<Long, ErrorCause> m = new HashMap<>();
            for (int i = 0; i < c.length; i++) {
                if (c[i] != null) {
                    m.put(p.gold().get(i).key(), c[i]);
                    for (String l : List.of(Chunks.typeOf(p.gold().get(i).label()),
                            Chunks.typeOf(p.predicted().get(i).label()))) {
                        if (counts.containsKey(l)) {
                            counts.get(l).merge(c[i], 1L, Long::sum);
                        }
                    }
                }
            }
            byWord.put(p.id(), m);
        }
    }

    /** The causes of every wrong word of the evaluation's receipts (after its rules). */
    public static ErrorCauses of(Evaluation e) {
        Map<String, ErrorCause[]> m = new LinkedHashMap<>();
        for (ReceiptPair p : e.pairs()) {
            m.put(p.id(), classify(p, e.labelSet()));
        }
        return new ErrorCauses(e.labelSet(), m, e.pairs());
    }

    /** The cause of the word, or null when it is right or not in the evaluation. */
    public ErrorCause cause(String receipt, int segment, int word) {
        Map<Long, ErrorCause> m = byWord.get(receipt);
        return m == null ? null : m.get(Word.key(segment, word));
    }

    /** One cause per row of the receipt (null where the prediction is right), or null for an unknown receipt. */
    public ErrorCause[] causes(String receipt) {
        ErrorCause[] c = byReceipt.get(receipt);
        return c == null ? null : c.clone();
    }

    /**
     * Per entity label, the number of its errors of each cause (every cause listed, zeros
     * included). A word counts for its gold label and for its predicted label, so a label's
     * causes add up to its word-level false positives plus false negatives.
     */
    public Map<String, Map<ErrorCause, Long>> counts() {
        Map<String, Map<ErrorCause, Long>> out = new LinkedHashMap<>();
        counts.forEach((l, c) -> out.put(l, new EnumMap<>(c)));
        return out;
    }

    /** The cause of each row of one receipt; null where the predicted label is the gold one. */
    public static ErrorCause[] classify(ReceiptPair p, LabelSet labels) {
        return new Receipt(p, labels).classify();
    }

    /** The figures of one receipt that the rules need. */
    private static final class Receipt {
        private final ReceiptPair p;
        private final String outside;
        private final LabelSet labels;
        private final List<Span> gold;
        private final List<Span> pred;
        private final int[] goldSpanOf;
        private final int[] predSpanOf;
        private final String text;
        private final String textNoCommas;

        Receipt(ReceiptPair p, LabelSet labels) {
            this.p = p;
            this.labels = labels;
            this.outside = labels.outside();
            this.gold = Span.of(p.gold(), outside);
            this.pred = Span.of(p.predicted(), outside);
            this.goldSpanOf = index(gold, p.size());
            this.predSpanOf = index(pred, p.size());
            StringBuilder sb = new StringBuilder();
            for (LabelRow r : p.gold()) {
                sb.append(GoldAligner.normalize(r.text()));
            }
            this.text = sb.toString();
            this.textNoCommas = noCommas(text);
        }

        private static int[] index(List<Span> spans, int n) {
            int[] of = new int[n];
            java.util.Arrays.fill(of, -1);
            for (int s = 0; s < spans.size(); s++) {
                for (int i = spans.get(s).start(); i < spans.get(s).end(); i++) {
                    of[i] = s;
                }
            }
            return of;
        }

        ErrorCause[] classify() {
            ErrorCause[] out = new ErrorCause[p.size()];
            for (int i = 0; i < out.length; i++) {
                // word level on entity types, as the word-level figures are: B-TOTAL and I-TOTAL agree
                String g = Chunks.typeOf(p.gold().get(i).label());
                String q = Chunks.typeOf(p.predicted().get(i).label());
                if (!g.equals(q)) {
                    out[i] = cause(i, g, q);
                }
            }
            return out;
        }

        private ErrorCause cause(int i, String g, String q) {
            boolean missesGold = !g.equals(outside);
            boolean hasPred = !q.equals(outside);
            if ((missesGold && notInOcr(g)) || (hasPred && notInOcr(q))) {
                return ErrorCause.OCR;
            }
            if ((hasPred && predAtOtherOccurrence(i, q)) || (missesGold && goldValueElsewhere(i, g))) {
                return ErrorCause.ALIGNMENT;
            }
            if ((hasPred && overlaps(pred.get(predSpanOf[i]), gold))
                    || (missesGold && overlaps(gold.get(goldSpanOf[i]), pred))) {
                return ErrorCause.BOUNDARY;
            }
            if (missesGold && hasPred) {
                return ErrorCause.TYPE;
            }
            return missesGold ? ErrorCause.MISSED : ErrorCause.SPURIOUS;
        }

        /** The label's key value, normalised, or null when the receipt has none. */
        private String keyValue(String label) {
            String field = labels.fieldOf(label);
            if (p.keys() == null || field == null) {
                return null;
            }
            String v = p.keys().get(field);
            if (v == null) {
                return null;
            }
            String n = GoldAligner.normalize(v);
            return n.isEmpty() ? null : n;
        }

        private boolean notInOcr(String label) {
            String v = keyValue(label);
            return v != null && !text.contains(v) && (noCommas(v).isEmpty() || !textNoCommas.contains(noCommas(v)));
        }

        /** The label's values to compare entities with: its key value and the text of its gold entities. */
        private Set<String> values(String label) {
            Set<String> out = new HashSet<>();
            String v = keyValue(label);
            if (v != null) {
                out.add(noCommas(v));
            }
            for (Span s : gold) {
                if (s.label().equals(label)) {
                    out.add(spanValue(s, p.gold()));
                }
            }
            return out;
        }

        private static String spanValue(Span s, List<LabelRow> rows) {
            return noCommas(GoldAligner.normalize(s.text(rows)));
        }

        private boolean hasGold(String label) {
            return gold.stream().anyMatch(s -> s.label().equals(label));
        }

        /** The predicted entity holding word i is the label's value at a place the gold labels did not pick. */
        private boolean predAtOtherOccurrence(int i, String label) {
            Span s = pred.get(predSpanOf[i]);
            return hasGold(label) && !overlaps(s, gold) && values(label).contains(spanValue(s, p.predicted()));
        }

        /** The model labelled the value of the gold entity holding word i somewhere the gold labels did not. */
        private boolean goldValueElsewhere(int i, String label) {
            Set<String> values = values(label);
            for (Span s : pred) {
                if (s.label().equals(label) && !overlaps(s, gold) && values.contains(spanValue(s, p.predicted()))) {
                    return true;
                }
            }
            return false;
        }

        /** Whether the span shares a word with a span of its own label in the list. */
        private static boolean overlaps(Span s, List<Span> others) {
            for (Span o : others) {
                if (o.label().equals(s.label()) && o.start() < s.end() && s.start() < o.end()) {
                    return true;
                }
            }
            return false;
        }
    }

    static String noCommas(String s) {
        return s.replace(",", "");
    }
}
