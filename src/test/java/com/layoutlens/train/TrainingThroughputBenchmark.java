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
 * main, not a test). It builds a LayoutLM of the given size (a preset name, default
 * {@code tiny}, or {@code HIDDEN,LAYERS,HEADS,INTERMEDIATE,VOCAB}: a vocabulary larger than
 * the receipts' words gives the embedding table a real checkpoint's rows, which the
 * optimizer updates every step) with a vocabulary from the receipts, writes
 * the initial model folder and every step's padded batch to a work folder, times our
 * training steps (forward, masked loss, backward, clipped AdamW), then runs
 * {@code tools/reference/bench_train_layoutlm.py} on the same folder: the same steps in
 * PyTorch as transformers' Trainer takes them (model loss, backward, clip_grad_norm_,
 * torch AdamW with decay groups, linear schedule, zero_grad). Prints both and the ratio.
 *
 * <pre>
 * java -Dai.djl.pytorch.num_threads=2 -Dlayoutlens.python=/work/venv-ref/bin/python \
 *   -cp target/classes:target/test-classes:$(cat target/cp.txt) \
 *   com.layoutlens.train.TrainingThroughputBenchmark [data] [steps] [warmup] [batch] [rounds] [size]
 * </pre>
 *
 * <p>{@code 384,6,6,1536,30522} is a 24M-parameter model (MiniLM's widths with BERT's vocabulary).
 */
public final class TrainingThroughputBenchmark {

    private TrainingThroughputBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path data = Path.of(args.length > 0 ? args[0] : "sample-receipts");
        int steps = args.length > 1 ? Integer.parseInt(args[1]) : 40;
        int warmup = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        int batchSize = args.length > 3 ? Integer.parseInt(args[3]) : 8;
        int rounds = args.length > 4 ? Integer.parseInt(args[4]) : 3;
        String sizeSpec = args.length > 5 ? args[5] : "tiny";
        Preset preset = size(sizeSpec);
        int modelVocab = sizeSpec.split(",").length == 5 ? Integer.parseInt(sizeSpec.split(",")[4].trim()) : 0;
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
        Vocabulary vocab = Vocabulary.build(words, preset.maxVocab(), 2);
        vocab.write(modelDir, 512);
        engine.setRandomSeed(42);
        try (TrainableModel model = TrainableModels.family("layoutlm").create(preset, Math.max(vocab.size(), modelVocab),
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

            long parameters = model.weights().stream().mapToLong(w -> w.parameter().getArray().size()).sum();
            System.out.printf(Locale.ROOT, "data %s: %d windows; LayoutLM %s (%d weights, %.1fM parameters), batch %d, "
                    + "%d threads, %d rounds%n", data, examples.size(), sizeSpec, model.weights().size(),
                    parameters / 1e6, batchSize, threads, rounds);
            String python = System.getProperty("layoutlens.python");
            if (python == null) {
                System.out.println("python: skipped (set -Dlayoutlens.python=/path/to/venv/bin/python)");
            }
            // Rounds alternate the two sides, so that a change in the machine's load during
            // the run reaches both; the ratio is taken per round and its median reported.
            List<Double> ratios = new ArrayList<>();
            for (int round = 1; round <= rounds; round++) {
                double javaSps = timeJava(engine, modelDir, preset, labelSet.labels(), windows, warmup, steps);
                System.out.printf(Locale.ROOT, "round %d java:   %.3f steps/s, %.2f samples/s (%d steps after %d warm-up)%n",
                        round, javaSps, javaSps * batchSize, steps, warmup);
                if (python == null) {
                    continue;
                }
                double pySps = timePython(python, work, threads, warmup, steps, batchSize, round);
                System.out.printf(Locale.ROOT, "round %d ratio java / python: %.2fx (load average %s)%n", round,
                        javaSps / pySps, loadAverage());
                ratios.add(javaSps / pySps);
            }
            if (!ratios.isEmpty()) {
                List<Double> sorted = new ArrayList<>(ratios);
                sorted.sort(null);
                System.out.printf(Locale.ROOT, "ratio java / python, median of %d rounds: %.2fx (min %.2f, max %.2f)%n",
                        sorted.size(), sorted.get(sorted.size() / 2), sorted.get(0), sorted.get(sorted.size() - 1));
            }
        } finally {
            FolderSwap.deleteTree(work);
        }
    }

    /** Our steps/s over {@code steps} steps after {@code warmup}, from the saved initial model. */
    private static double timeJava(Engine engine, Path modelDir, Preset preset, List<String> labels, Windows windows,
                                   int warmup, int steps) throws Exception {
        engine.setRandomSeed(42);
        try (TrainableModel model = TrainableModels.family("layoutlm").open(modelDir, labels, Device.cpu())) {
            ParameterStore ps = new ParameterStore(model.manager(), false);
            int total = warmup + steps;
            LinearSchedule schedule = new LinearSchedule(preset.learningRate(), total / 10, total);
            long start = 0;
            try (AdamW opt = new AdamW(model.weights(), 0.01, model.manager())) {
                String profile = System.getProperty("layoutlens.profile");
                for (int s = 0; s < total; s++) {
                    if (s == warmup) {
                        start = System.nanoTime();
                    }
                    boolean profiled = profile != null && s == warmup;
                    if (profiled) {
                        ai.djl.pytorch.jni.JniUtils.startProfile(false, false, false);
                    }
                    TrainingRun.trainStep(model, opt, ps, engine, windows.step(s), schedule.rate(s), 1.0,
                            TrainingRun.stepSeed(42, s), s);
                    if (profiled) {
                        // the first timed step's operators as a Chrome trace (chrome://tracing)
                        ai.djl.pytorch.jni.JniUtils.stopProfile(profile);
                    }
                }
            }
            return steps / ((System.nanoTime() - start) / 1e9);
        }
    }

    /** transformers' steps/s on the same folder and batches, from the reference script's output. */
    private static double timePython(String python, Path work, int threads, int warmup, int steps, int batchSize,
                                     int round) throws Exception {
        Process p = new ProcessBuilder(python, "tools/reference/bench_train_layoutlm.py", work.toString(),
                String.valueOf(threads), String.valueOf(warmup), String.valueOf(steps), String.valueOf(batchSize))
                .redirectErrorStream(true).start();
        double pySps = Double.NaN;
        Pattern rate = Pattern.compile("python: ([0-9.]+) steps/s");
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                Matcher m = rate.matcher(line);
                if (m.find()) {
                    pySps = Double.parseDouble(m.group(1));
                    System.out.println("round " + round + " " + line);
                } else if (!line.isBlank()) {
                    System.out.println("  " + line);
                }
            }
        }
        p.waitFor();
        return pySps;
    }

    /** A preset by name, or {@code HIDDEN,LAYERS,HEADS,INTERMEDIATE,VOCAB} at tiny's learning rate. */
    private static Preset size(String spec) {
        Preset named = Preset.named(spec);
        if (named != null) {
            return named;
        }
        String[] parts = spec.split(",");
        if (parts.length != 5) {
            throw new IllegalArgumentException("size: a preset name (tiny, small, base) or "
                    + "HIDDEN,LAYERS,HEADS,INTERMEDIATE,VOCAB, not " + spec);
        }
        int[] v = Arrays.stream(parts).mapToInt(x -> Integer.parseInt(x.trim())).toArray();
        return new Preset("custom", v[0], v[1], v[2], v[3], v[4], Preset.TINY.learningRate());
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (Exception e) {
            return "n/a";
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
