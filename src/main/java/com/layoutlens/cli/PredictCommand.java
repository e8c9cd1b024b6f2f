package com.layoutlens.cli;

import ai.djl.Device;
import com.layoutlens.data.Dataset;
import com.layoutlens.data.LabelFile;
import com.layoutlens.data.LabelSet;
import com.layoutlens.data.Problem;
import com.layoutlens.data.WriteErrors;
import com.layoutlens.model.Devices;
import com.layoutlens.model.ModelFolderException;
import com.layoutlens.model.registry.TokenClassifiers;
import com.layoutlens.model.encode.BoxLevel;
import com.layoutlens.model.predict.ReceiptPredictor;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code predict}: word labels from a model folder of any family, one label file per receipt. */
@Command(name = "predict",
        description = {"Label every word of a receipt folder (SROIE layout) with a model folder (Hugging Face layout: "
                + "config.json, model.safetensors or pytorch_model.bin, the family's tokenizer files) and write "
                + "one label file per receipt, with the model's confidence as score. The model_type of config.json "
                + "picks the family (models list names them); a family that reads the page also reads each "
                + "receipt's image (img/).",
                "The model folder is checked completely before any receipt is read; a receipt that cannot be "
                        + "labelled (for a model that reads the page also one without a readable image) is reported "
                        + "and skipped."},
        mixinStandardHelpOptions = true)
public final class PredictCommand implements Callable<Integer> {

    @Option(names = "--model", required = true, paramLabel = "DIR", description = "model folder")
    Path model;

    @Option(names = "--data", required = true, paramLabel = "DIR", description = "receipt folder with box/ (img/ optional)")
    Path data;

    @Option(names = "--out", required = true, paramLabel = "LABEL_DIR", description = "where to write ID.csv label files")
    Path out;

    @Option(names = "--batch", defaultValue = "8", paramLabel = "N", description = "windows per forward pass (default ${DEFAULT-VALUE})")
    int batch;

    @Option(names = "--device", defaultValue = "auto", paramLabel = "cpu|gpu|auto",
            description = "where the model runs; auto takes the GPU when the engine sees one (default ${DEFAULT-VALUE})")
    String device;

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

    @Option(names = "--json", description = "print the summary as one JSON object on stdout")
    boolean json;

    @Override
    public Integer call() throws IOException {
        if (batch < 1) {
            throw new LayoutLensCli.UsageException("--batch must be at least 1");
        }
        if (!Files.isDirectory(model)) {
            throw new LayoutLensCli.UsageException(model + ": not a folder");
        }
        if (!Files.isDirectory(data)) {
            throw new LayoutLensCli.UsageException(data + ": not a folder");
        }
        LabelSet labelSet = LabelSet.sroie();
        PrintStream err = System.err;
        long start = System.nanoTime();
        try (ReceiptPredictor predictor = open(labelSet)) {
            Dataset ds;
            try {
                ds = Dataset.load(data, labelSet, data.resolve("labels-none-" + System.nanoTime()),
                        json ? null : Progress.bar("reading", err));
            } catch (IOException e) {
                throw new LayoutLensCli.UsageException(e.getMessage());
            }
            try {
                Files.createDirectories(out);
            } catch (IOException e) {
                throw new LayoutLensCli.Failure(WriteErrors.cannotWrite(out, e));
            }
            List<Problem> problems = new ArrayList<>(ds.problems());
            int[] counts = new int[3]; // written, failed, words
            java.util.Set<String> written = new java.util.HashSet<>();
            predictor.predict(ds.receipts(), result -> {
                Path file = out.resolve(result.receipt().id() + ".csv");
                if (!result.ok()) {
                    counts[1]++;
                    problems.add(Problem.error(boxFile(result.receipt().id()), 0, result.error() + "; skipped"));
                    return;
                }
                try {
                    LabelFile.write(file, result.rows());
                    written.add(result.receipt().id());
                    counts[0]++;
                    counts[2] += result.rows().size();
                } catch (IOException e) {
                    counts[1]++;
                    problems.add(Problem.error(file.toString(), 0, WriteErrors.cannotWrite(file, e)));
                }
            }, json ? null : Progress.bar("predicting", err));
            int removed = StalePredictions.remove(out, StalePredictions.receiptIds(data), written, problems);
            double secs = (System.nanoTime() - start) / 1e9;
            Device dev = predictor.model().device();
            if (json) {
                Map<String, Object> o = new LinkedHashMap<>();
                o.put("model", model.toString());
                o.put("data", data.toString());
                o.put("out", out.toString());
                o.put("device", dev.toString());
                o.put("boxes", predictor.boxLevel().id());
                o.put("receipts", ds.receipts().size());
                o.put("ocr_corrected", ds.ocrCorrected().stream().map(com.layoutlens.data.Receipt::id).toList());
                o.put("written", counts[0]);
                o.put("failed", counts[1]);
                o.put("words", counts[2]);
                o.put("stale_removed", removed);
                o.put("seconds", secs);
                o.put("errors", Json.problems(problems));
                System.out.println(Json.write(o));
            } else {
                System.out.printf("%d of %d receipts labelled (%d words, %s) -> %s in %.1fs on %s%n", counts[0],
                        ds.receipts().size() + ds.skipped().size(), counts[2], predictor.boxLevel().describe(),
                        com.layoutlens.data.Printable.of(out.toString()), secs, dev);
                if (ds.ocrCorrectionsNote() != null) {
                    System.out.println(com.layoutlens.data.Printable.of(ds.ocrCorrectionsNote()));
                }
                if (!predictor.model().report().unexpected().isEmpty()) {
                    err.println("note: " + predictor.model().report().summary());
                }
                Progress.printProblems(problems, err);
            }
            // a receipt whose box file could not be read was not labelled either
            return counts[1] == 0 && ds.skipped().isEmpty() ? 0 : LayoutLensCli.FAILED;
        }
    }

    private ReceiptPredictor open(LabelSet labelSet) {
        try {
            TokenClassifiers.describe(model); // a folder that is no model fails before the engine starts
            Device dev = Devices.choose(device);
            return ReceiptPredictor.open(model, dev, labelSet, new ReceiptPredictor.Settings(batch, maxLength, stride,
                    boxes == null ? null : BoxLevel.parse(boxes)));
        } catch (ModelFolderException e) {
            throw new LayoutLensCli.UsageException(e.getMessage());
        } catch (IllegalArgumentException e) {
            throw new LayoutLensCli.UsageException(e.getMessage());
        }
    }

    private String boxFile(String id) {
        return data.resolve(Dataset.BOX).resolve(id + ".csv").toString();
    }
}
