package com.layoutlens.model.layoutlm;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import com.layoutlens.model.ModelFolderException;
import com.layoutlens.model.checkpoint.Checkpoint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.UnaryOperator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LayoutLMLoadingTest {

    @TempDir
    Path tmp;

    private Path folderWith(String config, UnaryOperator<String> rename) throws IOException {
        Path src = Fixtures.folder("tiny-a");
        Files.writeString(tmp.resolve("config.json"), config == null ? Files.readString(src.resolve("config.json")) : config);
        TestSafetensors.copy(src.resolve("model.safetensors"), tmp.resolve("model.safetensors"), rename);
        return tmp;
    }

    @Test
    void poolerIsIgnoredAndNothingIsUnexpected() throws IOException {
        try (LayoutLMModel m = LayoutLMModel.load(Fixtures.folder("tiny-a"), Device.cpu())) {
            assertTrue(m.report().unexpected().isEmpty(), m.report().summary());
            assertTrue(m.report().ignored().contains("layoutlm.pooler.dense.weight"), m.report().summary());
            assertTrue(m.report().fresh().isEmpty());
            // 5 layers x 16 tensors + 9 embedding tensors + 2 classifier tensors
            assertEquals(5 * 16 + 9 + 2, m.report().loaded().size());
        }
    }

    @Test
    void wrongShapeNamesTheTensor() throws IOException {
        String config = Files.readString(Fixtures.folder("tiny-a").resolve("config.json"))
                .replace("\"intermediate_size\": 37", "\"intermediate_size\": 38");
        Path folder = folderWith(config, s -> s);
        ModelFolderException e = assertThrows(ModelFolderException.class,
                () -> LayoutLMModel.load(folder, Device.cpu()));
        assertTrue(e.getMessage().contains("layoutlm.encoder.layer.0.intermediate.dense.weight"), e.getMessage());
        assertTrue(e.getMessage().contains("[37, 32]") && e.getMessage().contains("[38, 32]"), e.getMessage());
    }

    @Test
    void missingHeadIsAnErrorUnlessAFreshOneIsAskedFor() throws IOException {
        // a base LayoutLMModel checkpoint: no prefix, no classifier, legacy LayerNorm names
        Path folder = folderWith(null, s -> s.startsWith("classifier.") ? null
                : s.replaceFirst("^layoutlm\\.", "").replace("LayerNorm.weight", "LayerNorm.gamma")
                .replace("LayerNorm.bias", "LayerNorm.beta"));
        ModelFolderException e = assertThrows(ModelFolderException.class,
                () -> LayoutLMModel.load(folder, Device.cpu()));
        assertTrue(e.getMessage().contains("classifier.weight"), e.getMessage());

        List<String> labels = List.of("O", "TOTAL");
        try (LayoutLMModel m = LayoutLMModel.load(folder, Device.cpu(), com.layoutlens.model.LoadOptions.fineTune(labels));
             LayoutLMModel ref = LayoutLMModel.load(Fixtures.folder("tiny-a"), Device.cpu());
             NDManager manager = m.manager().newSubManager();
             Checkpoint in = Fixtures.open("tiny-a", "inputs.safetensors")) {
            assertEquals(List.of("classifier.weight", "classifier.bias"), m.report().fresh());
            assertTrue(m.report().unexpected().isEmpty(), m.report().summary());
            assertEquals(labels, m.config().labels());
            NDArray ids = Fixtures.longs(manager, in, "input_ids");
            NDArray bbox = Fixtures.longs(manager, in, "bbox");
            NDArray mask = Fixtures.longs(manager, in, "attention_mask");
            NDArray types = Fixtures.longs(manager, in, "token_type_ids");
            var out = m.predict(ids, bbox, mask, types, true);
            assertEquals(2, out.logits().getShape().get(2));
            // the encoder was loaded: same last hidden state as the full checkpoint
            var expected = ref.predict(ids, bbox, mask, types, true);
            assertEquals(0f, LayoutLMParityTest.maxDiff(out.hiddenStates().get(5), expected.hiddenStates().get(5)),
                    1e-6f);
        }
    }

    @Test
    void unknownTensorsAreReportedAndTheMaskedLanguageHeadIgnored() throws IOException {
        Path folder = folderWith(null, s -> s.equals("layoutlm.pooler.dense.bias") ? "something.else"
                : s.equals("layoutlm.pooler.dense.weight") ? "cls.predictions.transform.dense.weight" : s);
        try (LayoutLMModel m = LayoutLMModel.load(folder, Device.cpu())) {
            assertEquals(List.of("something.else"), m.report().unexpected());
            assertEquals(List.of("cls.predictions.transform.dense.weight"), m.report().ignored());
        }
    }

    @Test
    void savedModelLoadsBackWithTheSameOutputs() throws IOException {
        Path saved = tmp.resolve("saved");
        try (LayoutLMModel m = LayoutLMModel.load(Fixtures.folder("tiny-b"), Device.cpu())) {
            m.save(saved);
        }
        try (LayoutLMModel m = LayoutLMModel.load(saved, Device.cpu());
             NDManager manager = m.manager().newSubManager();
             Checkpoint in = Fixtures.open("tiny-b", "inputs.safetensors");
             Checkpoint out = Fixtures.open("tiny-b", "outputs.safetensors")) {
            assertEquals(LayoutLMConfig.read(Fixtures.folder("tiny-b")), m.config());
            var logits = m.predict(Fixtures.longs(manager, in, "input_ids"), Fixtures.longs(manager, in, "bbox"),
                    Fixtures.longs(manager, in, "attention_mask"), Fixtures.longs(manager, in, "token_type_ids"),
                    false).logits();
            assertEquals(0f, LayoutLMParityTest.maxDiff(logits, Fixtures.floats(manager, out, "logits")), 1e-6f);
        }
    }

    @Test
    void missingWeightsFileIsNamed() throws IOException {
        Files.copy(Fixtures.folder("tiny-a").resolve("config.json"), tmp.resolve("config.json"));
        ModelFolderException e = assertThrows(ModelFolderException.class,
                () -> LayoutLMModel.load(tmp, Device.cpu()));
        assertTrue(e.getMessage().contains("model.safetensors"), e.getMessage());
    }

    @Test
    void outOfRangeBoxesAreRejectedWithAMessage() throws IOException {
        try (LayoutLMModel m = LayoutLMModel.load(Fixtures.folder("tiny-c"), Device.cpu());
             NDManager manager = m.manager().newSubManager()) {
            NDArray ids = manager.create(new long[][] {{2, 10, 3}});
            NDArray mask = manager.ones(ids.getShape(), ai.djl.ndarray.types.DataType.INT64);
            NDArray bbox = manager.create(new long[] {0, 0, 0, 0, 10, 10, 1001, 20, 0, 0, 0, 0}, new ai.djl.ndarray.types.Shape(1, 3, 4));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> m.predict(ids, bbox, mask, null, false));
            assertTrue(e.getMessage().contains("max_2d_position_embeddings"), e.getMessage());
        }
    }
}
