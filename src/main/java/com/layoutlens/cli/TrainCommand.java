package com.layoutlens.cli;

import com.layoutlens.model.ConfigJson;
import com.layoutlens.model.ModelFolderException;
import com.layoutlens.model.encode.BoxLevel;
import com.layoutlens.model.encode.TotalSegments;
import com.layoutlens.train.Preset;
import com.layoutlens.model.registry.ModelFamilies;
import com.layoutlens.train.TrainableModels;
import com.layoutlens.train.TrainingConfig;
import com.layoutlens.train.TrainingEvent;
import com.layoutlens.train.TrainingException;
import com.layoutlens.train.TrainingJob;
import com.layoutlens.service.CrossValidation;
import com.layoutlens.service.TrainingRuns;
import com.layoutlens.train.TrainingResult;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/** {@code train}: fine-tune a model folder, or train a fresh small model, on labelled receipts. */
@Command(name = "train",
        description = {"Train a token classifier of any model family (--model) on a receipt folder: fine-tune a "
                + "Hugging Face model folder (--from; its model_type decides the family) or train a fresh model "
                + "from scratch (--config tiny|small|base, with --model).",
                "Labels come from labels/ID.csv where present (corrected gold), else from the key files by alignment. "
                        + "Every problem in the receipts is reported with its file and line; a receipt whose label or "
                        + "key file has errors is left out of training and dev (--strict stops instead). "
                        + "OUT receives best/ (the model with the best dev F1, a Hugging Face folder), checkpoint/ "
                        + "(resumable with --resume) and training_log.csv. Ctrl-C stops after a checkpoint."},
        mixinStandardHelpOptions = true)
public final class TrainCommand extends CliCommand {
    /** The families a fresh model can be, as help lists them: {@code layoutlm (text and 2D layout)}. */
    static final class FreshFamilies implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() {
            return TrainableModels.freshModelTypes().stream()
                    .map(t -> t + " (" + ModelFamilies.find(t).orElseThrow().summary() + ")").iterator();
        }
    }

    static final class Start {
        @Option(names = "--from", paramLabel = "DIR", description = "Hugging Face model folder to fine-tune")
        Path from;

        @Option(names = "--config", paramLabel = "NAME", description = "fresh model size: tiny, small or base (the hub's base widths)")
        String config;

        @Option(names = "--from-encoder", paramLabel = "DIR",
                description = "a plain text encoder folder (BERT family for layoutlm and layoutlmv2, RoBERTa for "
                        + "layoutlmv3): its embeddings and layers start a --model model, layout embeddings, page "
                        + "branch and head fresh (listed when training starts); its tokenizer is kept")
        Path fromEncoder;
    }

    @CommandLine.Mixin
    SchemaOption schema = new SchemaOption();

    @ArgGroup(exclusive = true, multiplicity = "0..1")
    Start start;

    @Option(names = "--model", paramLabel = "TYPE", completionCandidates = FreshFamilies.class,
            description = "family of a fresh model (--config), layoutlm by default: ${COMPLETION-CANDIDATES}; "
                    + "with --from the folder's model_type decides")
    String model;

    @Option(names = "--boxes", paramLabel = "LEVEL",
            description = "word (each word its own box) or segment (every word of an OCR line the line's box); "
                    + "default: the folder's own choice with --from or --resume, else word; saved in config.json")
    String boxes;

    @Option(names = "--total-segments", negatable = true,
            description = "token type 0 before the receipt's first total keyword (the total-keyword rule's TOTAL, "
                    + "AMOUNT, RM, $, in visual reading order) and 1 from it on, in training and, saved in the model "
                    + "folder, in every prediction; default: the folder's own choice when fine-tuning, else off; a "
                    + "resumed run keeps its checkpoint's")
    Boolean totalSegments;

    @picocli.CommandLine.Mixin
    ReceiptsOption receipts = new ReceiptsOption();

    @Option(names = "--dev", paramLabel = "DIR",
            description = "separate receipt folder for evaluation; without it --dev-fraction of --data is held out")
    Path dev;

    @Option(names = "--dev-format", defaultValue = com.layoutlens.data.formats.ReceiptFormats.AUTO,
            paramLabel = "auto|NAME", completionCandidates = Formats.ReaderNames.class,
            description = "format of the --dev folder: auto (default: detected) or one of ${COMPLETION-CANDIDATES}")
    String devFormat;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "output folder")
    Path out;

    @Option(names = "--steps", defaultValue = "800", paramLabel = "N", description = "optimizer steps (default ${DEFAULT-VALUE})")
    int steps;

    @Option(names = "--batch", defaultValue = "8", paramLabel = "N", description = "windows per step (default ${DEFAULT-VALUE})")
    int batch;

    @Option(names = "--lr", defaultValue = "0", paramLabel = "X",
            description = "peak learning rate; default 5e-5 for --from, the preset's for --config (tiny 1e-3, small 5e-4, base 5e-5)")
    double lr;

    @Option(names = "--seed", defaultValue = "42", paramLabel = "N", description = "random seed (default ${DEFAULT-VALUE})")
    int seed;

    @Option(names = "--max-length", defaultValue = "512", paramLabel = "TOKENS",
            description = "tokens per window (default ${DEFAULT-VALUE})")
    int maxLength;

    @Option(names = "--weight-decay", defaultValue = "0.01", paramLabel = "X", description = "AdamW weight decay (default ${DEFAULT-VALUE})")
    double weightDecay;

    @Option(names = "--warmup", defaultValue = "0.1", paramLabel = "RATIO", description = "warm-up share of the steps (default ${DEFAULT-VALUE})")
    double warmup;

    @Option(names = "--dev-fraction", defaultValue = "0.1", paramLabel = "X", description = "share of receipts held out for dev (default ${DEFAULT-VALUE})")
    double devFraction;

    @Option(names = "--eval-every", defaultValue = "100", paramLabel = "N", description = "steps between dev evaluations (default ${DEFAULT-VALUE})")
    int evalEvery;

    @Option(names = "--checkpoint-every", defaultValue = "100", paramLabel = "N", description = "steps between checkpoints (default ${DEFAULT-VALUE})")
    int checkpointEvery;

    @picocli.CommandLine.Mixin
    DeviceOption device = new DeviceOption();

    @Option(names = "--resume", description = "continue from OUT/checkpoint (with its hyper-parameters)")
    boolean resume;

    @Option(names = "--strict", description = "stop before training when a receipt's label or key file has errors "
            + "(default: report them and leave that receipt out of training and dev)")
    boolean strict;

    @Option(names = "--json", description = "print the result as one JSON object on stdout")
    boolean json;

    @Option(names = "--cross-val", paramLabel = "K",
            description = "K-fold cross-validation: the labelled receipts split by receipt into K folds (seeded), K "
                    + "models trained (OUT/fold-1 ... OUT/fold-K), each predicting the fold it did not see; the "
                    + "out-of-fold predictions, with p_TAG probabilities as predict --probs writes them, go to "
                    + "OUT/out-of-fold/ (one label file per labelled receipt; suspects reads them) and the folds to "
                    + "OUT/folds.json")
    Integer crossVal;

    @Override
    public Integer call() {
        if (start == null && !resume) {
            throw new LayoutLensCli.UsageException("give --from DIR or --config NAME (or --resume)");
        }
        if (start == null && !Files.isRegularFile(out.resolve("checkpoint").resolve("trainer_state.json"))) {
            throw new LayoutLensCli.UsageException(out + ": no checkpoint to resume (give --from DIR or --config NAME "
                    + "to start afresh)");
        }
        receipts.reader(); // an unknown format or a folder no format recognises stops before training
        if (dev != null) {
            Formats.reader("--dev-format", devFormat, dev);
        }
        TrainingConfig.Builder b = TrainingConfig.builder(receipts.data(), out).formats(receipts.format.format, devFormat);
        if (model != null && !TrainableModels.modelTypes().contains(model)) {
            throw new LayoutLensCli.UsageException("unknown --model '" + model + "' (use one of "
                    + String.join(", ", TrainableModels.modelTypes()) + ")");
        }
        if (start != null && start.fromEncoder != null) {
            LayoutLensCli.requireFolder(start.fromEncoder);
            if (model != null) {
                b.modelType(model);
            }
            b.fromEncoder(start.fromEncoder);
        } else if (start != null && start.from != null) {
            LayoutLensCli.requireFolder(start.from);
            if (model != null) {
                String type;
                try {
                    type = ConfigJson.modelType(start.from);
                } catch (ModelFolderException e) {
                    throw new LayoutLensCli.UsageException(e.getMessage());
                }
                if (!model.equals(type)) {
                    throw new LayoutLensCli.UsageException("--model " + model + " disagrees with " + start.from
                            + " (model_type '" + type + "'); the folder's type decides, leave --model out");
                }
            }
            b.from(start.from);
        } else {
            if (model != null) {
                b.modelType(model);
            }
            String name = start != null ? start.config : "tiny"; // a resumed run takes its preset from the checkpoint
            Preset p = Preset.named(name);
            if (p == null) {
                throw new LayoutLensCli.UsageException("unknown --config '" + name + "' (use one of "
                        + Preset.all().stream().map(Preset::name).collect(Collectors.joining(", ")) + ")");
            }
            b.preset(p);
        }
        TrainingConfig config;
        try {
            config = b.devData(dev).steps(steps).batchSize(batch).learningRate(lr).seed(seed).maxLength(maxLength)
                    .weightDecay(weightDecay).warmupRatio(warmup).devFraction(devFraction).evalEvery(evalEvery)
                    .checkpointEvery(checkpointEvery).device(device.choice()).resume(resume).strict(strict)
                    .boxLevel(boxes == null ? null : BoxLevel.parse(boxes)).schema(schema.given())
                    .totalSegments(totalSegments).build();
        } catch (IllegalArgumentException e) {
            throw new LayoutLensCli.UsageException(e.getMessage());
        }
        if (crossVal != null && crossVal < 2) {
            throw new LayoutLensCli.UsageException("--cross-val K needs K of at least 2 (K models, each predicting "
                    + "the fold of receipts it did not train on), got " + crossVal);
        }
        PrintWriter err = spec.commandLine().getErr();
        String corrected = com.layoutlens.data.Dataset.correctionsNote(receipts.data());
        if (corrected != null) {
            err.println(com.layoutlens.data.Printable.of(corrected));
        }
        java.util.concurrent.atomic.AtomicReference<TrainingJob> current = new java.util.concurrent.atomic.AtomicReference<>();
        Thread hook = new Thread(() -> {
            TrainingJob running = current.get();
            if (running != null) {
                running.cancel();
            }
        }, "layoutlens-train-cancel");
        Runtime.getRuntime().addShutdownHook(hook);
        TrainingResult r;
        boolean[] firstRun = {true};
        TrainingRuns.Runner runner = c -> {
            TrainingJob job = new TrainingJob(c);
            if (!json) {
                job.addListener(new Bar(err, firstRun[0])); // the receipts' problems once, not once per fold
            }
            firstRun[0] = false;
            current.set(job);
            return job.run();
        };
        try {
            if (crossVal != null) {
                CrossValidation.Outcome cv = CrossValidation.run(config, crossVal, chooser::choose, runner,
                        new FoldLines(err, json), () -> current.get() != null && current.get().isCancelRequested());
                printCrossValidation(cv);
                return cv.folds().stream().allMatch(f -> f.failed().isEmpty()) ? 0 : LayoutLensCli.FAILED;
            }
            r = TrainingRuns.run(config, chooser::choose, runner, why -> err.println("warning: " + why));
        } catch (TrainingException e) {
            if (e.workFailed()) {
                throw new LayoutLensCli.Failure(e.getMessage());
            }
            throw new LayoutLensCli.UsageException(e.getMessage());
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException ignored) {
                // already shutting down
            }
        }
        String level = boxLevel(r);
        Boolean split = totalSegments(r);
        if (json) {
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("steps", r.steps());
            o.put("boxes", level);
            o.put("total_segments", split);
            o.put("cancelled", r.cancelled());
            o.put("last_loss", finite(r.lastLoss()));
            o.put("best_dev_f1", finite(r.bestDevF1()));
            o.put("best_step", r.bestStep());
            o.put("initial_dev_f1", finite(r.initialDevF1()));
            o.put("best_model", r.bestModel().toString());
            o.put("checkpoint", r.checkpoint().toString());
            o.put("log", r.log().toString());
            o.put("errors", Json.problems(r.problems()));
            spec.commandLine().getOut().println(Json.write(o));
        } else {
            spec.commandLine().getOut().printf(Locale.ROOT,
                    "%s after %d steps (%s-level boxes%s); best dev micro F1 %s (step %d, %s before training) -> %s%n",
                    r.cancelled() ? "cancelled" : "done", r.steps(), level,
                    Boolean.TRUE.equals(split) ? ", token types split at the first total keyword" : "",
                    f4(r.bestDevF1()), r.bestStep(),
                    f4(r.initialDevF1()), com.layoutlens.data.Printable.of(r.bestModel().toString()));
        }
        return 0;
    }

    /** The summary of a cross-validation: the folds, the out-of-fold folder, the problems. */
    private void printCrossValidation(CrossValidation.Outcome cv) {
        PrintWriter err = spec.commandLine().getErr();
        if (json) {
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("cross_val", cv.plan().k());
            o.put("seed", seed);
            o.put("receipts", cv.plan().receipts().size());
            o.put("written", cv.written());
            o.put("cancelled", cv.cancelled());
            o.put("out_of_fold", cv.outOfFold().toString());
            o.put("folds_file", out.resolve(CrossValidation.FOLDS_FILE).toString());
            List<Object> folds = new java.util.ArrayList<>();
            for (CrossValidation.Fold f : cv.folds()) {
                Map<String, Object> x = new LinkedHashMap<>();
                x.put("fold", f.fold());
                x.put("held_out", f.heldOut().size());
                x.put("trained", f.training().trained().size());
                x.put("steps", f.training().steps());
                x.put("best_dev_f1", finite(f.training().bestDevF1()));
                x.put("best_model", f.training().bestModel().toString());
                x.put("written", f.written().size());
                x.put("failed", f.failed().size());
                folds.add(x);
            }
            o.put("folds", folds);
            o.put("errors", Json.problems(cv.problems()));
            spec.commandLine().getOut().println(Json.write(o));
            return;
        }
        Progress.printProblems(cv.problems().stream().filter(p -> !cv.plan().problems().contains(p)).toList(), err);
        Path labels = receipts.data().resolve(com.layoutlens.data.Dataset.LABELS);
        spec.commandLine().getOut().printf(Locale.ROOT, "%s: %d of %d folds, %d of %d labelled receipts predicted out of "
                        + "fold, with probabilities -> %s%s%n", cv.cancelled() ? "cross-validation cancelled" : "cross-validation done",
                cv.folds().size(), cv.plan().k(), cv.written(), cv.plan().receipts().size(),
                com.layoutlens.data.Printable.of(cv.outOfFold().toString()),
                cv.cancelled() ? " (--resume continues)" : Files.isDirectory(labels)
                        ? " (suspects --gold " + com.layoutlens.data.Printable.of(labels.toString()) + " --pred "
                        + com.layoutlens.data.Printable.of(cv.outOfFold().toString()) + ")" : "");
    }

    /** Progress per fold on standard error: which fold trains, its held-out receipts predicted, its end. */
    private static final class FoldLines implements CrossValidation.Listener {
        private final PrintWriter err;
        private final boolean quiet;
        private java.util.function.BiConsumer<Integer, Integer> bar;

        FoldLines(PrintWriter err, boolean quiet) {
            this.err = err;
            this.quiet = quiet;
        }

        @Override
        public void planned(com.layoutlens.train.Folds.Plan plan) {
            say(String.format(Locale.ROOT, "cross-validation: %d labelled receipts in %d folds of %d to %d",
                    plan.receipts().size(), plan.k(), plan.folds().stream().mapToInt(List::size).min().orElse(0),
                    plan.folds().stream().mapToInt(List::size).max().orElse(0)));
        }

        @Override
        public void foldStarted(int fold, int k, List<String> heldOut) {
            bar = null;
            say(String.format(Locale.ROOT, "fold %d/%d: training without its %d receipts", fold, k, heldOut.size()));
        }

        @Override
        public void predicting(int fold, int k, int done, int total) {
            if (quiet) {
                return;
            }
            if (bar == null) {
                bar = Progress.bar(String.format(Locale.ROOT, "fold %d/%d: predicting its held-out receipts", fold, k),
                        err);
            }
            bar.accept(done, total);
        }

        @Override
        public void foldFinished(CrossValidation.Fold f, int k) {
            say(String.format(Locale.ROOT, "fold %d/%d done: best dev micro F1 %s; %d out-of-fold predictions%s",
                    f.fold(), k, f4(f.training().bestDevF1()), f.written().size(),
                    f.failed().isEmpty() ? "" : ", " + f.failed().size() + " receipts not predicted"));
        }

        @Override
        public void fellBack(String message) {
            err.println("warning: " + message);
        }

        private void say(String line) {
            if (!quiet) {
                err.println(line);
                err.flush();
            }
        }
    }

    /** The box level the run's checkpoint records ({@code word} or {@code segment}). */
    private static String boxLevel(TrainingResult r) {
        try {
            return BoxLevel.ofFolder(r.checkpoint()).id();
        } catch (ModelFolderException | RuntimeException e) {
            return "unknown";
        }
    }

    /** Whether the run's checkpoint records the split at the first total keyword; null when unreadable. */
    private static Boolean totalSegments(TrainingResult r) {
        try {
            return TotalSegments.ofFolder(r.checkpoint());
        } catch (ModelFolderException | RuntimeException e) {
            return null;
        }
    }

    /** How {@code --device} becomes a device for the fallback's verdict; replaced in tests. */
    static TrainingRuns.DeviceChooser chooser = com.layoutlens.model.Devices::choose;

    private static String f4(double v) {
        return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%.4f", v);
    }

    private static Object finite(double v) {
        return Double.isFinite(v) ? v : null;
    }

    /** The progress line: step, smoothed loss, rate, speed, ETA and the latest dev F1. */
    private static final class Bar implements com.layoutlens.train.TrainingListener {
        private final PrintWriter err;
        private final boolean problems;
        private final boolean tty = System.console() != null;
        private double smoothed = Double.NaN;
        private double lastF1 = Double.NaN;
        private long lastPrint;

        /** @param problems whether to print the receipts' problems (a cross-validation's later folds repeat them) */
        Bar(PrintWriter err, boolean problems) {
            this.err = err;
            this.problems = problems;
        }

        @Override
        public void onEvent(TrainingEvent e) {
            switch (e.kind()) {
                case PROBLEM -> {
                    if (problems) {
                        err.println("  " + com.layoutlens.data.Printable.of(e.message()));
                    }
                }
                case STARTED -> err.println(com.layoutlens.data.Printable.of(e.message()));
                case STEP -> {
                    smoothed = Double.isNaN(smoothed) ? e.loss() : 0.9 * smoothed + 0.1 * e.loss();
                    long now = System.nanoTime();
                    boolean end = e.step() == e.totalSteps();
                    if (!end && now - lastPrint < 500_000_000L) {
                        return;
                    }
                    lastPrint = now;
                    int width = 24;
                    int filled = (int) Math.round(width * e.fraction());
                    String line = String.format(Locale.ROOT, "[%s%s] %d/%d loss %.4f lr %.2e %.2f steps/s ETA %s%s",
                            "#".repeat(filled), ".".repeat(width - filled), e.step(), e.totalSteps(), smoothed,
                            e.learningRate(), e.stepsPerSecond(), eta(e.etaSeconds()),
                            Double.isNaN(lastF1) ? "" : String.format(Locale.ROOT, " dev F1 %.4f", lastF1));
                    if (tty) {
                        err.print("\r" + line + (end ? "\n" : ""));
                    } else {
                        err.println(line);
                    }
                    err.flush();
                }
                case EVALUATED -> {
                    lastF1 = e.devF1();
                    if (!tty) {
                        err.println(com.layoutlens.data.Printable.of(e.message()));
                    }
                }
                case CANCELLED, FINISHED -> {
                    if (tty) {
                        err.println();
                    }
                    err.println(com.layoutlens.data.Printable.of(e.message()));
                }
                default -> {
                }
            }
        }

        private static String eta(double secs) {
            if (!Double.isFinite(secs)) {
                return "?";
            }
            long s = Math.round(secs);
            return s >= 3600 ? String.format(Locale.ROOT, "%dh%02dm", s / 3600, s / 60 % 60)
                    : String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60);
        }
    }
}
