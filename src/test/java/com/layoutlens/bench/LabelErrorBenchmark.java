package com.layoutlens.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.layoutlens.cli.CliRun;
import com.layoutlens.data.Dataset;
import com.layoutlens.data.LabelFile;
import com.layoutlens.data.LabelRow;
import com.layoutlens.data.LabelSet;
import com.layoutlens.model.ModelFolderException;
import com.layoutlens.model.predict.ReceiptPredictor;
import com.layoutlens.service.CrossValidation;
import com.layoutlens.service.PredictionRun;
import com.layoutlens.train.Preset;
import com.layoutlens.train.TrainingConfig;
import com.layoutlens.train.TrainingData;
import com.layoutlens.train.TrainingEvent;
import com.layoutlens.train.TrainingJob;
import com.layoutlens.train.TrainingResult;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;

/**
 * How well {@code suspects} finds label errors: label errors are injected at known words of a
 * copy of a receipt folder's gold labels, {@code train --cross-val K} writes out-of-fold
 * predictions with probabilities, {@code suspects} ranks the gold words, and the precision and
 * recall of its first N suspects are printed against the injected errors, for several N.
 *
 * <p>The gold is the folder's {@code labels/} where present, else aligned from the key files (as
 * training reads it). With the seed, {@code --field-rate} of the field words are moved (half to
 * {@code O}, half to another field) and {@code --o-rate} of the {@code O} words are given a field;
 * the noisy copy lives in a temporary folder ({@code --work}) whose {@code box/} and {@code img/}
 * link to the original's. The same gold's own mistakes (automatic alignment) are not known, so a
 * suspect that is one of them counts against the precision.
 *
 * <p>Baselines, so that the figure means something: the same confident learning on the
 * <b>in-sample</b> predictions of one model trained (same start, steps and seed) on all the noisy
 * receipts, which sees the wrong labels it is asked to find; and a <b>random</b> ranking of all
 * words (expected values: precision = the error rate, recall = N / words).
 *
 * <p>Run from the repository root (the figures in README were taken with these settings):
 * <pre>
 * mvn -B -q package -DskipTests &amp;&amp; mvn -B -q test-compile &amp;&amp; java -cp 'target/classes:target/test-classes:target/lib/*' \
 *   com.layoutlens.bench.LabelErrorBenchmark ../shared/sroie --k 5 --steps 50 --from models/demo-layoutlm --lr 5e-4
 * </pre>
 * Options: {@code --k K} (5), {@code --steps N} (50), {@code --batch N} (8), {@code --from DIR} or
 * {@code --config tiny|small} (default {@code --from models/demo-layoutlm}), {@code --lr X} (5e-4), {@code --seed S}
 * (42; seeds the injection, the folds and the training), {@code --field-rate X} (0.04), {@code --o-rate X}
 * (0.005), {@code --work DIR} (a new temporary folder), {@code --no-in-sample} (skip that baseline).
 */
public final class LabelErrorBenchmark {

    private LabelErrorBenchmark() {
    }

    /** An injected error: the word and its true label. */
    record Injected(String key, String truth, String given) {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 0) {
            System.err.println("usage: LabelErrorBenchmark DATA [--k K] [--steps N] [--batch N] [--from DIR | --config NAME]"
                    + " [--lr X] [--seed S] [--field-rate X] [--o-rate X] [--work DIR] [--no-in-sample]");
            System.exit(2);
        }
        Path data = Path.of(args[0]);
        Map<String, String> o = new LinkedHashMap<>();
        for (int i = 1; i < args.length; i++) {
            if (args[i].equals("--no-in-sample")) {
                o.put("no-in-sample", "true");
            } else {
                o.put(args[i].substring(2), args[++i]);
            }
        }
        int k = Integer.parseInt(o.getOrDefault("k", "5"));
        int steps = Integer.parseInt(o.getOrDefault("steps", "50"));
        int batch = Integer.parseInt(o.getOrDefault("batch", "8"));
        double lr = Double.parseDouble(o.getOrDefault("lr", "5e-4"));
        int seed = Integer.parseInt(o.getOrDefault("seed", "42"));
        double fieldRate = Double.parseDouble(o.getOrDefault("field-rate", "0.04"));
        double oRate = Double.parseDouble(o.getOrDefault("o-rate", "0.005"));
        String config = o.get("config");
        Path from = config != null ? null : Path.of(o.getOrDefault("from", "models/demo-layoutlm"));
        Path work = o.containsKey("work") ? Path.of(o.get("work")) : Files.createTempDirectory("label-errors");
        long t0 = System.nanoTime();
        System.out.printf(Locale.ROOT, "load average at start: %s%n", loadAverage());

        // 1. the gold, and a noisy copy with errors at known words
        LabelSet sroie = LabelSet.sroie();
        List<TrainingData.Item> items = TrainingData.read(data, sroie, new ArrayList<>()).items();
        Path noisy = work.resolve("noisy");
        Files.createDirectories(noisy.resolve(Dataset.LABELS));
        for (String sub : List.of(Dataset.BOX, Dataset.IMG)) {
            if (Files.isDirectory(data.resolve(sub)) && !Files.exists(noisy.resolve(sub))) {
                Files.createSymbolicLink(noisy.resolve(sub), data.resolve(sub).toAbsolutePath());
            }
        }
        List<String[]> fieldWords = new ArrayList<>();
        List<String[]> outsideWords = new ArrayList<>();
        int words = 0;
        for (TrainingData.Item it : items) {
            for (LabelRow g : it.gold()) {
                String key = it.receipt().id() + "/" + g.segment() + "/" + g.word();
                (g.label().equals(sroie.outside()) ? outsideWords : fieldWords).add(new String[] {key, g.label()});
                words++;
            }
        }
        Random random = new Random(seed);
        Collections.shuffle(fieldWords, random);
        Collections.shuffle(outsideWords, random);
        List<String> fields = sroie.entityLabels();
        Map<String, Injected> injected = new LinkedHashMap<>();
        int moveField = (int) Math.round(fieldWords.size() * fieldRate);
        int[] kinds = new int[3]; // field -> O, field -> field, O -> field
        for (int i = 0; i < moveField; i++) {
            String[] w = fieldWords.get(i);
            String to;
            if (i % 2 == 0) {
                to = sroie.outside();
                kinds[0]++;
            } else {
                List<String> others = new ArrayList<>(fields);
                others.remove(w[1]);
                to = others.get(random.nextInt(others.size()));
                kinds[1]++;
            }
            injected.put(w[0], new Injected(w[0], w[1], to));
        }
        int giveField = (int) Math.round(outsideWords.size() * oRate);
        for (int i = 0; i < giveField; i++) {
            String[] w = outsideWords.get(i);
            injected.put(w[0], new Injected(w[0], w[1], fields.get(random.nextInt(fields.size()))));
            kinds[2]++;
        }
        for (TrainingData.Item it : items) {
            List<LabelRow> rows = new ArrayList<>();
            for (LabelRow g : it.gold()) {
                Injected e = injected.get(it.receipt().id() + "/" + g.segment() + "/" + g.word());
                rows.add(e == null ? g : g.withLabel(e.given(), null));
            }
            LabelFile.write(noisy.resolve(Dataset.LABELS).resolve(it.receipt().id() + ".csv"), rows);
        }
        System.out.printf(Locale.ROOT, "%s: %d receipts, %d words (%d field words, %d O); injected %d label errors "
                        + "(%.1f%%; seed %d): %d field words to O, %d to another field, %d O words given a field -> %s%n",
                data, items.size(), words, fieldWords.size(), outsideWords.size(), injected.size(),
                100.0 * injected.size() / words, seed, kinds[0], kinds[1], kinds[2], noisy);

        TrainingConfig.Builder b = TrainingConfig.builder(noisy, work.resolve("cv")).steps(steps).batchSize(batch)
                .learningRate(lr).seed(seed).device("cpu").devFraction(0).checkpointEvery(Math.max(1, steps));
        if (from != null) {
            b.from(from);
        } else {
            b.preset(Preset.named(config));
        }
        TrainingConfig base = b.build();
        String model = (from != null ? "--from " + from : "--config " + config) + ", " + steps + " steps, batch " + batch
                + ", lr " + lr + ", no dev set (the last step's model)";

        // 2. out-of-fold probabilities from K models, as train --cross-val K writes them
        long t1 = System.nanoTime();
        CrossValidation.Outcome cv = CrossValidation.run(base, k, com.layoutlens.model.Devices::choose,
                c -> job(c).run(), new CrossValidation.Listener() {
                    @Override
                    public void foldStarted(int fold, int kk, List<String> heldOut) {
                        System.out.printf(Locale.ROOT, "  fold %d/%d: training without its %d receipts (%.0f s)%n",
                                fold, kk, heldOut.size(), (System.nanoTime() - t0) / 1e9);
                    }

                    @Override
                    public void foldFinished(CrossValidation.Fold f, int kk) {
                        System.out.printf(Locale.ROOT, "  fold %d/%d: %d out-of-fold predictions, last loss %.4f (%.0f s)%n",
                                f.fold(), kk, f.written().size(), f.training().lastLoss(), (System.nanoTime() - t0) / 1e9);
                    }
                }, () -> false);
        double cvSecs = (System.nanoTime() - t1) / 1e9;
        Map<String, JsonNode> rankings = new LinkedHashMap<>();
        rankings.put("out-of-fold (K=" + k + ")", suspects(noisy, cv.outOfFold()));

        // 3. the in-sample baseline: one model on every noisy receipt, predicting them
        double inSecs = 0;
        if (!o.containsKey("no-in-sample")) {
            long t2 = System.nanoTime();
            Path all = work.resolve("in-sample");
            TrainingResult r = job(base.toBuilder().out(all).build()).run();
            Path pred = all.resolve("predictions");
            predict(r.bestModel(), noisy, pred);
            inSecs = (System.nanoTime() - t2) / 1e9;
            rankings.put("in-sample (1 model)", suspects(noisy, pred));
        }

        // 4. precision and recall of the first N suspects against the injected errors
        System.out.printf(Locale.ROOT, "%nmodel: %s; %d receipts, %d words, %d injected errors%n", model, items.size(),
                words, injected.size());
        List<Integer> tops = new ArrayList<>(new TreeSet<>(List.of(25, 50, 100, 200, injected.size(), 2 * injected.size())));
        System.out.printf(Locale.ROOT, "%-20s %9s %6s %10s %7s %22s%n", "ranking", "suspects", "top N", "precision",
                "recall", "right label suggested");
        for (var e : rankings.entrySet()) {
            JsonNode list = e.getValue().get("suspects");
            for (int n : tops) {
                int hits = 0;
                int right = 0;
                for (int i = 0; i < Math.min(n, list.size()); i++) {
                    JsonNode s = list.get(i);
                    Injected inj = injected.get(s.get("receipt").asText() + "/" + s.get("segment").asInt() + "/"
                            + s.get("word").asInt());
                    if (inj != null) {
                        hits++;
                        right += inj.truth().equals(s.get("suggested").asText()) ? 1 : 0;
                    }
                }
                int shown = Math.min(n, list.size());
                System.out.printf(Locale.ROOT, "%-20s %9d %6d %10.3f %7.3f %22s%n", e.getKey(), list.size(), n,
                        shown == 0 ? 0.0 : (double) hits / shown, (double) hits / injected.size(),
                        hits == 0 ? "-" : String.format(Locale.ROOT, "%d of %d", right, hits));
            }
            int all = 0;
            for (JsonNode s : list) {
                all += injected.containsKey(s.get("receipt").asText() + "/" + s.get("segment").asInt() + "/"
                        + s.get("word").asInt()) ? 1 : 0;
            }
            System.out.printf(Locale.ROOT, "%-20s %9d %6s %10.3f %7.3f%n", e.getKey(), list.size(), "all",
                    list.isEmpty() ? 0.0 : (double) all / list.size(), (double) all / injected.size());
        }
        for (int n : tops) {
            System.out.printf(Locale.ROOT, "%-20s %9s %6d %10.3f %7.3f%n", "random (expected)", "-", n,
                    (double) injected.size() / words, (double) n / words);
        }
        System.out.printf(Locale.ROOT, "%ncross-validation %.0f s, in-sample baseline %.0f s, all %.0f s; load average "
                + "at the end: %s; work folder %s%n", cvSecs, inSecs, (System.nanoTime() - t0) / 1e9, loadAverage(), work);
        System.exit(0);
    }

    private static TrainingJob job(TrainingConfig c) {
        TrainingJob j = new TrainingJob(c);
        long start = System.nanoTime();
        j.addListener(e -> {
            if (e.kind() == TrainingEvent.Kind.STEP && (e.step() % 10 == 0 || e.step() == e.totalSteps())) {
                System.out.printf(Locale.ROOT, "    step %d/%d loss %.4f %.2f steps/s (%.0f s)%n", e.step(),
                        e.totalSteps(), e.loss(), e.stepsPerSecond(), (System.nanoTime() - start) / 1e9);
            }
        });
        return j;
    }

    /** Predictions with probabilities for every receipt, as {@code predict --probs --no-cache} writes them. */
    private static void predict(Path model, Path data, Path out) throws Exception {
        LabelSet sroie = LabelSet.sroie();
        Dataset ds = Dataset.load(data, sroie, null, null);
        PredictionRun.Outcome run;
        try {
            run = PredictionRun.run(model, ds, sroie, () -> ai.djl.Device.cpu(), ReceiptPredictor.Settings.defaults(),
                    null, null, () -> false, null);
        } catch (ModelFolderException e) {
            throw new IllegalStateException(e);
        }
        Files.createDirectories(out);
        for (var e : run.rows().entrySet()) {
            LabelFile.write(out.resolve(e.getKey() + ".csv"), e.getValue());
        }
    }

    /** {@code suspects --json} on the noisy gold and a prediction folder. */
    private static JsonNode suspects(Path noisy, Path pred) throws Exception {
        CliRun r = CliRun.of("suspects", "--gold", noisy.resolve(Dataset.LABELS).toString(), "--pred", pred.toString(),
                "--json");
        if (r.exit() != 0) {
            throw new IllegalStateException("suspects failed: " + r.err());
        }
        return new ObjectMapper().readTree(r.out());
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (java.io.IOException e) {
            return "unknown";
        }
    }
}
