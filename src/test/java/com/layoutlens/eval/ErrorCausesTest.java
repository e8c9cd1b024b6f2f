package com.layoutlens.eval;

import com.layoutlens.data.LabelRow;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static com.layoutlens.eval.TestReceipts.row;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** Each cause on a small receipt built for it, the order between causes, and the per-label counts. */
class ErrorCausesTest {

    /** Rows from "text:gold" pairs, one segment per line, words left to right. */
    private static List<LabelRow> gold(String... words) {
        List<LabelRow> rows = new ArrayList<>();
        for (int i = 0; i < words.length; i++) {
            String[] tl = words[i].split(":");
            rows.add(row(0, i, 0, i, tl[0], tl[1]));
        }
        return rows;
    }

    /** The gold rows with these predicted labels, in order. */
    private static List<LabelRow> pred(List<LabelRow> gold, String... labels) {
        List<LabelRow> out = new ArrayList<>();
        for (int i = 0; i < gold.size(); i++) {
            out.add(gold.get(i).withLabel(labels[i], 0.8));
        }
        return out;
    }

    private static List<ErrorCause> causes(List<LabelRow> gold, List<LabelRow> pred, Map<String, String> keys) {
        return Arrays.asList(ErrorCauses.classify(new ReceiptPair("r", gold, pred, keys), com.layoutlens.data.LabelSet.sroie()));
    }

    @Test
    void theModelTookTheOtherOccurrenceOfTheTotal() {
        List<LabelRow> g = gold("SUBTOTAL:O", "33.90:O", "TOTAL:O", "33.90:TOTAL", "CASH:O");
        List<LabelRow> p = pred(g, "O", "TOTAL", "O", "O", "O");
        // the false positive and the false negative are both the alignment's doing
        assertEquals(Arrays.asList(null, ErrorCause.ALIGNMENT, null, ErrorCause.ALIGNMENT, null),
                causes(g, p, Map.of("total", "33.90")));
        // without key files the value is the gold entity's text: the same finding
        assertEquals(Arrays.asList(null, ErrorCause.ALIGNMENT, null, ErrorCause.ALIGNMENT, null), causes(g, p, null));
        // a TOTAL on another amount is no alignment question
        List<LabelRow> g2 = gold("SUBTOTAL:O", "30.00:O", "TOTAL:O", "33.90:TOTAL");
        assertEquals(Arrays.asList(null, ErrorCause.SPURIOUS, null, ErrorCause.MISSED),
                causes(g2, pred(g2, "O", "TOTAL", "O", "O"), Map.of("total", "33.90")));
    }

    @Test
    void theValueIsNotInTheOcrText() {
        // the OCR read O for 0; the gold was set by hand, the key value occurs nowhere
        List<LabelRow> g = gold("TOTAL:O", "34.0O:TOTAL");
        List<LabelRow> p = pred(g, "O", "O");
        assertEquals(Arrays.asList(null, ErrorCause.OCR), causes(g, p, Map.of("total", "34.00")));
        // without the key value nobody can tell: the word is just missed
        assertEquals(Arrays.asList(null, ErrorCause.MISSED), causes(g, p, null));
        // a thousands separator the key lacks is no OCR fault: the value is there
        List<LabelRow> g2 = gold("TOTAL:O", "7,838.80:TOTAL");
        assertEquals(Arrays.asList(null, ErrorCause.MISSED), causes(g2, pred(g2, "O", "O"), Map.of("total", "7838.80")));
        // a spurious TOTAL on a receipt whose total the OCR lost is the OCR's doing too
        List<LabelRow> g3 = gold("TOTAL:O", "34.0O:O");
        assertEquals(Arrays.asList(null, ErrorCause.OCR), causes(g3, pred(g3, "O", "TOTAL"), Map.of("total", "34.00")));
    }

    @Test
    void entitiesThatStartOrEndElsewhere() {
        List<LabelRow> g = gold("1:ADDRESS", "MAIN:ADDRESS", "ST:ADDRESS", "TEL:O");
        assertEquals(Arrays.asList(null, null, null, ErrorCause.BOUNDARY),
                causes(g, pred(g, "ADDRESS", "ADDRESS", "ADDRESS", "ADDRESS"), null));
        assertEquals(Arrays.asList(null, null, ErrorCause.BOUNDARY, null),
                causes(g, pred(g, "ADDRESS", "ADDRESS", "O", "O"), null));
        // a one-word gap splits the entity; the gap word is a boundary error
        assertEquals(Arrays.asList(null, ErrorCause.BOUNDARY, null, null),
                causes(g, pred(g, "ADDRESS", "O", "ADDRESS", "O"), null));
    }

    @Test
    void anotherTypeMissedAndSpurious() {
        List<LabelRow> g = gold("ACME:COMPANY", "01/02/2019:DATE", "HELLO:O", "1:ADDRESS", "ROAD:ADDRESS");
        List<LabelRow> p = pred(g, "ADDRESS", "O", "DATE", "ADDRESS", "ADDRESS");
        assertEquals(Arrays.asList(ErrorCause.TYPE, ErrorCause.MISSED, ErrorCause.SPURIOUS, null, null),
                causes(g, p, Map.of("company", "ACME", "date", "01/02/2019", "address", "1 ROAD")));
    }

    @Test
    void causesAreDecidedInTheirOrder() {
        // OCR turned D into O: the missed last word is both an OCR and a boundary error; ocr comes first
        List<LabelRow> g = gold("ACME:COMPANY", "SDN:COMPANY", "BHO:COMPANY", "TEL:O");
        List<LabelRow> p = pred(g, "COMPANY", "COMPANY", "O", "O");
        assertEquals(Arrays.asList(null, null, ErrorCause.OCR, null), causes(g, p, Map.of("company", "ACME SDN BHD")));
        assertEquals(Arrays.asList(null, null, ErrorCause.BOUNDARY, null), causes(g, p, null));
        // a confusion that overlaps a gold entity of the predicted label is a boundary error, not a type one
        List<LabelRow> g2 = gold("ACME:COMPANY", "1:ADDRESS", "ROAD:ADDRESS");
        assertEquals(Arrays.asList(ErrorCause.BOUNDARY, null, null),
                causes(g2, pred(g2, "ADDRESS", "ADDRESS", "ADDRESS"), null));
    }

    @Test
    void countsPerLabelAddUpToFalsePositivesAndNegatives() {
        List<LabelRow> g = gold("ACME:COMPANY", "01/02/2019:DATE", "HELLO:O", "1:ADDRESS", "ROAD:ADDRESS",
                "TOTAL:O", "9.00:TOTAL", "CASH:O", "9.00:O");
        List<LabelRow> p = pred(g, "ADDRESS", "O", "DATE", "ADDRESS", "O", "O", "O", "O", "TOTAL");
        Evaluation e = Evaluator.sroie(List.of()).evaluate(
                List.of(new ReceiptPair("r", g, p, Map.of("total", "9.00"))), false, List.of());
        ErrorCauses c = ErrorCauses.of(e);
        Map<String, Map<ErrorCause, Long>> counts = c.counts();
        assertEquals(List.of("COMPANY", "DATE", "ADDRESS", "TOTAL"), List.copyOf(counts.keySet()));
        for (String label : counts.keySet()) {
            long sum = counts.get(label).values().stream().mapToLong(Long::longValue).sum();
            assertEquals(e.labels().get(label).fp() + e.labels().get(label).fn(), sum, label);
        }
        assertEquals(1L, counts.get("COMPANY").get(ErrorCause.TYPE));
        assertEquals(1L, counts.get("ADDRESS").get(ErrorCause.TYPE));
        assertEquals(1L, counts.get("ADDRESS").get(ErrorCause.BOUNDARY));
        assertEquals(1L, counts.get("DATE").get(ErrorCause.MISSED));
        assertEquals(1L, counts.get("DATE").get(ErrorCause.SPURIOUS));
        assertEquals(2L, counts.get("TOTAL").get(ErrorCause.ALIGNMENT));
        assertEquals(ErrorCause.ALIGNMENT, c.cause("r", 0, 8));
        assertNull(c.cause("r", 0, 7));
        assertNull(c.cause("other", 0, 0));
    }

    /** BIO tags: a word is wrong by its type, entities are read from the tags, and the counts go to the types. */
    @Test
    void bioTagsGetTheCausesTheirTypesGet() {
        com.layoutlens.data.LabelSet bio = com.layoutlens.data.LabelSet.builtIn("sroie-bio");
        List<LabelRow> g = gold("SUBTOTAL:O", "33.90:O", "TOTAL:O", "33.90:B-TOTAL", "1:B-ADDRESS", "MAIN:I-ADDRESS",
                "ST:I-ADDRESS", "TEL:O");
        // the total at the other occurrence; the address one word too long; B- for I- inside it is no word error
        List<LabelRow> p = pred(g, "O", "B-TOTAL", "O", "O", "B-ADDRESS", "B-ADDRESS", "I-ADDRESS", "I-ADDRESS");
        ErrorCause[] c = ErrorCauses.classify(new ReceiptPair("r", g, p, Map.of("total", "33.90")), bio);
        assertEquals(Arrays.asList(null, ErrorCause.ALIGNMENT, null, ErrorCause.ALIGNMENT, null, null, null,
                ErrorCause.BOUNDARY), Arrays.asList(c));
        Evaluation e = Evaluator.of(bio, List.of()).evaluate(List.of(new ReceiptPair("r", g, p, Map.of("total", "33.90"))),
                false, List.of());
        Map<String, Map<ErrorCause, Long>> n = ErrorCauses.of(e).counts();
        assertEquals(List.of("COMPANY", "DATE", "ADDRESS", "TOTAL"), List.copyOf(n.keySet()));
        assertEquals(2L, n.get("TOTAL").get(ErrorCause.ALIGNMENT));
        assertEquals(1L, n.get("ADDRESS").get(ErrorCause.BOUNDARY));
    }
}
