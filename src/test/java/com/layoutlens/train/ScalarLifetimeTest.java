package com.layoutlens.train;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import com.layoutlens.data.LabelSet;
import com.layoutlens.data.Receipt;
import com.layoutlens.model.TorchRandom;
import com.layoutlens.model.encode.ReceiptEncoder;
import com.layoutlens.model.encode.WordTokenizer;
import com.layoutlens.model.nn.Scalars;
import com.layoutlens.model.nn.WeightSlot;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A garbage collection between the forward and the backward pass changes no gradient: every
 * number an operation keeps for the backward pass lives in the engine's memory
 * ({@link Scalars}), not in a Java buffer that the collector may free meanwhile.
 */
class ScalarLifetimeTest {

    @TempDir
    Path tmp;

    /** The collector runs, then other small buffers take freed memory, then the backward pass. */
    private static void collectAndReuse(NDManager m) throws InterruptedException {
        System.gc();
        Thread.sleep(30); // the cleaner frees the collected buffers on its own thread
        for (int i = 0; i < 2000; i++) {
            m.create(1e6f); // DJL's own scalars: direct buffers, likely to land where freed ones were
        }
    }

    @Test
    void aNumberKeptForTheBackwardPassOutlivesACollection() throws Exception {
        Engine engine = Engine.getEngine("PyTorch");
        try (NDManager m = NDManager.newBaseManager(Device.cpu(), "PyTorch")) {
            NDArray x = m.create(new float[] {1f, 2f, 3f});
            x.setRequiresGradient(true);
            for (int attempt = 0; attempt < 5; attempt++) {
                try (NDManager step = m.newSubManager(); GradientCollector gc = engine.newGradientCollector()) {
                    NDArray y = Scalars.div(Scalars.mul(x, 0.125f), 2f).add(Scalars.pow(x, 3)).sum();
                    collectAndReuse(step);
                    gc.backward(y);
                    // d/dx (x * 0.125 / 2 + x^3) = 0.0625 + 3 x^2
                    assertArrayEquals(new float[] {3.0625f, 12.0625f, 27.0625f}, x.getGradient().toFloatArray(),
                            "attempt " + attempt);
                    x.getGradient().subi(x.getGradient());
                }
            }
        }
    }

    /** One training step's gradients of each family, with and without a collection before its backward pass. */
    @ParameterizedTest
    @ValueSource(strings = {"layoutlm", "layoutlmv2", "layoutlmv3"})
    void aCollectionBetweenForwardAndBackwardChangesNoGradient(String family) throws Exception {
        LabelSet labels = LabelSet.sroie();
        List<TrainingData.Item> items = TrainingData.load(Path.of("sample-receipts"), labels, new ArrayList<>())
                .subList(0, 4);
        Path tokenizer = tmp.resolve("tokenizer");
        List<String> words = new ArrayList<>();
        for (TrainingData.Item it : items) {
            for (var w : it.words()) {
                words.add(w.text());
            }
        }
        int vocab = TrainableModels.writeFreshVocabulary(family, words, 2000, tokenizer);
        com.layoutlens.model.Devices.pytorch();
        com.layoutlens.model.Devices.pinThreadCount(); // MKL's own thread choice would change bits too
        Engine engine = Engine.getEngine("PyTorch");
        TrainableModel model;
        synchronized (TorchRandom.LOCK) {
            engine.setRandomSeed(7);
            model = TrainableModels.family(family).create(Preset.TINY, vocab, labels.labels(), Device.cpu());
        }
        try (model) {
            ReceiptEncoder encoder = new ReceiptEncoder(WordTokenizer.load(tokenizer), 96, 32);
            List<ReceiptEncoder.Window> windows = new ArrayList<>();
            List<Receipt> receipts = new ArrayList<>();
            for (TrainingData.Item it : items) {
                ReceiptEncoder.Window w = encoder.encode(it.words(), it.receipt().width(), it.receipt().height(),
                        it.wordLabels()).windows().get(0);
                windows.add(w);
                receipts.add(it.receipt());
            }
            Map<String, float[]> clean = gradients(model, engine, windows, receipts, false);
            Map<String, float[]> collected = gradients(model, engine, windows, receipts, true);
            assertEquals(clean.keySet(), collected.keySet());
            for (String name : clean.keySet()) {
                assertArrayEquals(clean.get(name), collected.get(name), family + ": gradient of " + name);
            }
        }
    }

    private static Map<String, float[]> gradients(TrainableModel model, Engine engine,
                                                  List<ReceiptEncoder.Window> windows, List<Receipt> receipts,
                                                  boolean collect) throws Exception {
        ParameterStore ps = new ParameterStore(model.manager(), false);
        Map<String, float[]> out = new LinkedHashMap<>();
        try (NDManager scratch = model.manager().newSubManager()) {
            Batch batch = Windows.batch(scratch, windows, receipts, model.padTokenId(), true);
            synchronized (TorchRandom.LOCK) {
                engine.setRandomSeed(11);
                try (GradientCollector gc = engine.newGradientCollector()) {
                    NDArray loss = Losses.crossEntropy(model.logits(ps, batch, true), batch.labels());
                    if (collect) {
                        collectAndReuse(scratch);
                    }
                    gc.backward(loss);
                }
            }
            for (WeightSlot w : model.weights()) {
                NDArray g = w.parameter().getArray().getGradient();
                out.put(w.name(), g.toFloatArray());
                g.subi(g);
            }
        }
        return out;
    }
}
