package com.layoutlens.train;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.pytorch.jni.JniUtils;
import com.layoutlens.data.LabelSet;
import com.layoutlens.data.Receipt;
import com.layoutlens.model.encode.ReceiptEncoder;
import com.layoutlens.model.encode.WordTokenizer;
import com.layoutlens.model.nn.WeightSlot;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Reproducibility check (a main, not a test): repeats five identical training steps of a
 * tiny LayoutLM (same batch, same dropout seed, gradients zeroed in between) {@code reps}
 * times beside {@code busy} spinning threads, and prints every weight whose gradient did not
 * come out bit for bit the same each time. With PyTorch's thread count pinned (which switches
 * MKL's dynamic mode off), three runs of 100 repetitions on the loaded 2-core machine (load
 * average 10 to 15) printed none.
 *
 * <p>From the repository root: {@code java -cp target/classes:target/test-classes:$(cat target/cp.txt)
 * com.layoutlens.train.GradientRepeatCheck [reps] [busy]}.
 */
public final class GradientRepeatCheck {
    public static void main(String[] a) throws Exception {
        int reps = a.length > 0 ? Integer.parseInt(a[0]) : 100;
        int busy = a.length > 1 ? Integer.parseInt(a[1]) : 3;
        com.layoutlens.model.Devices.pytorch();
        JniUtils.setGradMode(false);
        LabelSet ls = LabelSet.sroie();
        List<TrainingData.Item> items = TrainingData.load(Path.of("sample-receipts"), ls, new ArrayList<>());
        List<String> words = new ArrayList<>();
        for (var it : items) for (var w : it.words()) words.add(w.text());
        Vocabulary v = Vocabulary.build(words, 2000, 2);
        Path tok = Files.createTempDirectory("tok");
        v.write(tok, 512);
        Engine engine = Engine.getEngine("PyTorch");
        engine.setRandomSeed(3);
        TrainableModel model = TrainableModels.family("layoutlm").create(new Preset("t", 64, 2, 2, 256, 2000, 1e-3), v.size(), ls.labels(), Device.cpu());
        WordTokenizer wt = WordTokenizer.load(tok);
        ReceiptEncoder enc = new ReceiptEncoder(wt, 128, 31);
        List<Windows.Example> ex = new ArrayList<>();
        for (var it : items) for (var w : enc.encode(it.words(), it.receipt().width(), it.receipt().height(), it.wordLabels()).windows()) ex.add(new Windows.Example(w, it.receipt()));
        Windows windows = new Windows(ex, 4, 3);
        for (int i = 0; i < busy; i++) { Thread t = new Thread(() -> { double x = 1; while (true) x = Math.sqrt(x + 1); }); t.setDaemon(true); t.start(); }
        ParameterStore ps = new ParameterStore(model.manager(), false);
        List<WeightSlot> ws = model.weights();
        Map<String, Set<Integer>> seen = new TreeMap<>();
        Set<Integer> lossSeen = new HashSet<>();
        for (int r = 0; r < reps; r++) {
            try (NDManager scratch = model.manager().newSubManager()) {
                List<Windows.Example> exs = windows.step(r % 5);
                List<ReceiptEncoder.Window> w = new ArrayList<>(); List<Receipt> rs = new ArrayList<>();
                for (var e : exs) { w.add(e.window()); rs.add(e.receipt()); }
                Batch batch = Windows.batch(scratch, w, rs, model.padTokenId(), true);
                engine.setRandomSeed(1234 + r % 5);
                NDArray loss;
                try (GradientCollector gc = engine.newGradientCollector()) {
                    NDArray logits = model.logits(ps, batch, true);
                    loss = Losses.crossEntropy(logits, batch.labels());
                    gc.backward(loss);
                }
                lossSeen.add(Float.floatToIntBits(loss.getFloat()) * 31 + r % 5);
                for (WeightSlot s : ws) {
                    NDArray g = s.parameter().getArray().getGradient();
                    float[] f = g.toFloatArray();
                    seen.computeIfAbsent(s.name(), k -> new HashSet<>()).add(Arrays.hashCode(f) * 31 + r % 5);
                    g.subi(g);
                }
            }
        }
        System.out.println("loss variants " + lossSeen.size() + " (5 when the forward pass is reproducible)");
        for (var e : seen.entrySet()) if (e.getValue().size() != 5) System.out.println("gradient varies: " + e.getKey() + " (" + e.getValue().size() + " variants, 5 expected)");
        System.out.println("done");
        System.exit(0);
    }
}
