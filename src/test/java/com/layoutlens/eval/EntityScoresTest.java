package com.layoutlens.eval;

import com.layoutlens.data.LabelSet;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

class EntityScoresTest {

    private static LabelScore total(List<Map<String, LabelScore>> s, int mode) {
        return s.get(mode).get("TOTAL");
    }

    @Test
    void goldIsReadInThePredictionsScheme() throws IOException {
        LabelSet bio = LabelSet.resolve("sroie-bio");
        // IO gold: one TOTAL run of two words, then one DATE word
        List<String> gold = List.of("TOTAL", "TOTAL", "O", "DATE");
        // BIO predictions: the run split in two, the DATE entity started with I- (malformed)
        List<String> pred = List.of("B-TOTAL", "B-TOTAL", "O", "I-DATE");
        List<Map<String, LabelScore>> s = EntityScores.of(List.of(gold), List.of(pred), bio);
        assertEquals(LabelScore.of(0, 2, 1), total(s, 0), "gold B-TOTAL I-TOTAL vs two one-word entities");
        assertEquals(LabelScore.of(1, 0, 0), s.get(0).get("DATE"), "default mode: I-DATE after O is an entity");
        assertEquals(LabelScore.of(0, 0, 1), s.get(1).get("DATE"), "strict mode: it is none");
        assertEquals(LabelScore.of(0, 0, 0), s.get(0).get("COMPANY"), "every type of the schema is listed");

        // the same predictions written in IO: both sides IO, one run each
        List<Map<String, LabelScore>> io = EntityScores.of(List.of(List.of("B-TOTAL", "I-TOTAL", "O", "B-DATE")),
                List.of(List.of("TOTAL", "TOTAL", "O", "DATE")), bio);
        assertEquals(LabelScore.of(1, 0, 0), total(io, 0));
        assertEquals(io.get(0), io.get(1), "IO: strict is the default mode");
    }

    @Test
    void eachReceiptIsOneSequence() throws IOException {
        LabelSet bio = LabelSet.resolve("sroie-bio");
        // an entity at the end of one receipt does not run into the next
        List<Map<String, LabelScore>> s = EntityScores.of(
                List.of(List.of("O", "B-TOTAL"), List.of("I-TOTAL", "O")),
                List.of(List.of("O", "B-TOTAL"), List.of("I-TOTAL", "O")), bio);
        assertEquals(LabelScore.of(2, 0, 0), total(s, 0));
        assertEquals(LabelScore.of(1, 0, 0), total(s, 1), "strict: the second, I- first, is no entity on either side");
    }
}
