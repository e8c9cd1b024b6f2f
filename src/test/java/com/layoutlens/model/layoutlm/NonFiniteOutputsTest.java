package com.layoutlens.model.layoutlm;

import com.layoutlens.model.predict.ReceiptPredictor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import com.layoutlens.cli.CliRun;
import com.layoutlens.data.LabelSet;
import com.layoutlens.data.Receipt;
import com.layoutlens.model.checkpoint.Checkpoint;
import com.layoutlens.model.checkpoint.Checkpoints;
import com.layoutlens.model.checkpoint.SafetensorsWriter;
import com.layoutlens.model.checkpoint.Tensor;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A model whose outputs are NaN or infinite labels nothing: each receipt says which model
 * folder gave outputs that are not finite and, when its weights hold such values, which
 * tensors; the run goes on and never ends in an internal message about scores.
 */
class NonFiniteOutputsTest {

    private static final String QUERY = "layoutlm.encoder.layer.2.attention.self.query.weight";

    @TempDir
    Path tmp;

    @Test
    void nanInAWeightNamesTheModelTheReceiptAndTheTensor() throws IOException {
        Path model = modelWith(tmp.resolve("nan-model"), QUERY, Float.NaN);
        List<ReceiptPredictor.Result> results = new ArrayList<>();
        try (ReceiptPredictor p = ReceiptPredictor.open(model, Device.cpu(), LabelSet.sroie(),
                ReceiptPredictor.Settings.defaults())) {
            p.predict(List.of(LayoutLMPredictorTest.receipt("a", 3, 1), LayoutLMPredictorTest.receipt("b", 5, 2)),
                    results::add, null);
        }
        assertEquals(2, results.size());
        for (ReceiptPredictor.Result r : results) {
            assertFalse(r.ok());
            assertEquals(List.of(), r.rows());
            assertEquals("the model " + model + " gave outputs that are not finite (NaN or infinite logits) for this "
                    + "receipt; its weights hold NaN or infinite values: " + QUERY + " (1 value)", r.error());
        }
    }

    @Test
    void overflowingLogitsAreNamedEvenWhenEveryWeightIsFinite() throws IOException {
        Path model = modelWith(tmp.resolve("huge-head"), "classifier.weight", 3e38f);
        try (ReceiptPredictor p = ReceiptPredictor.open(model, Device.cpu(), LabelSet.sroie(),
                ReceiptPredictor.Settings.defaults())) {
            Receipt r = LayoutLMPredictorTest.receipt("a", 4, 3);
            ReceiptPredictor.Result res = p.predict(r);
            assertEquals("the model " + model + " gave outputs that are not finite (NaN or infinite logits) for this "
                    + "receipt", res.error());
        }
    }

    @Test
    void predictCommandReportsEachReceiptAndNoScoreMessage() throws IOException {
        Path model = modelWith(tmp.resolve("nan-model"), QUERY, Float.POSITIVE_INFINITY);
        Path data = tmp.resolve("data");
        Files.createDirectories(data.resolve("box"));
        Files.writeString(data.resolve("box/001.csv"), "10,10,200,10,200,30,10,30,SDN BHD\n", StandardCharsets.UTF_8);
        Files.writeString(data.resolve("box/002.csv"), "5,5,100,5,100,20,5,20,Jalan Taman\n", StandardCharsets.UTF_8);
        CliRun r = CliRun.of("predict", "--model", model.toString(), "--data", data.toString(), "--out",
                tmp.resolve("out").toString(), "--device", "cpu");
        assertEquals(1, r.exit(), r.err());
        for (String id : List.of("001", "002")) {
            assertTrue(r.err().contains(id + ".csv") , r.err());
        }
        assertTrue(r.err().contains("the model " + model + " gave outputs that are not finite"), r.err());
        assertTrue(r.err().contains(QUERY + " (1 value)"), r.err());
        assertFalse(r.err().contains("score must be") || r.err().contains("\tat "), r.err());
    }

    /** A copy of the tiny-a model folder with the first value of one tensor replaced. */
    private static Path modelWith(Path to, String tensor, float value) throws IOException {
        Path from = Fixtures.folder("tiny-a");
        Files.createDirectories(to);
        try (Stream<Path> s = Files.list(from)) {
            for (Path p : s.toList()) {
                if (!p.getFileName().toString().equals("model.safetensors")) {
                    Files.copy(p, to.resolve(p.getFileName()));
                }
            }
        }
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        try (Checkpoint src = Checkpoints.open(from.resolve("model.safetensors"))) {
            for (String name : src.names()) {
                Tensor t = Tensor.read(src, name);
                if (name.equals(tensor)) {
                    float[] v = src.readFloats(name);
                    if (tensor.equals("classifier.weight")) {
                        java.util.Arrays.fill(v, value);
                    } else {
                        v[0] = value;
                    }
                    t = Tensor.of(v, t.shape());
                }
                tensors.put(name, t);
            }
        }
        SafetensorsWriter.write(to.resolve("model.safetensors"), tensors, Map.of());
        return to;
    }
}
