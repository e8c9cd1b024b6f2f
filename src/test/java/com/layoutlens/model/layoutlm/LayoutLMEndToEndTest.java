package com.layoutlens.model.layoutlm;

import com.layoutlens.model.predict.ReceiptPredictor;
import ai.djl.Device;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.layoutlens.data.Box;
import com.layoutlens.data.LabelRow;
import com.layoutlens.data.LabelSet;
import com.layoutlens.data.Receipt;
import com.layoutlens.data.Segment;
import com.layoutlens.model.LabelNames;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Words to labels against transformers: tokenizer, sub-token boxes, model and the
 * first-sub-token read-out together, on a receipt that fits one window.
 */
class LayoutLMEndToEndTest {

    @ParameterizedTest
    @ValueSource(strings = {"tiny-a", "tiny-b", "tiny-c"})
    void wordLabelsAndScoresMatchTransformers(String name) throws IOException {
        JsonNode expected = new ObjectMapper().readTree(Fixtures.folder(name).resolve("receipt.json").toFile());
        List<Segment> segments = new ArrayList<>();
        for (JsonNode s : expected.get("segments")) {
            JsonNode b = s.get("box");
            segments.add(Segment.of(segments.size(), new Box(b.get(0).asInt(), b.get(1).asInt(), b.get(2).asInt(),
                    b.get(3).asInt()), s.get("text").asText()));
        }
        Receipt receipt = new Receipt("r", null, expected.get("width").asInt(), expected.get("height").asInt(),
                segments, null, null);
        try (ReceiptPredictor p = ReceiptPredictor.open(Fixtures.folder(name), Device.cpu(), LabelSet.sroie(),
                ReceiptPredictor.Settings.defaults())) {
            List<LabelRow> rows = p.predict(receipt).rows();
            assertEquals(expected.get("labels").size(), rows.size());
            double maxDiff = 0;
            for (int i = 0; i < rows.size(); i++) {
                assertEquals(LabelNames.collapse(expected.get("labels").get(i).asText()), rows.get(i).label(),
                        "word " + i + " '" + rows.get(i).text() + "'");
                maxDiff = Math.max(maxDiff, Math.abs(expected.get("scores").get(i).asDouble() - rows.get(i).score()));
            }
            System.out.printf("%s end-to-end: %d words, labels equal, max |score diff| %.3g%n", name, rows.size(),
                    maxDiff);
            assertEquals(0, maxDiff, 1e-5);
        }
    }
}
