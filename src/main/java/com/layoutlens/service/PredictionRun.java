package com.layoutlens.service;

import ai.djl.Device;
import com.layoutlens.data.Dataset;
import com.layoutlens.data.LabelFile;
import com.layoutlens.data.LabelRow;
import com.layoutlens.data.LabelSet;
import com.layoutlens.data.Problem;
import com.layoutlens.data.Receipt;
import com.layoutlens.data.WriteErrors;
import com.layoutlens.model.ConfigJson;
import com.layoutlens.model.DeviceFallback;
import com.layoutlens.model.Devices;
import com.layoutlens.model.ModelFolderException;
import com.layoutlens.model.predict.ReceiptPredictor;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.function.BiConsumer;
import java.util.function.BooleanSupplier;

/**
 * A model run over a receipt folder whose results are cached on disk, per model and
 * folder, so that opening the same pair again is instant and an interrupted run resumes
 * where it stopped.
 *
 * <p>The cache lives outside the user's folders ({@code ~/.cache/layoutlens/predictions},
 * or {@code $LAYOUTLENS_CACHE/predictions}), one folder per (receipt folder, model
 * fingerprint) holding one label file per receipt, written as each receipt is done. The
 * model fingerprint covers its {@code config.json} and the size, times and inode of its weight
 * files ({@link com.layoutlens.data.FileStamps#identity}), so a retrained model gets a fresh
 * cache, even one copied over the old weights with their size and time kept; a cached label
 * file older than the last change of its box file is predicted again.
 *
 * <p>Results carry every word's tag probabilities ({@link LabelRow#probs()}), cached with them;
 * a cached result without them is predicted again.
 *
 * <p>The app's model runs and {@code predict} both go through here, so both get the cache
 * (which {@code predict --no-cache} bypasses) and the GPU-to-CPU fallback.
 */
public final class PredictionRun {

    /** Everything a run produced. */
    public record Outcome(Map<String, List<LabelRow>> rows, List<Problem> problems, String device,
                          int fromCache, int predicted, boolean cancelled, Path cacheDir, String fallback,
                          Map<String, String> failures, String note) {

        public Outcome(Map<String, List<LabelRow>> rows, List<Problem> problems, String device, int fromCache,
                       int predicted, boolean cancelled, Path cacheDir) {
            this(rows, problems, device, fromCache, predicted, cancelled, cacheDir, null);
        }

        public Outcome(Map<String, List<LabelRow>> rows, List<Problem> problems, String device, int fromCache,
                       int predicted, boolean cancelled, Path cacheDir, String fallback) {
            this(rows, problems, device, fromCache, predicted, cancelled, cacheDir, fallback, Map.of(), null);
        }

        Outcome withFallback(String message) {
            return new Outcome(rows, problems, device, fromCache, predicted, cancelled, cacheDir, message, failures,
                    note);
        }
    }

    /**
     * Hears which device a run uses, and why it moved to the CPU when a GPU failed; called on
     * the running thread.
     */
    public interface DeviceListener {

        /** The model is being loaded on {@code device} ({@code cpu}, {@code gpu}, {@code gpuN}). */
        void using(String device);

        /** The GPU failed (CUDA missing, out of memory); the run goes on on the CPU. */
        default void fellBack(String message) {
        }
    }

    /** A GPU failure reported for a single receipt, which ends the GPU attempt. */
    private static final class GpuFailure extends RuntimeException {
        GpuFailure(String message) {
            super(message);
        }
    }

    private PredictionRun() {
    }

    /** The default cache root: {@code -Dlayoutlens.cache}, else {@code $LAYOUTLENS_CACHE}, else ~/.cache/layoutlens. */
    public static Path defaultCacheRoot() {
        String prop = System.getProperty("layoutlens.cache");
        if (prop != null && !prop.isBlank()) {
            return Path.of(prop);
        }
        String env = System.getenv("LAYOUTLENS_CACHE");
        if (env != null && !env.isBlank()) {
            return Path.of(env);
        }
        return Path.of(System.getProperty("user.home"), ".cache", "layoutlens");
    }

    /** Where the results of this model on this folder are cached, with the default window settings. */
    public static Path cacheDir(Path cacheRoot, Path modelDir, Path datasetDir) throws IOException {
        return cacheDir(cacheRoot, modelDir, datasetDir, ReceiptPredictor.Settings.defaults());
    }

    /**
     * Where the results of this model on this folder are cached; window length and stride
     * other than the defaults, a box level chosen for the run, and a version of the predictor
     * that computes other scores ({@link ReceiptPredictor#numerics}) change the predictions, so
     * they have a cache of their own (the batch size does not).
     */
    public static Path cacheDir(Path cacheRoot, Path modelDir, Path datasetDir, ReceiptPredictor.Settings settings)
            throws IOException {
        String data = com.layoutlens.data.Sha256.hex(
                datasetDir.toAbsolutePath().normalize().toString().getBytes(StandardCharsets.UTF_8));
        MessageDigest md = com.layoutlens.data.Sha256.digest();
        Path config = modelDir.resolve("config.json");
        try {
            md.update(com.layoutlens.data.TextFiles.readBytes(config, com.layoutlens.data.InputLimits.MAX_CONFIG_BYTES));
        } catch (com.layoutlens.data.TextFiles.Unusable e) {
            throw new IOException(config + ": " + e.getMessage(), e);
        }
        try (var files = Files.list(modelDir)) {
            for (Path f : files.sorted().toList()) {
                String name = f.getFileName().toString();
                if (name.endsWith(".safetensors") || name.endsWith(".bin") || name.equals("tokenizer.json")
                        || name.equals("vocab.txt") || name.equals("vocab.json") || name.equals("merges.txt")
                        || name.equals("preprocessor_config.json")) {
                    md.update(name.getBytes(StandardCharsets.UTF_8));
                    md.update(com.layoutlens.data.FileStamps.identity(f).getBytes(StandardCharsets.UTF_8));
                }
            }
        }
        md.update(("predictor " + ReceiptPredictor.numerics()).getBytes(StandardCharsets.UTF_8));
        ReceiptPredictor.Settings d = ReceiptPredictor.Settings.defaults();
        if (settings.maxLength() != d.maxLength() || settings.stride() != d.stride()) {
            md.update(("windows " + settings.maxLength() + " " + settings.stride()).getBytes(StandardCharsets.UTF_8));
        }
        if (settings.boxLevel() != null) {
            // a box level chosen for the run rather than the folder's own gives other inputs
            md.update(("boxes " + settings.boxLevel()).getBytes(StandardCharsets.UTF_8));
        }
        String model = HexFormat.of().formatHex(md.digest()).substring(0, 16);
        String name = modelDir.toAbsolutePath().normalize().getFileName() == null ? "model"
                : modelDir.toAbsolutePath().normalize().getFileName().toString().replaceAll("[^A-Za-z0-9._-]", "_");
        return cacheRoot.resolve("predictions").resolve(data.substring(0, 16)).resolve(name + "-" + model);
    }

    /**
     * Labels every receipt of the folder with the model, taking cached results where they
     * are still valid.
     *
     * @param device    {@code auto}, {@code cpu} or {@code gpu}
     * @param progress  (receipts done, total), cached ones included; may be null
     * @param cancelled checked between batches; a cancelled run keeps what it wrote
     * @throws ModelFolderException when the model folder cannot be used (before any work)
     */
    public static Outcome run(Path modelDir, Dataset dataset, LabelSet labelSet, String device, Path cacheRoot,
                              BiConsumer<Integer, Integer> progress, BooleanSupplier cancelled)
            throws IOException, ModelFolderException {
        return run(modelDir, dataset, labelSet, device, cacheRoot, progress, cancelled, null);
    }

    /**
     * As {@link #run(Path, Dataset, LabelSet, String, Path, BiConsumer, BooleanSupplier)}, telling
     * {@code devices} where the model runs. When the GPU fails because CUDA is missing or its
     * memory runs out (see {@link DeviceFallback}), the run continues on the CPU, reusing what
     * the GPU already cached, and the outcome's {@code fallback} says why.
     *
     * @param devices may be null
     */
    public static Outcome run(Path modelDir, Dataset dataset, LabelSet labelSet, String device, Path cacheRoot,
                              BiConsumer<Integer, Integer> progress, BooleanSupplier cancelled, DeviceListener devices)
            throws IOException, ModelFolderException {
        return run(modelDir, dataset, labelSet, () -> Devices.choose(device), ReceiptPredictor.Settings.defaults(),
                cacheRoot, progress, cancelled, devices);
    }

    /**
     * The run with every choice named: where the model runs ({@code choice}, asked only when
     * there is work left after the cache), its window settings, and the cache root; a null
     * {@code cacheRoot} bypasses the cache (nothing read from it, nothing written to it).
     * A GPU that fails as a missing CUDA library does hands over to the CPU.
     */
    public static Outcome run(Path modelDir, Dataset dataset, LabelSet labelSet, DeviceChoice choice,
                              ReceiptPredictor.Settings settings, Path cacheRoot,
                              BiConsumer<Integer, Integer> progress, BooleanSupplier cancelled, DeviceListener devices)
            throws IOException, ModelFolderException {
        return runOn(modelDir, dataset, labelSet, choice, settings, true, cacheRoot, progress, cancelled, devices);
    }

    /** Chooses the device only once there is work to do (an all-cached run needs no engine). */
    @FunctionalInterface
    public interface DeviceChoice {
        Device get() throws ModelFolderException;
    }

    static Outcome runOn(Path modelDir, Dataset dataset, LabelSet labelSet, DeviceChoice choice, boolean fallback,
                         Path cacheRoot, BiConsumer<Integer, Integer> progress, BooleanSupplier cancelled,
                         DeviceListener devices) throws IOException, ModelFolderException {
        return runOn(modelDir, dataset, labelSet, choice, ReceiptPredictor.Settings.defaults(), fallback, cacheRoot,
                progress, cancelled, devices);
    }

    /** The run on a given device; with {@code fallback}, a GPU that fails as CUDA does hands over to the CPU. */
    private static Outcome runOn(Path modelDir, Dataset dataset, LabelSet labelSet, DeviceChoice choice,
                                 ReceiptPredictor.Settings settings, boolean fallback, Path cacheRoot,
                                 BiConsumer<Integer, Integer> progress, BooleanSupplier cancelled,
                                 DeviceListener devices) throws IOException, ModelFolderException {
        if (!Files.isRegularFile(modelDir.resolve(ConfigJson.FILE))) {
            throw new ModelFolderException(modelDir + ": no config.json (not a Hugging Face model folder)");
        }
        List<Problem> problems = new ArrayList<>();
        Path wanted = cacheRoot == null ? null : cacheDir(cacheRoot, modelDir, dataset.dir(), settings);
        if (wanted != null) {
            try {
                Files.createDirectories(wanted);
            } catch (IOException e) {
                // a cache that cannot be made is no reason not to predict: the run goes on without it
                problems.add(Problem.warning(wanted.toString(), 0, "prediction cache not usable ("
                        + WriteErrors.reason(e) + "); predicting without it"));
                wanted = null;
            }
        }
        Path cache = wanted;
        Map<String, List<LabelRow>> rows = new LinkedHashMap<>();
        Map<String, String> failures = new LinkedHashMap<>();
        List<Receipt> todo = new ArrayList<>();
        for (Receipt r : dataset.receipts()) {
            Path f = cache == null ? null : cache.resolve(r.id() + ".csv");
            if (f != null && isFresh(f, r, dataset)) {
                LabelFile.ReadResult read = LabelFile.read(f, labelSet);
                // a result cached under another schema (its tags in another scheme), or before results
                // carried tag probabilities, is predicted again
                if (!read.hasErrors() && read.rows().stream().allMatch(x -> labelSet.tagIndex(x.label()) >= 0
                        && (x.score() == null || (x.probs() != null && x.probs().tags().equals(labelSet.tags()))))
                        && labelsWordsOf(read.rows(), r)) {
                    rows.put(r.id(), read.rows());
                    continue;
                }
            }
            todo.add(r);
        }
        int cached = rows.size();
        int total = dataset.receipts().size();
        if (progress != null) {
            progress.accept(cached, total);
        }
        if (todo.isEmpty()) {
            return new Outcome(ordered(dataset, rows), problems, "cache", cached, 0, false, cache);
        }
        Device dev = choice.get();
        if (devices != null) {
            devices.using(Devices.name(dev));
        }
        int[] predicted = {0};
        boolean wasCancelled = false;
        String note = null;
        // the predictor picks the family (LayoutLM or LayoutLMv2) from config.json's model_type
        try (ReceiptPredictor p = ReceiptPredictor.open(modelDir, dev, labelSet, settings)) {
            if (!p.model().report().unexpected().isEmpty()) {
                note = p.model().report().summary();
            }
            try {
                p.predict(todo, result -> {
                    if (!result.ok() && dev.isGpu() && DeviceFallback.decide(dev, result.error()).useCpu()) {
                        throw new GpuFailure(result.error());
                    }
                    if (!result.ok()) {
                        // an earlier result for this receipt must not come back from the cache later
                        String removed = cache == null ? "" : removeStale(cache.resolve(result.receipt().id() + ".csv"));
                        problems.add(Problem.error(result.receipt().id(), 0, result.error() + "; skipped" + removed));
                        failures.put(result.receipt().id(), result.error());
                        return;
                    }
                    if (cache != null) {
                        Path cacheFile = cache.resolve(result.receipt().id() + ".csv");
                        try {
                            LabelFile.write(cacheFile, result.rows());
                        } catch (IOException e) {
                            problems.add(Problem.warning(cacheFile.toString(), 0, "cache not written: "
                                    + WriteErrors.reason(e) + removeStale(cacheFile)));
                        }
                    }
                    rows.put(result.receipt().id(), result.rows());
                    predicted[0]++;
                }, progress == null ? null : (done, n) -> progress.accept(cached + done, total), cancelled);
            } catch (CancellationException e) {
                wasCancelled = true;
            }
        } catch (ModelFolderException | RuntimeException e) {
            DeviceFallback.Decision d = fallback ? DeviceFallback.decide(dev, e)
                    : new DeviceFallback.Decision(false, DeviceFallback.Cause.OTHER, null);
            if (!d.useCpu()) {
                throw e;
            }
            if (devices != null) {
                devices.fellBack(d.message());
            }
            // receipts the GPU finished are in the cache: the CPU run starts after them
            return runOn(modelDir, dataset, labelSet, Device::cpu, settings, false, cacheRoot, progress, cancelled,
                    devices).withFallback(d.message());
        }
        return new Outcome(ordered(dataset, rows), problems, Devices.name(dev), cached, predicted[0], wasCancelled,
                cache, null, failures, note);
    }

    private static Map<String, List<LabelRow>> ordered(Dataset ds, Map<String, List<LabelRow>> rows) {
        Map<String, List<LabelRow>> out = new LinkedHashMap<>();
        for (Receipt r : ds.receipts()) {
            List<LabelRow> x = rows.get(r.id());
            if (x != null) {
                out.put(r.id(), x);
            }
        }
        return out;
    }

    /**
     * A cached result is fresh when it is newer than every file the receipt was read from, as
     * its format names them (SROIE: its box file, {@code .csv} or the competition's {@code .txt},
     * and its image, which LayoutLMv2 reads, even one that can no longer be read; hf: its
     * {@code data.jsonl} and image).
     */
    private static boolean isFresh(Path cached, Receipt r, Dataset dataset) throws IOException {
        if (!Files.isRegularFile(cached)) {
            return false;
        }
        FileTime c = Files.getLastModifiedTime(cached);
        for (Path s : dataset.sources().of(r)) {
            if (Files.isRegularFile(s) && c.compareTo(com.layoutlens.data.FileStamps.changed(s)) < 0) {
                return false;
            }
        }
        return true;
    }

    /**
     * Whether cached rows label exactly the words the receipt has now: OCR corrections
     * ({@code corrections/ID.json}, edited or undone in the app since the result was cached)
     * change the words without touching the box file.
     */
    private static boolean labelsWordsOf(List<LabelRow> rows, Receipt r) {
        List<com.layoutlens.data.Word> words = r.words();
        if (rows.size() != words.size()) {
            return false;
        }
        Map<Long, LabelRow> byKey = new java.util.HashMap<>();
        for (LabelRow x : rows) {
            byKey.put(x.key(), x);
        }
        for (com.layoutlens.data.Word w : words) {
            LabelRow x = byKey.get(w.key());
            if (x == null || !x.text().equals(w.text()) || !x.box().equals(w.box())) {
                return false;
            }
        }
        return true;
    }

    /** Deletes a cached result that no longer holds; the words for the user's message, or "". */
    private static String removeStale(Path cached) {
        try {
            return Files.deleteIfExists(cached) ? " (its earlier cached prediction was removed)" : "";
        } catch (IOException e) {
            return " (its earlier cached prediction " + cached + " could not be removed: " + WriteErrors.reason(e)
                    + ")";
        }
    }
}
