package com.layoutlens.cli;

import ai.djl.Device;
import com.layoutlens.data.Dataset;
import com.layoutlens.data.formats.ReceiptReader;
import com.layoutlens.data.LabelFile;
import com.layoutlens.data.LabelSet;
import com.layoutlens.data.Problem;
import com.layoutlens.data.WriteErrors;
import com.layoutlens.model.Devices;
import com.layoutlens.model.ModelFolderException;
import com.layoutlens.model.encode.BoxLevel;
import com.layoutlens.model.encode.TotalSegments;
import com.layoutlens.model.predict.ReceiptPredictor;
import com.layoutlens.model.registry.TokenClassifiers;
import com.layoutlens.service.PredictionRun;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code predict}: word labels from a model folder of any family, one label file per receipt. */
@Command(name = "predict",
        description = {"Label every word of a receipt folder (any readable format, see --format) with a model folder (Hugging Face layout: "
                + "config.json, model.safetensors or pytorch_model.bin, the family's tokenizer files) and write "
                + "one label file per receipt, with the model's confidence as score. The model_type of config.json "
                + "picks the family (models list names them); a family that reads the page also reads each "
                + "receipt's image (img/).",
                "The model folder is checked completely before any receipt is read; a receipt that cannot be "
                        + "labelled (for a model that reads the page also one without a readable image) is reported "
                        + "and skipped."},
        mixinStandardHelpOptions = true)
public final class PredictCommand extends CliCommand {
    @Option(names = "--model", required = true, paramLabel = "DIR", description = "model folder")
    Path model;

    @Option(names = "--data", required = true, paramLabel = "DIR",
            description = "receipt folder (any format, see --format; SROIE layout: box/, img/ optional)")
    Path data;

    @picocli.CommandLine.Mixin
    FormatOption format = new FormatOption();

    @Option(names = "--batch", defaultValue = "8", paramLabel = "N", description = "windows per forward pass (default ${DEFAULT-VALUE})")
    int batch;

    @picocli.CommandLine.Mixin
    DeviceOption device = new DeviceOption();

    @Option(names = "--max-length", defaultValue = "0", paramLabel = "TOKENS",
            description = "tokens per window; 0 = the model's maximum, at most 512 (default ${DEFAULT-VALUE})")
    int maxLength;

    @Option(names = "--stride", defaultValue = "-1", paramLabel = "TOKENS",
            description = "tokens shared by consecutive windows of a long receipt; -1 = a quarter window")
    int stride;

    @Option(names = "--boxes", paramLabel = "LEVEL",
            description = "word (each word its own box) or segment (every word of an OCR line the line's box, as "
                    + "LayoutLMv3 was fine-tuned); default: the model folder's own choice, else word")
    String boxes;

    @Option(names = "--probs", description = "also write each word's probability of every tag of the schema: one "
            + "column p_TAG per tag after score (p_O,p_COMPANY,...; for BIO p_O,p_B-COMPANY,p_I-COMPANY,...), the "
            + "softmax at the word's first sub-token, six decimals; suspects reads them")
    boolean probs;

    @Option(names = "--no-cache", description = "neither read nor write the prediction cache (~/.cache/layoutlens, "
            + "or $LAYOUTLENS_CACHE) that the app shares; every receipt is predicted again")
    boolean noCache;

    @picocli.CommandLine.Mixin
    SchemaOption schema = new SchemaOption();

    @picocli.CommandLine.Mixin
    LabelOutputOptions output;

    /** How a {@code --device} choice becomes a device; replaced in tests to stand for a GPU without CUDA. */
    static DeviceChooser chooser = Devices::choose;

    @FunctionalInterface
    interface DeviceChooser {
        Device choose(String choice) throws ModelFolderException;
    }

    @Override
    public Integer call() throws IOException {
        if (batch < 1) {
            throw new LayoutLensCli.UsageException("--batch must be at least 1");
        }
        if (stride < -1) {
            throw new LayoutLensCli.UsageException("--stride must be -1 (a quarter window) or at least 0, got " + stride);
        }
        if (maxLength != 0 && maxLength < 3) {
            throw new LayoutLensCli.UsageException("--max-length must be 0 (the model's maximum) or at least 3 (a"
                    + " token between the two special ones), got " + maxLength);
        }
        LayoutLensCli.requireFolder(model);
        ReceiptReader reader = format.reader(data);
        LabelSet labelSet = schema.resolve(model);
        PrintWriter err = err();
        long start = System.nanoTime();
        Device dev = check();
        Dataset ds = output.readReceipts(reader, data, labelSet, err);
        Path out = output.out;
        boolean json = output.json;
        if (Files.exists(out) && !Files.isDirectory(out)) {
            output.makeOut(); // a file in the way is said before the work, not after; a corrupt model leaves no folder
        }
        PredictionRun.Outcome run;
        BoxLevel level;
        boolean split;
        try {
            level = boxes == null ? BoxLevel.ofFolder(model) : BoxLevel.parse(boxes);
            split = TotalSegments.ofFolder(model);
            run = PredictionRun.run(model, ds, labelSet, () -> dev, new ReceiptPredictor.Settings(batch, maxLength,
                    stride, boxes == null ? null : level), noCache ? null : PredictionRun.defaultCacheRoot(), json ? null : Progress.bar("predicting",
                    err), () -> false, null);
        } catch (ModelFolderException | IllegalArgumentException e) {
            throw new LayoutLensCli.UsageException(e.getMessage());
        }
        output.makeOut();
        List<Problem> problems = new ArrayList<>(ds.problems());
        int[] counts = new int[3]; // written, failed, words
        java.util.Set<String> written = new java.util.HashSet<>();
        for (var failed : run.failures().entrySet()) {
            counts[1]++;
            problems.add(Problem.error(sourceOf(ds, failed.getKey()), 0, failed.getValue() + "; skipped"));
        }
        for (Problem p : run.problems()) {
            if (!run.failures().containsKey(p.file())) {
                problems.add(p); // the cache's own warnings
            }
        }
        for (var result : run.rows().entrySet()) {
            Path file = out.resolve(result.getKey() + ".csv");
            try {
                LabelFile.write(file, probs ? result.getValue()
                        : result.getValue().stream().map(com.layoutlens.data.LabelRow::withoutProbs).toList());
                written.add(result.getKey());
                counts[0]++;
                counts[2] += result.getValue().size();
            } catch (IOException e) {
                counts[1]++;
                problems.add(Problem.error(file.toString(), 0, WriteErrors.cannotWrite(file, e)));
            }
        }
        int removed = com.layoutlens.service.StalePredictions.remove(out,
                com.layoutlens.service.StalePredictions.receiptIds(ds), written, problems);
        double secs = (System.nanoTime() - start) / 1e9;
        String device = deviceName(run.device());
        if (json) {
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("model", model.toString());
            o.put("data", data.toString());
            o.put("out", out.toString());
            o.put("device", device);
            o.put("boxes", level.id());
            o.put("total_segments", split);
            o.put("schema", labelSet.name());
            o.put("scheme", labelSet.scheme().id());
            o.put("probs", probs);
            o.put("receipts", ds.receipts().size());
            o.put("receipts_skipped", ds.skipped());
            o.put("ocr_corrected", ds.ocrCorrected().stream().map(com.layoutlens.data.Receipt::id).toList());
            o.put("written", counts[0]);
            o.put("failed", counts[1]);
            o.put("words", counts[2]);
            o.put("stale_removed", removed);
            o.put("seconds", secs);
            o.put("errors", Json.problems(problems));
            o.put("from_cache", run.fromCache());
            o.put("cache", run.cacheDir() == null ? null : run.cacheDir().toString());
            o.put("fallback", run.fallback());
            out().println(Json.write(o));
        } else {
            out().printf("%d of %d receipts labelled (%d words, %s, schema %s) -> %s in %.1fs on %s%s%n",
                    counts[0], ds.receipts().size() + ds.skipped().size(), counts[2],
                    level.describe() + (split ? ", token types split at the first total keyword" : ""), labelSet.name(),
                    com.layoutlens.data.Printable.of(out.toString()), secs, device,
                    run.fromCache() == 0 ? "" : " (" + run.fromCache() + " from the cache)");
            if (ds.ocrCorrectionsNote() != null) {
                out().println(com.layoutlens.data.Printable.of(ds.ocrCorrectionsNote()));
            }
            if (run.fallback() != null) {
                err.println("warning: " + run.fallback());
            }
            if (run.note() != null) {
                err.println("note: " + run.note());
            }
            Progress.printProblems(problems, err);
        }
        // a receipt whose box file could not be read was not labelled either
        return counts[1] == 0 && ds.skipped().isEmpty() ? 0 : LayoutLensCli.FAILED;
    }

    /** The model folder is checked and the device chosen before any receipt is read. */
    private Device check() {
        try {
            TokenClassifiers.describe(model); // a folder that is no model fails before the engine starts
            return chooser.choose(device.choice());
        } catch (ModelFolderException | IllegalArgumentException e) {
            throw new LayoutLensCli.UsageException(e.getMessage());
        }
    }

    /** The device as DJL names it ({@code cpu()}, {@code gpu(0)}), as earlier versions printed it. */
    private static String deviceName(String name) {
        if (name.equals("cpu")) {
            return Device.cpu().toString();
        }
        if (name.startsWith("gpu")) {
            return Device.gpu(name.length() == 3 ? 0 : Integer.parseInt(name.substring(3))).toString();
        }
        return name; // "cache": no model was loaded
    }

    /** The file a receipt was read from (a SROIE folder's box file), for its problems. */
    private static String sourceOf(Dataset ds, String id) {
        com.layoutlens.data.Receipt r = ds.receipt(id);
        List<Path> sources = r == null ? List.of() : ds.sources().of(r);
        return sources.stream().filter(Files::isRegularFile).findFirst()
                .or(() -> sources.stream().findFirst()).orElse(ds.dir().resolve(id)).toString();
    }
}
