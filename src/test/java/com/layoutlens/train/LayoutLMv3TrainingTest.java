package com.layoutlens.train;

import ai.djl.Device;
import com.layoutlens.data.LabelSet;
import com.layoutlens.model.encode.WordTokenizer;
import com.layoutlens.model.layoutlmv3.LayoutLMv3Model;
import com.layoutlens.model.predict.ReceiptPredictor;
import com.layoutlens.model.registry.TokenClassifiers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** LayoutLMv3 in the training engine: a fresh model with its own byte-level BPE vocabulary, resumable, fine-tunable. */
class LayoutLMv3TrainingTest {

    @TempDir
    Path tmp;

    /** The micro preset as LayoutLMv3 (196 patches of a 224-pixel page beside the text): 4 steps of 2 windows. */
    static TrainingConfig.Builder micro(Path out) {
        return TrainingJobTest.micro(out).modelType("layoutlmv3").steps(4).evalEvery(4);
    }

    @Test
    void resumedRunEndsWithTheSameWeightsAsAnUninterruptedOne() throws Exception {
        Path a = tmp.resolve("a");
        Path b = tmp.resolve("b");
        assertEquals(4, new TrainingJob(micro(a).build()).run().steps());

        TrainingJob first = new TrainingJob(micro(b).build());
        first.addListener(e -> {
            if (e.kind() == TrainingEvent.Kind.STEP && e.step() == 2) {
                first.cancel();
            }
        });
        assertTrue(first.run().cancelled());
        List<TrainingEvent> events = new ArrayList<>();
        TrainingJob second = new TrainingJob(micro(b).resume(true).build());
        second.addListener(events::add);
        assertEquals(4, second.run().steps());
        assertEquals(2, events.get(0).step());

        TrainingJobTest.assertSameTensors(a.resolve("checkpoint/model.safetensors"),
                b.resolve("checkpoint/model.safetensors"));
        TrainingJobTest.assertSameTensors(a.resolve("checkpoint/optimizer.safetensors"),
                b.resolve("checkpoint/optimizer.safetensors"));
    }

    @Test
    void aFreshModelIsSavedWithItsVocabularyAndPageSettingsThenRunsAndFineTunes() throws Exception {
        TrainingResult r = new TrainingJob(micro(tmp.resolve("out")).steps(2).build()).run();
        Path best = r.bestModel();
        for (String f : List.of("config.json", "model.safetensors", "vocab.json", "merges.txt", "tokenizer.json",
                "tokenizer_config.json", "special_tokens_map.json", "preprocessor_config.json")) {
            assertTrue(Files.isRegularFile(best.resolve(f)), f);
        }
        assertTrue(TokenClassifiers.check(best).isEmpty(), String.valueOf(TokenClassifiers.check(best)));
        try (WordTokenizer t = WordTokenizer.load(best)) {
            assertEquals(0L, t.clsId());
            assertEquals(2L, t.sepId());
        }
        try (LayoutLMv3Model m = LayoutLMv3Model.load(best, Device.cpu())) {
            assertEquals(1, m.padTokenId());
            assertTrue(m.report().unexpected().isEmpty(), m.report().summary());
        }
        try (ReceiptPredictor p = ReceiptPredictor.open(best, Device.cpu(), LabelSet.sroie(),
                ReceiptPredictor.Settings.defaults())) {
            assertTrue(p.model().needsImage());
        }
        TrainingResult ft = new TrainingJob(TrainingConfig.builder(TrainingJobTest.SAMPLES, tmp.resolve("ft"))
                .from(best).steps(1).batchSize(2).maxLength(64).device("cpu").build()).run();
        assertEquals(1, ft.steps());
        String state = Files.readString(ft.checkpoint().resolve("trainer_state.json"));
        assertTrue(state.contains("\"model_type\" : \"layoutlmv3\""), state);
    }

    @Test
    void segmentLevelBoxesAreRememberedByTheFolderAndKeptWhenFineTuning() throws Exception {
        TrainingResult r = new TrainingJob(micro(tmp.resolve("seg")).steps(1)
                .boxLevel(com.layoutlens.model.encode.BoxLevel.SEGMENT).build()).run();
        assertEquals(com.layoutlens.model.encode.BoxLevel.SEGMENT,
                com.layoutlens.model.encode.BoxLevel.ofFolder(r.bestModel()));
        TrainingResult ft = new TrainingJob(TrainingConfig.builder(TrainingJobTest.SAMPLES, tmp.resolve("seg-ft"))
                .from(r.bestModel()).steps(1).batchSize(2).maxLength(64).device("cpu").build()).run();
        assertEquals(com.layoutlens.model.encode.BoxLevel.SEGMENT,
                com.layoutlens.model.encode.BoxLevel.ofFolder(ft.checkpoint()));
        try (ReceiptPredictor p = ReceiptPredictor.open(ft.bestModel(), Device.cpu(), LabelSet.sroie(),
                ReceiptPredictor.Settings.defaults())) {
            assertEquals(com.layoutlens.model.encode.BoxLevel.SEGMENT, p.boxLevel());
        }
    }
}
