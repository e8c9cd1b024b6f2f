package com.layoutlens.train;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.ParameterStore;
import com.layoutlens.data.LabelSet;
import com.layoutlens.data.Word;
import com.layoutlens.model.checkpoint.SafetensorsWriter;
import com.layoutlens.model.checkpoint.Tensor;
import com.layoutlens.model.encode.ReceiptEncoder;
import com.layoutlens.model.encode.WordTokenizer;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Training throughput, ours against transformers' on the same model, data and threads (a
 * main, not a test). It builds the tiny preset with a vocabulary from the receipts, writes
 * the initial model folder and every step's padded batch to a work folder, times our
 * training steps (forward, masked loss, backward, clipped AdamW), then runs
 * {@code tools/reference/bench_train_layoutlm.py} on the same folder: the same steps in
 * PyTorch as transformers' Trainer takes them (model loss, backward, clip_grad_norm_,
 * torch AdamW with decay groups, linear schedule, zero_grad). Prints both and the ratio.
 *
 * <pre>
 * java -Dai.djl.pytorch.num_threads=2 -Dlayoutlens.python=/work/venv-ref/bin/python \
 *   -cp target/classes:target/test-classes:$(cat target/cp.txt) \
 *   com.layoutlens.train.TrainingThroughputBenchmark [data] [steps] [warmup] [batch]
 * </pre>
 */
public final class TrainingThroughputBenchmark {

    private TrainingThroughputBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path data = Path.of(args.length > 0 ? args[0] : "sample-receipts");
        int steps = args.length > 1 ? Integer.parseInt(args[1]) : 40;
        int warmup = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        int batchSize = args.length > 3 ? Integer.parseInt(args[3]) : 8;
        int threads = Integer.getInteger("ai.djl.pytorch.num_threads", Runtime.getRuntime().availableProcessors());
        Path work = Files.createTempDirectory("layoutlens-train-bench");

        Engine engine = Engine.getEngine("PyTorch");
        JniUtils.setGradMode(false);
        LabelSet labelSet = LabelSet.sroie();
        List<TrainingData.Item> items = TrainingData.load(data, labelSet, new ArrayList<>());
        List<String> words = new ArrayList<>();
        for (TrainingData.Item it : items) {
            for (Word w : it.words()) {
                words.add(w.text());
            }
        }
        Path modelDir = work.resolve("model");
        Vocabulary vocab = Vocabulary.build(words, Preset.TINY.maxVocab(), 2);
        vocab.write(modelDir, 512);
        engine.setRandomSeed(42);
        try (TrainableModel model = TrainableModels.family("layoutlm").create(Preset.TINY, vocab.size(),
                labelSet.labels(), Device.cpu());
             WordTokenizer tokenizer = WordTokenizer.load(modelDir)) {
            model.save(modelDir);
            ReceiptEncoder encoder = new ReceiptEncoder(tokenizer, 512, 127);
            List<Windows.Example> examples = new ArrayList<>();
            for (TrainingData.Item it : items) {
                for (ReceiptEncoder.Window w : encoder.encode(it.words(), it.receipt().width(), it.receipt().height(),
                        it.wordLabels()).windows()) {
                    examples.add(new Windows.Example(w, it.receipt()));
                }
            }
            Windows windows = new Windows(examples, batchSize, 42);
            int total = warmup + steps;
            writeBatches(work.resolve("batches.safetensors"), windows, total, model.padTokenId());

            ParameterStore ps = new ParameterStore(model.manager(), false);
            LinearSchedule schedule = new LinearSchedule(Preset.TINY.learningRate(), total / 10, total);
            long tokens = 0;
            long start = 0;
            try (AdamW opt = new AdamW(model.weights(), 0.01, model.manager())) {
                for (int s = 0; s < total; s++) {
                    if (s == warmup) {
                        start = System.nanoTime();
                    }
                    TrainingRun.trainStep(model, opt, ps, engine, windows.step(s), schedule.rate(s), 1.0,
                            TrainingRun.stepSeed(42, s), s);
                }
            }
            double secs = (System.nanoTime() - start) / 1e9;
            double javaSps = steps / secs;
            System.out.printf(Locale.ROOT, "data %s: %d windows; tiny LayoutLM (%d weights), batch %d, %d threads%n",
                    data, examples.size(), model.weights().size(), batchSize, threads);
            System.out.printf(Locale.ROOT, "java:   %.3f steps/s, %.2f samples/s (%d steps after %d warm-up)%n",
                    javaSps, javaSps * batchSize, steps, warmup);
            String python = System.getProperty("layoutlens.python");
            if (python == null) {
                System.out.println("python: skipped (set -Dlayoutlens.python=/path/to/venv/bin/python)");
                return;
            }
            Process p = new ProcessBuilder(python, "tools/reference/bench_train_layoutlm.py", work.toString(),
                    String.valueOf(threads), String.valueOf(warmup), String.valueOf(steps), String.valueOf(batchSize))
                    .redirectErrorStream(true).start();
            double pySps = Double.NaN;
            Pattern rate = Pattern.compile("python: ([0-9.]+) steps/s");
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    System.out.println(line);
                    Matcher m = rate.matcher(line);
                    if (m.find()) {
                        pySps = Double.parseDouble(m.group(1));
                    }
                }
            }
            p.waitFor();
            System.out.printf(Locale.ROOT, "ratio java / python: %.2fx%n", javaSps / pySps);
        } finally {
            FolderSwap.deleteTree(work);
        }
    }

    /** Step i's padded batch as b{i}.input_ids / bbox / attention_mask / labels, int64. */
    private static void writeBatches(Path file, Windows windows, int steps, long pad) throws Exception {
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        for (int s = 0; s < steps; s++) {
            List<Windows.Example> ex = windows.step(s);
            int length = ex.stream().mapToInt(e -> e.window().length()).max().orElse(0);
            int b = ex.size();
            long[] ids = new long[b * length];
            long[] bbox = new long[b * length * 4];
            long[] mask = new long[b * length];
            long[] labels = new long[b * length];
            Arrays.fill(ids, pad);
            Arrays.fill(labels, Losses.IGNORE);
            for (int r = 0; r < b; r++) {
                ReceiptEncoder.Window w = ex.get(r).window();
                System.arraycopy(w.inputIds(), 0, ids, r * length, w.length());
                System.arraycopy(w.bbox(), 0, bbox, r * length * 4, w.length() * 4);
                Arrays.fill(mask, r * length, r * length + w.length(), 1L);
                System.arraycopy(w.labels(), 0, labels, r * length, w.length());
            }
            tensors.put("b" + s + ".input_ids", Tensor.of(ids, b, length));
            tensors.put("b" + s + ".bbox", Tensor.of(bbox, b, length, 4));
            tensors.put("b" + s + ".attention_mask", Tensor.of(mask, b, length));
            tensors.put("b" + s + ".labels", Tensor.of(labels, b, length));
        }
        SafetensorsWriter.write(file, tensors, Map.of("steps", String.valueOf(steps)));
    }
}
