package com.layoutlens.train;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.layoutlens.data.AtomicFiles;
import com.layoutlens.data.LabelSet;
import com.layoutlens.data.Problem;
import com.layoutlens.data.WriteErrors;
import com.layoutlens.data.formats.ReceiptFormats;
import com.layoutlens.data.Receipt;
import com.layoutlens.data.Word;
import com.layoutlens.eval.Evaluation;
import com.layoutlens.model.Devices;
import com.layoutlens.model.LabelNames;
import com.layoutlens.model.ModelFolderException;
import com.layoutlens.model.TorchRandom;
import com.layoutlens.model.encode.BoxLevel;
import com.layoutlens.model.encode.ReceiptEncoder;
import com.layoutlens.model.encode.TotalSegments;
import com.layoutlens.model.encode.WordTokenizer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * One run of the training loop (see {@link TrainingJob} for the public face).
 *
 * <p>Reproducibility: the engine's generator is reseeded from (seed, step) before every
 * step, so dropout masks depend on the step number only; the data order likewise
 * ({@link Windows}); and a checkpoint holds the weights, the optimizer moments and the step.
 * A run resumed from a checkpoint therefore ends, on the CPU, with the same weights as an
 * uninterrupted one.
 *
 * <p>Output folder: {@code checkpoint/} (the latest resumable state: a Hugging Face model
 * folder plus {@code optimizer.safetensors} and {@code trainer_state.json}), {@code best/}
 * (the model with the best dev F1, a plain Hugging Face folder), {@code training_log.csv}.
 */
final class TrainingRun {

    static final String CHECKPOINT = "checkpoint";
    static final String BEST = "best";
    static final String TOKENIZER = "tokenizer";
    static final String LOG = "training_log.csv";
    static final String STATE = "trainer_state.json";
    static final String OPTIMIZER = "optimizer.safetensors";
    static final String LOG_HEADER = "step,loss,learning_rate,grad_norm,dev_micro_f1,seconds";

    private final TrainingConfig requested;
    private final Consumer<TrainingEvent> events;
    private final BooleanSupplier cancelled;
    /** The dev F1 before the first step, carried through checkpoints. */
    private double initialF1 = Double.NaN;
    /** Word- or segment-level boxes: the run's option, else the folder's, else word level. */
    private BoxLevel boxLevel = BoxLevel.WORD;
    /** Token types split at the first total keyword: the run's option, else the folder's, else off. */
    private boolean totalSegments;
    private Double resumedInitialF1;
    /** What became of the model's head (kept, re-indexed, fresh and why), for the CLI, the app and trainer_state.json. */
    private String head;
    /** What was wrong in the receipts read for this run. */
    private List<Problem> problems = List.of();

    TrainingRun(TrainingConfig config, Consumer<TrainingEvent> events, BooleanSupplier cancelled) {
        this.requested = config;
        this.events = events;
        this.cancelled = cancelled;
    }

    TrainingResult run() throws TrainingException {
        // PyTorch's grad mode is per thread and on by default in a fresh one: off, gradients are
        // recorded only inside the step's collector, and the optimizer may update weights in place
        try {
            Devices.pytorch(); // loads the native library
        } catch (ModelFolderException e) {
            throw new TrainingException(e.getMessage(), e);
        }
        boolean gradMode = JniUtils.isGradMode();
        JniUtils.setGradMode(false);
        try {
            return runInThread();
        } finally {
            JniUtils.setGradMode(gradMode);
        }
    }

    private TrainingResult runInThread() throws TrainingException {
        TrainingConfig config = requested;
        Path out = config.out();
        Path checkpointDir = out.resolve(CHECKPOINT);
        Path bestDir = out.resolve(BEST);
        Path logFile = out.resolve(LOG);
        check(Files.isDirectory(config.data()), config.data() + ": not a folder");
        if (config.devData() != null) {
            check(Files.isDirectory(config.devData()), config.devData() + ": not a folder");
        }
        // the run's folder is never one its receipts are read from
        for (Path read : new Path[] {config.data(), config.devData()}) {
            String refusal = read == null ? null : com.layoutlens.data.formats.OutputPlace.refusalBelow(out, read);
            check(refusal == null, refusal);
        }
        if (config.from() != null) {
            check(Files.isRegularFile(config.from().resolve("config.json")),
                    config.from() + ": not a model folder (no config.json)");
        }
        Device device;
        try {
            device = Devices.choose(config.device());
            Files.createDirectories(out);
            FolderSwap.recover(checkpointDir);
            FolderSwap.recover(bestDir);
        } catch (ModelFolderException e) {
            throw new TrainingException(e.getMessage(), e);
        } catch (IOException e) {
            throw TrainingException.failed(out + ": cannot prepare the output folder: " + WriteErrors.reason(e), e);
        }
        boolean resuming = config.resume() && Files.isRegularFile(checkpointDir.resolve(STATE));
        if (!config.resume() && Files.exists(checkpointDir)) {
            throw new TrainingException(out + " already holds a checkpoint: resume it, or choose another output folder");
        }
        if (!resuming) {
            // a model is never trained over; an earlier run's results only when --resume asks to start it afresh
            // (a run stopped before its first checkpoint has best/ and its log, and nothing to resume from)
            TrainingJob.refuseModelFolder(out);
            for (String name : List.of(LOG, bestDir.getFileName().toString())) {
                Path p = out.resolve(name);
                if (!config.resume() && (p.equals(bestDir) ? Files.isDirectory(p) : Files.isRegularFile(p))) {
                    throw new TrainingException(out + " already holds an earlier run (" + name + ") without a"
                            + " checkpoint: choose another output folder, or --resume to start it afresh there");
                }
            }
        }
        int startStep = 0;
        double bestF1 = Double.NaN;
        int bestStep = 0;
        List<String> log = new ArrayList<>();
        if (resuming) {
            JsonNode state = readState(checkpointDir.resolve(STATE));
            config = restoredConfig(config, state, checkpointDir.resolve(STATE));
            startStep = state.path("step").asInt();
            bestF1 = state.path("best_dev_f1").isNumber() ? state.path("best_dev_f1").asDouble() : Double.NaN;
            bestStep = state.path("best_step").asInt();
            head = state.hasNonNull("head") ? state.get("head").asText() : null;
            if (state.path("initial_dev_f1").isNumber()) {
                resumedInitialF1 = state.path("initial_dev_f1").asDouble();
            }
            log.addAll(readLog(checkpointDir.resolve(LOG)));
        }

        Path source = resuming ? checkpointDir : config.fromEncoder() != null ? null : config.from();
        LabelSet labelSet = schemaFor(config.schema() != null || source != null ? config.schema()
                : ReceiptFormats.ownSchema(config.data(), config.format()), source);
        List<String> labels = labelSet.tags();
        if (source != null && !resuming) {
            head = headNote(source, config.schema(), labelSet);
            emit(TrainingEvent.Kind.PROBLEM, startStep, config.steps(), Double.NaN, Double.NaN, Double.NaN,
                    Double.NaN, Double.NaN, Double.NaN, head);
        } else if (!resuming) {
            head = "fresh head for the schema " + labelSet.name() + " (" + labelSet.scheme().id() + ", "
                    + labels.size() + " tags)";
        }
        List<String> skipped = new ArrayList<>();
        List<Problem> problems = new ArrayList<>();
        List<String> leftOut = new ArrayList<>();
        TrainingData.Split split = split(config, labelSet, skipped, problems, leftOut);
        // nor a folder the receipts' images are in, whatever its name (an hf folder's images may be anywhere)
        String imageFolder = imageFolderRefusal(out, split);
        check(imageFolder == null, imageFolder);
        for (Problem p : problems) {
            emit(TrainingEvent.Kind.PROBLEM, startStep, config.steps(), Double.NaN, Double.NaN, Double.NaN,
                    Double.NaN, Double.NaN, Double.NaN, p.toString());
        }
        this.problems = List.copyOf(problems);
        if (config.strict() && !leftOut.isEmpty()) {
            throw TrainingException.failed("stopped (--strict): " + leftOut.size() + " receipt"
                    + (leftOut.size() == 1 ? " has" : "s have") + " unusable gold labels; the first: " + leftOut.get(0)
                    + (problems.isEmpty() ? "" : "; the problems are listed above"), null);
        }
        check(!split.train().isEmpty(), config.data() + ": no labelled receipts to train on"
                + (skipped.isEmpty() ? "" : " (" + skipped.get(0) + ")"));

        Engine engine = Engine.getEngine("PyTorch");
        Path tokenizerDir;
        try {
            // a resumed run keeps its checkpoint's choice, as it keeps its hyper-parameters
            totalSegments = resuming ? TotalSegments.ofFolder(checkpointDir)
                    : config.totalSegments() != null ? config.totalSegments()
                    : config.from() != null && config.fromEncoder() == null && TotalSegments.ofFolder(config.from());
        } catch (ModelFolderException e) {
            throw new TrainingException(e.getMessage(), e);
        }
        TrainableModel model = null;
        WordTokenizer tokenizer = null;
        AdamW optimizer = null;
        try {
            if (resuming) {
                tokenizerDir = checkpointDir;
                model = TrainableModels.open(checkpointDir, labels, device);
            } else if (config.fromEncoder() != null) {
                tokenizerDir = config.fromEncoder();
                synchronized (TorchRandom.LOCK) {
                    engine.setRandomSeed(config.seed());
                    model = TrainableModels.fromEncoder(config.modelType(), config.fromEncoder(), labels, device);
                }
            } else if (config.from() != null) {
                tokenizerDir = config.from();
                synchronized (TorchRandom.LOCK) {
                    engine.setRandomSeed(config.seed());
                    model = TrainableModels.open(config.from(), labels, device);
                }
            } else {
                tokenizerDir = out.resolve(TOKENIZER);
                List<String> words = new ArrayList<>();
                for (TrainingData.Item it : split.train()) {
                    for (Word w : it.words()) {
                        words.add(w.text());
                    }
                }
                int vocabSize = TrainableModels.writeFreshVocabulary(config.modelType(), words,
                        config.preset().maxVocab(), tokenizerDir);
                synchronized (TorchRandom.LOCK) {
                    engine.setRandomSeed(config.seed());
                    model = TrainableModels.family(config.modelType()).create(config.preset(), vocabSize, labels,
                            totalSegments ? TotalSegments.TOKEN_TYPES : 0, device);
                }
            }
            if (totalSegments) {
                TotalSegments.requireTokenTypes(model.typeVocabSize(), String.valueOf(
                        resuming ? checkpointDir : config.fromEncoder() != null ? config.fromEncoder() : config.from()));
            }
            if (model.needsImage()) {
                split = withPageImages(split, skipped);
                check(!split.train().isEmpty(), config.data() + ": no receipt with a page image to train on ("
                        + model.modelType() + " reads the page)");
            }
            boxLevel = config.boxLevel() != null ? config.boxLevel()
                    : resuming ? BoxLevel.ofFolder(checkpointDir)
                    : config.from() != null ? BoxLevel.ofFolder(config.from()) : BoxLevel.WORD;
            split = withBoxLevel(split, boxLevel);
            tokenizer = WordTokenizer.load(tokenizerDir);
            int[] classToLabel = LabelNames.mapping(model.labels(), labelSet, "the model's labels");
            // a kept head keeps its class order: the gold tags are re-indexed to it
            split = reindexed(split, classToLabel);
            int maxLength = Math.min(config.maxLength(), model.maxPositions());
            long[][] specials = model.specialTokenBoxes();
            ReceiptEncoder encoder = new ReceiptEncoder(tokenizer, maxLength, Math.max(0, (maxLength - 2) / 4),
                    specials[0], specials[1]);
            if (totalSegments) {
                encoder = encoder.withTotalSegments();
            }
            Windows windows = windows(split.train(), encoder, config);
            DevEvaluator dev = new DevEvaluator(split.dev(), encoder, labelSet, classToLabel,
                    Math.max(8, config.batchSize()));

            optimizer = new AdamW(model.weights(), config.weightDecay(), model.manager());
            if (resuming) {
                optimizer.load(checkpointDir.resolve(OPTIMIZER), startStep);
            }
            LinearSchedule schedule = new LinearSchedule(config.effectiveLearningRate(), config.warmupSteps(),
                    config.steps());
            return loop(config, model, optimizer, schedule, windows, dev, engine, tokenizerDir, startStep, bestF1,
                    bestStep, log, split, skipped);
        } catch (ModelFolderException e) {
            throw new TrainingException(e.getMessage(), e);
        } catch (IOException e) {
            throw TrainingException.failed("training stopped: " + WriteErrors.fileAndReason(out, e), e);
        } catch (java.io.UncheckedIOException e) {
            throw TrainingException.failed("training stopped: " + WriteErrors.fileAndReason(out, e.getCause()), e);
        } finally {
            if (optimizer != null) {
                optimizer.close();
            }
            if (tokenizer != null) {
                tokenizer.close();
            }
            if (model != null) {
                model.close();
            }
        }
    }

    private TrainingResult loop(TrainingConfig config, TrainableModel model, AdamW optimizer, LinearSchedule schedule,
                                Windows windows, DevEvaluator dev, Engine engine, Path tokenizerDir, int startStep,
                                double bestF1, int bestStep, List<String> log, TrainingData.Split split,
                                List<String> skipped) throws IOException, TrainingException {
        Path out = config.out();
        int total = config.steps();
        ParameterStore ps = new ParameterStore(model.manager(), false);
        emit(TrainingEvent.Kind.STARTED, startStep, total, Double.NaN, Double.NaN, Double.NaN, Double.NaN,
                Double.NaN, bestF1, String.format(Locale.ROOT,
                        "%s: %d train receipts (%d windows), %d dev receipts%s, %d weights, peak learning rate %s%s%s",
                        startStep > 0 ? "resuming at step " + startStep : "training",
                        split.train().size(), windows.size(), split.dev().size(),
                        config.heldOut().isEmpty() ? "" : ", " + config.heldOut().size() + " held out",
                        model.weights().size(),
                        config.effectiveLearningRate(),
                        skipped.isEmpty() ? "" : ", " + skipped.size() + " receipts skipped",
                        config.resume() && startStep == 0 ? " (nothing to resume: starting afresh)" : "")
                        + (config.fromEncoder() != null && startStep == 0 ? "; fresh, not from the encoder: "
                        + model.freshWeights().size() + " weights (" + String.join(", ", model.freshWeights()) + ")"
                        : ""));
        double initialF1 = Double.NaN;
        if (!dev.isEmpty() && startStep == 0) {
            initialF1 = dev.evaluate(model, ps, modelName(step0Name(config), 0)).micro().f1();
            emit(TrainingEvent.Kind.EVALUATED, 0, total, Double.NaN, Double.NaN, Double.NaN, Double.NaN, initialF1,
                    bestF1, String.format(Locale.ROOT, "before training: dev micro F1 %.4f", initialF1));
        } else if (resumedInitialF1 != null) {
            initialF1 = resumedInitialF1;
        }
        this.initialF1 = initialF1;
        long trainNanos = 0;
        int stepsHere = 0;
        double lastLoss = Double.NaN;
        long runStart = System.nanoTime();
        int step = startStep;
        boolean wasCancelled = false;
        while (step < total) {
            if (cancelled.getAsBoolean()) {
                wasCancelled = true;
                break;
            }
            long t0 = System.nanoTime();
            double lr = schedule.rate(step);
            float loss;
            double norm;
            float[] result = trainStep(model, optimizer, ps, engine, windows.step(step), lr, config.maxGradNorm(),
                    stepSeed(config.seed(), step), step);
            loss = result[0];
            norm = result[1];
            step++;
            stepsHere++;
            trainNanos += System.nanoTime() - t0;
            lastLoss = loss;
            double sps = stepsHere / (trainNanos / 1e9);
            double eta = (total - step) / sps;
            double f1 = Double.NaN;
            if (!dev.isEmpty() && (step % config.evalEvery() == 0 || step == total)) {
                Evaluation ev = dev.evaluate(model, ps, modelName(step0Name(config), step));
                f1 = ev.micro().f1();
                emit(TrainingEvent.Kind.EVALUATED, step, total, loss, lr, sps, eta, f1, Math.max(nz(bestF1), f1),
                        String.format(Locale.ROOT, "step %d: dev micro F1 %.4f (word accuracy %.4f)", step, f1,
                                ev.accuracy()));
                if (Double.isNaN(bestF1) || f1 > bestF1) {
                    bestF1 = f1;
                    bestStep = step;
                    writeModel(out.resolve(BEST), model, tokenizerDir);
                    emit(TrainingEvent.Kind.CHECKPOINT, step, total, loss, lr, sps, eta, f1, bestF1,
                            "best model so far written to " + out.resolve(BEST));
                }
            }
            log.add(String.format(Locale.ROOT, "%d,%.6f,%.8g,%.6f,%s,%.3f", step, loss, lr, norm,
                    Double.isNaN(f1) ? "" : String.format(Locale.ROOT, "%.6f", f1),
                    (System.nanoTime() - runStart) / 1e9));
            emit(TrainingEvent.Kind.STEP, step, total, loss, lr, sps, eta, f1, bestF1,
                    String.format(Locale.ROOT, "step %d/%d loss %.4f lr %.2e", step, total, loss, lr));
            if (step % config.checkpointEvery() == 0 || step == total) {
                writeCheckpoint(config, model, optimizer, tokenizerDir, step, bestF1, bestStep, log);
                emit(TrainingEvent.Kind.CHECKPOINT, step, total, loss, lr, sps, eta, Double.NaN, bestF1,
                        "checkpoint of step " + step + " written");
            }
        }
        if (wasCancelled && step > startStep && step % config.checkpointEvery() != 0) {
            writeCheckpoint(config, model, optimizer, tokenizerDir, step, bestF1, bestStep, log);
        }
        if (dev.isEmpty() && !wasCancelled) {
            writeModel(out.resolve(BEST), model, tokenizerDir);
            bestStep = step;
        }
        writeLog(out.resolve(LOG), log);
        TrainingResult result = new TrainingResult(step, wasCancelled, lastLoss, bestF1, bestStep, initialF1,
                out.resolve(BEST), out.resolve(CHECKPOINT), out.resolve(LOG), problems, ids(split.train()),
                ids(split.dev()));
        emit(wasCancelled ? TrainingEvent.Kind.CANCELLED : TrainingEvent.Kind.FINISHED, step, total, lastLoss,
                Double.NaN, Double.NaN, 0, Double.NaN, bestF1, wasCancelled
                        ? "cancelled after step " + step + "; resume continues from the checkpoint"
                        : String.format(Locale.ROOT, "finished %d steps; best dev micro F1 %s at step %d", step,
                        Double.isNaN(bestF1) ? "n/a" : String.format(Locale.ROOT, "%.4f", bestF1), bestStep));
        return result;
    }

    /**
     * One optimizer step on the given windows: forward with dropout, masked cross-entropy,
     * backward, clipped AdamW update. Every array it makes is freed before it returns.
     *
     * @return the loss and the gradient norm before clipping
     */
    static float[] trainStep(TrainableModel model, AdamW optimizer, ParameterStore ps, Engine engine,
                             List<Windows.Example> examples, double lr, double maxGradNorm, int generatorSeed,
                             int step) throws TrainingException {
        try (NDManager scratch = model.manager().newSubManager()) {
            List<ReceiptEncoder.Window> ws = new ArrayList<>(examples.size());
            List<Receipt> receipts = new ArrayList<>(examples.size());
            for (Windows.Example e : examples) {
                ws.add(e.window());
                receipts.add(e.receipt());
            }
            Batch batch = Windows.batch(scratch, ws, receipts, model.padTokenId(), true);
            NDArray lossArray;
            synchronized (TorchRandom.LOCK) {
                engine.setRandomSeed(generatorSeed);
                try (GradientCollector collector = engine.newGradientCollector()) {
                    NDArray logits = model.logits(ps, batch, true);
                    lossArray = Losses.crossEntropy(logits, batch.labels());
                    collector.backward(lossArray);
                } catch (IllegalStateException e) {
                    throw new TrainingException("training failed at step " + (step + 1) + ": " + e.getMessage(), e);
                }
            }
            float loss = lossArray.getFloat();
            if (!Float.isFinite(loss)) {
                // the run went ahead and diverged: its work failed (exit 1), the options were usable
                throw TrainingException.failed("the loss became " + loss + " at step " + (step + 1)
                        + "; lower the learning rate", null);
            }
            double norm = optimizer.update(lr, maxGradNorm, scratch);
            return new float[] {loss, (float) norm};
        }
    }

    /** The model being trained as the user knows it: the folder it started from, or a fresh one. */
    private static String step0Name(TrainingConfig config) {
        return config.from() != null ? "the model started from " + com.layoutlens.data.Printable.of(config.from().toString())
                : config.preset() != null ? "the fresh " + config.preset().name() + " model" : "the model being trained";
    }

    /** {@code name} at a step, for messages: "..., before training" or "..., after 40 steps". */
    static String modelName(String name, int step) {
        return name + (step == 0 ? ", before training," : ", after " + step + (step == 1 ? " step," : " steps,"));
    }

    /** The generator seed of a step: distinct per (seed, step), so dropout needs no saved generator state. */
    static int stepSeed(int seed, int step) {
        long mixed = seed * 0x9E3779B97F4A7C15L + step * 0xBF58476D1CE4E5B9L;
        return (int) (mixed ^ (mixed >>> 31)) & 0x7fffffff;
    }

    private static List<String> ids(List<TrainingData.Item> items) {
        return items.stream().map(it -> it.receipt().id()).sorted().toList();
    }

    private static double nz(double v) {
        return Double.isNaN(v) ? Double.NEGATIVE_INFINITY : v;
    }

    private void emit(TrainingEvent.Kind kind, int step, int total, double loss, double lr, double sps, double eta,
                      double f1, double best, String message) {
        events.accept(new TrainingEvent(kind, step, total, loss, lr, sps, eta, f1, best, message));
    }

    private static void check(boolean ok, String message) throws TrainingException {
        if (!ok) {
            throw new TrainingException(message);
        }
    }

    /**
     * The run's schema: the one asked for, unless the model folder has the same types (then the
     * folder's own, so that its trained head is kept and the data converted to its scheme); without
     * one asked for, the folder's; else sroie. A fresh model without one asked for is given the
     * schema of the data's own labels ({@link ReceiptFormats#ownSchema}), when they name one.
     */
    static LabelSet schemaFor(LabelSet asked, Path source) throws TrainingException {
        LabelSet own = null;
        if (source != null) {
            try {
                own = com.layoutlens.model.registry.ModelSchemas.of(source);
            } catch (ModelFolderException e) {
                throw new TrainingException(e.getMessage(), e);
            }
        }
        if (asked == null) {
            return own != null ? own : LabelSet.sroie();
        }
        return own != null && own.sameTypes(asked) ? own : asked;
    }

    /** One line on the model's head: kept (and re-indexed, data converted) or fresh, and why. */
    private static String headNote(Path source, LabelSet asked, LabelSet schema) throws TrainingException {
        List<String> folder;
        try {
            folder = com.layoutlens.model.registry.TokenClassifiers.describe(source).labels();
        } catch (ModelFolderException e) {
            throw new TrainingException(e.getMessage(), e);
        }
        if (com.layoutlens.model.LoadOptions.sameLabels(folder, schema.tags())) {
            String s = "head kept: the model's labels are the schema " + schema.name()
                    + (folder.equals(schema.tags()) ? "" : " (in the model's order; gold tags re-indexed to it)");
            if (asked != null && asked.scheme() != schema.scheme()) {
                s += "; training data converted to the model's scheme " + schema.scheme().id()
                        + " (asked: " + asked.scheme().id() + ")";
            }
            return s;
        }
        return "fresh head: the model's labels " + folder + " are not the entity types of the schema " + schema.name()
                + " " + schema.entityLabels() + "; its trained head is replaced by a new one for " + schema.tags().size()
                + " tags";
    }

    /** The split with every gold tag index replaced by the model class that predicts it. */
    private static TrainingData.Split reindexed(TrainingData.Split split, int[] classToTag) {
        int[] tagToClass = new int[classToTag.length];
        java.util.Arrays.fill(tagToClass, -1);
        boolean identity = true;
        for (int c = 0; c < classToTag.length; c++) {
            if (classToTag[c] < 0 || classToTag[c] >= tagToClass.length || tagToClass[classToTag[c]] >= 0) {
                return split; // not one class per tag: nothing to re-index
            }
            tagToClass[classToTag[c]] = c;
            identity &= classToTag[c] == c;
        }
        if (identity) {
            return split;
        }
        java.util.function.Function<List<TrainingData.Item>, List<TrainingData.Item>> map = items -> {
            List<TrainingData.Item> out = new ArrayList<>(items.size());
            for (TrainingData.Item it : items) {
                int[] l = new int[it.wordLabels().length];
                for (int k = 0; k < l.length; k++) {
                    l[k] = tagToClass[it.wordLabels()[k]];
                }
                out.add(new TrainingData.Item(it.receipt(), it.words(), l, it.gold(), it.corrected()));
            }
            return out;
        };
        return new TrainingData.Split(map.apply(split.train()), map.apply(split.dev()), split.skipped());
    }

    private static TrainingData.Split split(TrainingConfig config, LabelSet labelSet, List<String> skipped,
                                            List<Problem> problems, List<String> leftOut)
            throws TrainingException {
        try {
            TrainingData.Read train = TrainingData.read(config.data(), config.format(), labelSet, skipped);
            problems.addAll(train.problems());
            leftOut.addAll(train.leftOut());
            List<TrainingData.Item> items = withoutHeldOut(train.items(), config.heldOut());
            if (config.devData() != null) {
                TrainingData.Read dev = TrainingData.read(config.devData(), config.devFormat(), labelSet, skipped);
                problems.addAll(dev.problems());
                leftOut.addAll(dev.leftOut());
                boolean sameFolder = Files.isSameFile(config.devData(), config.data());
                return new TrainingData.Split(items, sameFolder ? withoutHeldOut(dev.items(), config.heldOut())
                        : dev.items(), skipped);
            }
            return TrainingData.split(items, config.devFraction(), config.seed(), skipped);
        } catch (IOException e) {
            throw new TrainingException(e.getMessage(), e);
        }
    }

    /** Why {@code out} must not be written: it is the folder of a training or dev receipt's image; or null. */
    private static String imageFolderRefusal(Path out, TrainingData.Split split) {
        Path target = com.layoutlens.data.formats.OutputPlace.real(out);
        java.util.Set<Path> seen = new java.util.HashSet<>();
        for (List<TrainingData.Item> items : List.of(split.train(), split.dev())) {
            for (TrainingData.Item it : items) {
                Path image = it.receipt().image();
                Path folder = image == null ? null : com.layoutlens.data.formats.OutputPlace.real(image).getParent();
                if (folder != null && seen.add(folder) && com.layoutlens.data.formats.OutputPlace.same(target, folder)) {
                    return out + " is the folder the images of receipt " + it.receipt().id() + " are in: write the"
                            + " run to a folder of its own";
                }
            }
        }
        return null;
    }

    /** The items whose receipt is not held out (a cross-validation fold's other receipts). */
    private static List<TrainingData.Item> withoutHeldOut(List<TrainingData.Item> items, java.util.Set<String> heldOut) {
        return heldOut.isEmpty() ? items : items.stream().filter(it -> !heldOut.contains(it.receipt().id())).toList();
    }

    /** Leaves out the receipts without a page image, noting each in {@code skipped}. */
    private static TrainingData.Split withPageImages(TrainingData.Split split, List<String> skipped) {
        List<TrainingData.Item> train = new ArrayList<>();
        List<TrainingData.Item> dev = new ArrayList<>();
        for (TrainingData.Item it : split.train()) {
            if (it.receipt().image() != null) {
                train.add(it);
            } else {
                skipped.add(it.receipt().id() + ": no page image");
            }
        }
        for (TrainingData.Item it : split.dev()) {
            if (it.receipt().image() != null) {
                dev.add(it);
            } else {
                skipped.add(it.receipt().id() + ": no page image");
            }
        }
        return new TrainingData.Split(train, dev, skipped);
    }

    private static Windows windows(List<TrainingData.Item> train, ReceiptEncoder encoder, TrainingConfig config) {
        List<Windows.Example> examples = new ArrayList<>();
        for (TrainingData.Item it : train) {
            ReceiptEncoder.Encoded e = encoder.encode(it.words(), it.receipt().width(), it.receipt().height(),
                    it.wordLabels());
            for (ReceiptEncoder.Window w : e.windows()) {
                examples.add(new Windows.Example(w, it.receipt()));
            }
        }
        return new Windows(examples, config.batchSize(), config.seed());
    }

    /** The split with each word as the model reads it: its own box, or its segment's. */
    private static TrainingData.Split withBoxLevel(TrainingData.Split split, BoxLevel level) {
        if (level == BoxLevel.WORD) {
            return split;
        }
        java.util.function.Function<List<TrainingData.Item>, List<TrainingData.Item>> map = items -> items.stream()
                .map(it -> new TrainingData.Item(it.receipt(), level.apply(it.receipt(), it.words()), it.wordLabels(),
                        it.gold(), it.corrected()))
                .toList();
        return new TrainingData.Split(map.apply(split.train()), map.apply(split.dev()), split.skipped());
    }

    private void writeModel(Path target, TrainableModel model, Path tokenizerDir) throws IOException {
        FolderSwap.write(target, dir -> {
            model.save(dir);
            boxLevel.writeTo(dir);
            TotalSegments.writeTo(dir, totalSegments);
            Vocabulary.copyTokenizerFiles(tokenizerDir, dir);
        });
    }

    private void writeCheckpoint(TrainingConfig config, TrainableModel model, AdamW optimizer,
                                        Path tokenizerDir, int step, double bestF1, int bestStep, List<String> log)
            throws IOException {
        Path out = config.out();
        writeLog(out.resolve(LOG), log);
        FolderSwap.write(out.resolve(CHECKPOINT), dir -> {
            model.save(dir);
            boxLevel.writeTo(dir);
            TotalSegments.writeTo(dir, totalSegments);
            Vocabulary.copyTokenizerFiles(tokenizerDir, dir);
            optimizer.save(dir.resolve(OPTIMIZER));
            writeLog(dir.resolve(LOG), log);
            AtomicFiles.writeString(dir.resolve(STATE), state(config, model.modelType(), step, bestF1, bestStep,
                    initialF1, model.labels(), head));
        });
    }

    static String state(TrainingConfig c, String modelType, int step, double bestF1, int bestStep, double initialF1)
            throws IOException {
        return state(c, modelType, step, bestF1, bestStep, initialF1, null, null);
    }

    /** @param tags the model's classes; @param head what became of the head (null when resumed and unknown) */
    static String state(TrainingConfig c, String modelType, int step, double bestF1, int bestStep, double initialF1,
                        List<String> tags, String head) throws IOException {
        ObjectMapper json = new ObjectMapper();
        ObjectNode o = json.createObjectNode();
        if (tags != null) {
            LabelSet s = LabelSet.fromTags("model", tags);
            if (s != null) {
                o.put("schema", s.name());
                o.put("scheme", s.scheme().id());
            }
        }
        if (head != null) {
            o.put("head", head);
        }
        o.put("step", step);
        o.put("steps", c.steps());
        o.put("batch_size", c.batchSize());
        o.put("learning_rate", c.effectiveLearningRate());
        o.put("weight_decay", c.weightDecay());
        o.put("warmup_ratio", c.warmupRatio());
        o.put("max_grad_norm", c.maxGradNorm());
        o.put("max_length", c.maxLength());
        o.put("seed", c.seed());
        o.put("dev_fraction", c.devFraction());
        o.put("eval_every", c.evalEvery());
        o.put("checkpoint_every", c.checkpointEvery());
        if (c.preset() != null) {
            o.put("preset", c.preset().name());
        }
        if (!c.heldOut().isEmpty()) {
            var held = o.putArray("held_out"); // a resumed fold keeps its receipts out
            c.heldOut().forEach(held::add);
        }
        o.put("model_type", modelType);
        if (c.from() != null) {
            o.put("from", c.from().toString());
        }
        if (Double.isNaN(bestF1)) {
            o.putNull("best_dev_f1");
        } else {
            o.put("best_dev_f1", bestF1);
        }
        o.put("best_step", bestStep);
        if (!Double.isNaN(initialF1)) {
            o.put("initial_dev_f1", initialF1);
        }
        return json.writerWithDefaultPrettyPrinter().writeValueAsString(o) + "\n";
    }

    /** Integer fields of {@code trainer_state.json}, and the least value each may take. */
    private static final java.util.Map<String, Integer> INT_FIELDS = java.util.Map.of("step", 0, "steps", 1,
            "batch_size", 1, "max_length", 3, "seed", Integer.MIN_VALUE, "eval_every", 1, "checkpoint_every", 1,
            "best_step", 0);
    private static final List<String> NUMBER_FIELDS = List.of("learning_rate", "weight_decay", "warmup_ratio",
            "max_grad_norm", "dev_fraction", "initial_dev_f1");
    private static final List<String> TEXT_FIELDS = List.of("preset", "model_type", "from");

    /**
     * Reads and checks the checkpoint's state: a JSON object with an integer {@code step}, and
     * every other field it knows of, where present, of the right type and range. A damaged
     * file is named with what is wrong in it, never passed on half-read.
     */
    static JsonNode readState(Path file) throws TrainingException {
        JsonNode n;
        try {
            n = new ObjectMapper().readTree(com.layoutlens.data.TextFiles.readUtf8(file, com.layoutlens.data.InputLimits.MAX_CONFIG_BYTES));
        } catch (com.layoutlens.data.TextFiles.Unusable e) {
            throw new TrainingException(file + ": " + e.getMessage() + "; the checkpoint is damaged, start afresh in "
                    + "another output folder", e);
        } catch (java.nio.charset.MalformedInputException e) {
            throw new TrainingException(file + ": not a training state (not UTF-8 text); the checkpoint is damaged, "
                    + "start afresh in another output folder", e);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new TrainingException(file + ": not valid JSON (" + com.layoutlens.data.JsonErrors.describe(e) + "); the checkpoint is "
                    + "damaged, start afresh in another output folder", e);
        } catch (IOException e) {
            throw new TrainingException(file + ": not readable: " + WriteErrors.reason(e), e);
        }
        if (n == null || !n.isObject()) {
            throw new TrainingException(file + ": not a training state (a JSON object with the step and the "
                    + "hyper-parameters); the checkpoint is damaged, start afresh in another output folder");
        }
        if (!n.has("step")) {
            throw new TrainingException(file + ": no step count");
        }
        for (var e : INT_FIELDS.entrySet()) {
            JsonNode v = n.get(e.getKey());
            if (v != null && (!v.isInt() || v.asInt() < e.getValue())) {
                throw new TrainingException(file + ": '" + e.getKey() + "' must be an integer"
                        + (e.getValue() == Integer.MIN_VALUE ? "" : " >= " + e.getValue()) + ", found " + v);
            }
        }
        for (String f : NUMBER_FIELDS) {
            JsonNode v = n.get(f);
            if (v != null && !v.isNumber()) {
                throw new TrainingException(file + ": '" + f + "' must be a number, found " + v);
            }
        }
        JsonNode best = n.get("best_dev_f1");
        if (best != null && !best.isNull() && !best.isNumber()) {
            throw new TrainingException(file + ": 'best_dev_f1' must be a number or null, found " + best);
        }
        for (String f : TEXT_FIELDS) {
            JsonNode v = n.get(f);
            if (v != null && !v.isTextual()) {
                throw new TrainingException(file + ": '" + f + "' must be a string, found " + v);
            }
        }
        JsonNode held = n.get("held_out");
        if (held != null && (!held.isArray() || !java.util.stream.StreamSupport.stream(held.spliterator(), false)
                .allMatch(JsonNode::isTextual))) {
            throw new TrainingException(file + ": 'held_out' must be a list of receipt ids, found " + held);
        }
        if (n.has("model_type") && !TrainableModels.modelTypes().contains(n.get("model_type").asText())) {
            throw new TrainingException(file + ": unknown model_type '" + n.get("model_type").asText() + "' (known: "
                    + String.join(", ", TrainableModels.modelTypes()) + ")");
        }
        return n;
    }

    /** The hyper-parameters the checkpoint was trained with win: a resumed run must continue the same schedule. */
    private static TrainingConfig restoredConfig(TrainingConfig c, JsonNode s, Path file) throws TrainingException {
        TrainingConfig.Builder b = c.toBuilder()
                .steps(s.path("steps").asInt(c.steps()))
                .batchSize(s.path("batch_size").asInt(c.batchSize()))
                .learningRate(s.path("learning_rate").asDouble(c.effectiveLearningRate()))
                .weightDecay(s.path("weight_decay").asDouble(c.weightDecay()))
                .warmupRatio(s.path("warmup_ratio").asDouble(c.warmupRatio()))
                .maxGradNorm(s.path("max_grad_norm").asDouble(c.maxGradNorm()))
                .maxLength(s.path("max_length").asInt(c.maxLength()))
                .seed(s.path("seed").asInt(c.seed()))
                .devFraction(s.path("dev_fraction").asDouble(c.devFraction()))
                .evalEvery(s.path("eval_every").asInt(c.evalEvery()))
                .checkpointEvery(s.path("checkpoint_every").asInt(c.checkpointEvery()));
        if (s.has("preset") && Preset.named(s.path("preset").asText()) != null) {
            b.preset(Preset.named(s.path("preset").asText())); // else the caller's (a preset made in code)
        }
        if (s.has("model_type")) {
            String type = s.path("model_type").asText();
            // the checkpoint's own weights say what they are: a state naming another family is damaged
            String weights = null;
            try {
                JsonNode n = com.layoutlens.model.ConfigJson.entry(file.getParent(), "model_type");
                weights = n == null ? null : n.asText(null);
            } catch (ModelFolderException | RuntimeException e) {
                // the checkpoint's config is checked where its model is opened
            }
            if (weights != null && !weights.equals(type)) {
                throw new TrainingException(file + ": model_type '" + type + "' is not the checkpoint's ('" + weights
                        + "' in config.json); the checkpoint is damaged, start afresh in another output folder");
            }
            b.modelType(type);
        }
        int steps = s.path("steps").asInt(c.steps());
        if (s.path("step").asInt(0) > steps) {
            throw new TrainingException(file + ": step " + s.path("step").asInt() + " is beyond the run's " + steps
                    + " steps; the checkpoint is damaged, start afresh in another output folder");
        }
        if (c.heldOut().isEmpty() && s.path("held_out").isArray()) {
            List<String> held = new ArrayList<>();
            s.get("held_out").forEach(x -> held.add(x.asText()));
            b.heldOut(held);
        }
        try {
            return b.build();
        } catch (IllegalArgumentException e) {
            throw new TrainingException(file + ": " + e.getMessage(), e);
        }
    }

    /** The checkpoint's log lines without the header: none when there is no file, refused when over the limit. */
    static List<String> readLog(Path file) throws TrainingException {
        if (!Files.exists(file, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return new ArrayList<>();
        }
        try {
            List<String> lines = new ArrayList<>(com.layoutlens.data.TextFiles
                    .readUtf8(file, com.layoutlens.data.InputLimits.MAX_TRAINING_LOG_BYTES).lines().toList());
            if (!lines.isEmpty() && lines.get(0).equals(LOG_HEADER)) {
                lines.remove(0);
            }
            return lines;
        } catch (com.layoutlens.data.TextFiles.Unusable e) {
            throw new TrainingException(file + ": " + e.getMessage() + "; the checkpoint is damaged, start afresh in "
                    + "another output folder", e);
        } catch (IOException e) {
            throw new TrainingException(file + ": not readable: " + e.getMessage(), e);
        }
    }

    private static void writeLog(Path file, List<String> lines) throws IOException {
        StringBuilder sb = new StringBuilder(LOG_HEADER).append('\n');
        for (String l : lines) {
            sb.append(l).append('\n');
        }
        AtomicFiles.writeString(file, sb.toString());
    }
}
