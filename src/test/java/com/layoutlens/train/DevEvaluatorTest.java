package com.layoutlens.train;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.training.ParameterStore;
import com.layoutlens.data.LabelSet;
import com.layoutlens.model.encode.ReceiptEncoder;
import com.layoutlens.model.encode.WordTokenizer;
import com.layoutlens.model.nn.WeightSlot;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DevEvaluatorTest {

    @TempDir
    Path dir;

    @Test
    void nanOutputsNameTheModelAndTheReceiptInsteadOfFailingOnTheScore() throws Exception {
        com.layoutlens.model.Devices.pytorch();
        ai.djl.pytorch.jni.JniUtils.setGradMode(false);
        LabelSet ls = LabelSet.sroie();
        List<TrainingData.Item> items = TrainingData.load(Path.of("sample-receipts"), ls, new ArrayList<>()).subList(0, 2);
        List<String> words = new ArrayList<>();
        for (var it : items) {
            for (var w : it.words()) {
                words.add(w.text());
            }
        }
        Vocabulary v = Vocabulary.build(words, 2000, 1);
        v.write(dir, 512);
        Engine.getEngine("PyTorch").setRandomSeed(1);
        try (TrainableModel model = TrainableModels.family("layoutlm")
                .create(new Preset("t", 32, 1, 2, 64, 2000, 1e-3), v.size(), ls.labels(), Device.cpu());
             WordTokenizer tok = WordTokenizer.load(dir)) {
            for (WeightSlot s : model.weights()) {
                if (s.name().startsWith("classifier.")) {
                    NDArray a = s.parameter().getArray();
                    a.muli(Float.NaN);
                }
            }
            int[] classToLabel = new int[ls.labels().size()];
            for (int i = 0; i < classToLabel.length; i++) {
                classToLabel[i] = i;
            }
            DevEvaluator dev = new DevEvaluator(items, new ReceiptEncoder(tok, 128, 31), ls, classToLabel, 4);
            TrainingException e = assertThrows(TrainingException.class,
                    () -> dev.evaluate(model, new ParameterStore(model.manager(), false), "the fresh t model, after 3 steps,"));
            assertTrue(e.getMessage().contains("the fresh t model, after 3 steps, gave outputs that are not finite")
                    && (e.getMessage().contains("dev receipt " + items.get(0).receipt().id())
                    || e.getMessage().contains("dev receipt " + items.get(1).receipt().id())), e.getMessage());
        }
    }
}
