package com.layoutlens.service;

import com.layoutlens.data.LabelSet;
import com.layoutlens.eval.Evaluation;
import com.layoutlens.eval.LabelScore;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

class EvaluationExportTest {

    @Test
    void aModelWithoutResultsAddsNoCsvLine() {
        Map<String, Evaluation> byModel = new LinkedHashMap<>();
        byModel.put("A", null);
        assertEquals("model,section,row,column,value\r\n", EvaluationExport.csv(LabelSet.sroie(), byModel));
    }

    @Test
    void aScoreIsExportedWithItsCountsAndRatesInOrder() {
        Map<String, Object> m = EvaluationExport.score(new LabelScore(3, 1, 2, 0.75, 0.6, 2 * 0.75 * 0.6 / 1.35));
        assertEquals(List.of("tp", "fp", "fn", "precision", "recall", "f1"), List.copyOf(m.keySet()));
        assertEquals(3L, m.get("tp"));
        assertEquals(0.75, m.get("precision"));
    }

    @Test
    void aMatrixBecomesRowsOfCounts() {
        assertEquals(List.of(List.of(1L, -2L), List.of(0L, 5L)),
                EvaluationExport.matrixRows(new long[][] {{1, -2}, {0, 5}}));
    }
}
