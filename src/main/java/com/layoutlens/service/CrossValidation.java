package com.layoutlens.service;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.layoutlens.data.AtomicFiles;
import com.layoutlens.data.Dataset;
import com.layoutlens.data.LabelFile;
import com.layoutlens.data.LabelRow;
import com.layoutlens.data.Problem;
import com.layoutlens.data.Receipt;
import com.layoutlens.data.WriteErrors;
import com.layoutlens.model.ModelFolderException;
import com.layoutlens.model.predict.ReceiptPredictor;
import com.layoutlens.train.Folds;
import com.layoutlens.train.TrainingConfig;
import com.layoutlens.train.TrainingException;
import com.layoutlens.train.TrainingResult;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

/**
 * K-fold cross-validation with out-of-fold predictions, as {@code train --cross-val K} and the
 * Training tab run it: the labelled receipts are split by receipt into K folds ({@link Folds},
 * seeded), fold {@code f}'s model trains on the other folds ({@link TrainingRuns#run}, the
 * ordinary training run with fold {@code f} held out) into {@code OUT/fold-f/}, and its best model
 * then predicts fold {@code f}'s receipts ({@link PredictionRun}, as {@code predict} does, without
 * the cache) into {@code OUT/out-of-fold/ID.csv}, with every tag's probability ({@code p_TAG}
 * columns, the format of {@code predict --probs}). Every labelled receipt is so predicted by the
 * one model that did not see it, and {@code suspects --pred OUT/out-of-fold} reads the folder.
 *
 * <p>{@code OUT/folds.json} records the plan (k, seed, each fold's held-out receipts) and, as each
 * fold ends, the receipts its model trained and was evaluated on. A cancelled cross-validation
 * stops after the fold's checkpoint; resuming it continues every fold from its checkpoint (a
 * finished fold's is complete, so it only predicts again).
 */
public final class CrossValidation {

    /** The out-of-fold predictions' folder in the output folder. */
    public static final String OUT_OF_FOLD = "out-of-fold";
    /** The plan and the folds' results in the output folder. */
    public static final String FOLDS_FILE = "folds.json";

    /** Hears a cross-validation's progress, on the running thread. */
    public interface Listener {

        /** The folds are known; nothing was trained yet. */
        default void planned(Folds.Plan plan) {
        }

        /** Fold {@code fold} (from 1) of {@code k} starts training without {@code heldOut}. */
        default void foldStarted(int fold, int k, List<String> heldOut) {
        }

        /** Fold {@code fold}'s model has predicted {@code done} of its {@code total} held-out receipts. */
        default void predicting(int fold, int k, int done, int total) {
        }

        /** Fold {@code fold} is trained and its out-of-fold predictions written. */
        default void foldFinished(Fold fold, int k) {
        }

        /** A GPU failure moved the work to the CPU. */
        default void fellBack(String message) {
        }
    }

    /**
     * One fold's work.
     *
     * @param fold     its number, from 1
     * @param heldOut  the receipts its model did not see, which it predicted
     * @param training how its training ended
     * @param written  the receipts whose out-of-fold file was written
     * @param failed   the held-out receipts that could not be predicted, and why
     */
    public record Fold(int fold, List<String> heldOut, TrainingResult training, List<String> written,
                       Map<String, String> failed) {
    }

    /**
     * How a cross-validation ended.
     *
     * @param plan      the folds
     * @param outOfFold the folder of the out-of-fold label files
     * @param folds     the folds done (all of them unless cancelled)
     * @param problems  what was wrong in the receipts, and the receipts that could not be predicted or written
     * @param cancelled stopped on request; resuming continues
     */
    public record Outcome(Folds.Plan plan, Path outOfFold, List<Fold> folds, List<Problem> problems,
                          boolean cancelled) {

        /** Out-of-fold files written. */
        public int written() {
            return folds.stream().mapToInt(f -> f.written().size()).sum();
        }
    }

    private CrossValidation() {
    }

    /** Fold {@code fold}'s training output folder: {@code OUT/fold-N}. */
    public static Path foldDir(Path out, int fold) {
        return out.resolve("fold-" + fold);
    }

    /**
     * Runs the cross-validation on the calling thread.
     *
     * @param base      the training configuration every fold shares; its {@code out} receives the folds
     * @param k         the number of folds, at least 2 and at most the labelled receipts
     * @param devices   how the configuration's device choice becomes a device (for the GPU fallback)
     * @param runner    runs one fold's training to its end (a {@code TrainingJob} with the caller's listeners)
     * @param listener  hears the progress
     * @param cancelled checked between folds and during prediction; training is cancelled through the runner's job
     * @throws TrainingException a usage error (bad k, an output folder holding another run) or a failure
     *                           ({@link TrainingException#workFailed()})
     */
    public static Outcome run(TrainingConfig base, int k, TrainingRuns.DeviceChooser devices,
                              TrainingRuns.Runner runner, Listener listener, BooleanSupplier cancelled)
            throws TrainingException {
        Path out = base.out();
        // nothing is written until the folder (and anything linked in it) is known not to be read from
        for (Path read : new Path[] {base.data(), base.devData()}) {
            String refusal = read == null ? null : com.layoutlens.data.formats.OutputPlace.refusalBelow(out, read);
            if (refusal != null) {
                throw new TrainingException(refusal);
            }
        }
        Folds.Plan plan = Folds.plan(base, k);
        Path foldsFile = out.resolve(FOLDS_FILE);
        checkOutput(base, plan, foldsFile);
        listener.planned(plan);
        Path oof = out.resolve(OUT_OF_FOLD);
        Dataset ds;
        try {
            Files.createDirectories(oof);
            ds = com.layoutlens.data.formats.ReceiptFormats.load(base.data(), base.format(),
                    new com.layoutlens.data.formats.ReceiptReader.Options(plan.schema(), null, false, null));
        } catch (IOException e) {
            throw TrainingException.failed(out + ": " + WriteErrors.reason(e), e);
        }
        Map<String, Receipt> byId = new LinkedHashMap<>();
        ds.receipts().forEach(r -> byId.put(r.id(), r));
        List<Fold> done = new ArrayList<>();
        List<Problem> problems = new ArrayList<>(plan.problems());
        writeFolds(foldsFile, base, plan, done);
        boolean wasCancelled = false;
        Set<String> written = new HashSet<>();
        for (int f = 1; f <= k; f++) {
            if (cancelled.getAsBoolean()) {
                wasCancelled = true;
                break;
            }
            List<String> heldOut = plan.folds().get(f - 1);
            listener.foldStarted(f, k, heldOut);
            TrainingConfig config = base.toBuilder().out(foldDir(out, f)).heldOut(heldOut).build();
            boolean[] onCpu = {false};
            TrainingResult trained = TrainingRuns.run(config, devices, runner, why -> {
                onCpu[0] = true;
                listener.fellBack(why);
            });
            if (onCpu[0]) {
                base = base.toBuilder().device("cpu").build(); // the next folds and the predictions too
            }
            if (trained.cancelled()) {
                wasCancelled = true;
                break;
            }
            Fold fold = predict(f, k, base, trained, heldOut, ds, byId, listener, cancelled, devices, oof, problems);
            if (fold == null) {
                wasCancelled = true;
                break;
            }
            written.addAll(fold.written());
            done.add(fold);
            writeFolds(foldsFile, base, plan, done);
            listener.foldFinished(fold, k);
        }
        if (!wasCancelled) {
            removeStale(oof, written, problems);
        }
        return new Outcome(plan, oof, List.copyOf(done), problems, wasCancelled);
    }

    /**
     * As {@link #run}, on a daemon thread named {@code layoutlens-cross-validation} (the app's
     * way: a cross-validation runs as long as K trainings).
     *
     * @return completes with the outcome, or exceptionally with what {@link #run} throws
     */
    public static java.util.concurrent.CompletableFuture<Outcome> start(TrainingConfig base, int k,
                                                                          TrainingRuns.DeviceChooser devices,
                                                                          TrainingRuns.Runner runner, Listener listener,
                                                                          BooleanSupplier cancelled) {
        java.util.concurrent.CompletableFuture<Outcome> f = new java.util.concurrent.CompletableFuture<>();
        Thread t = new Thread(() -> {
            try {
                f.complete(run(base, k, devices, runner, listener, cancelled));
            } catch (Throwable e) {
                f.completeExceptionally(e);
            }
        }, "layoutlens-cross-validation");
        t.setDaemon(true);
        t.start();
        return f;
    }

    /**
     * A fresh cross-validation must not mix with an earlier one's folds; a resumed one must have
     * the same folds as the one it resumes.
     */
    private static void checkOutput(TrainingConfig base, Folds.Plan plan, Path foldsFile) throws TrainingException {
        Path out = base.out();
        com.layoutlens.train.TrainingJob.refuseModelFolder(out);
        if (!base.resume()) {
            if (Files.exists(foldsFile)) {
                throw new TrainingException(out + " already holds a cross-validation (" + foldsFile
                        + "): resume it, or choose another output folder");
            }
            for (int f = 1; f <= plan.k(); f++) {
                if (Files.exists(foldDir(out, f).resolve("checkpoint"))) {
                    throw new TrainingException(out + " already holds a cross-validation (" + foldDir(out, f)
                            + " has a checkpoint): resume it, or choose another output folder");
                }
            }
            return;
        }
        if (!Files.isRegularFile(foldsFile)) {
            return; // nothing to resume: starts afresh, as a plain run does
        }
        try {
            var node = new ObjectMapper().readTree(com.layoutlens.data.TextFiles.readUtf8(foldsFile,
                    com.layoutlens.data.InputLimits.MAX_CONFIG_BYTES));
            List<List<String>> before = new ArrayList<>();
            for (var fold : node.path("folds")) {
                List<String> ids = new ArrayList<>();
                fold.path("held_out").forEach(x -> ids.add(x.asText()));
                before.add(ids);
            }
            if (!before.equals(plan.folds())) {
                throw new TrainingException(foldsFile + ": the cross-validation there has other folds (k "
                        + before.size() + ", seed " + node.path("seed").asText("?") + "; now k " + plan.k() + ", seed "
                        + base.seed() + ", or the labelled receipts changed); resume with the same --cross-val and"
                        + " --seed, or choose another output folder");
            }
        } catch (IOException e) {
            throw new TrainingException(foldsFile + ": cannot be read (" + e.getMessage() + "); choose another output"
                    + " folder", e);
        }
    }

    /** Fold {@code f}'s best model predicts its held-out receipts into the out-of-fold folder; null when cancelled. */
    private static Fold predict(int f, int k, TrainingConfig base, TrainingResult trained, List<String> heldOut,
                                Dataset ds, Map<String, Receipt> byId, Listener listener, BooleanSupplier cancelled,
                                TrainingRuns.DeviceChooser devices, Path oof, List<Problem> problems)
            throws TrainingException {
        List<Receipt> receipts = heldOut.stream().map(byId::get).filter(java.util.Objects::nonNull).toList();
        Dataset fold = new Dataset(ds.dir(), ds.labelSet(), receipts, List.of());
        // windows as long as the training's (a model trained on short windows never saw later positions)
        int maxLength = base.maxLength() >= TrainingConfig.MAX_LENGTH ? 0 : base.maxLength();
        PredictionRun.Outcome run;
        try {
            run = PredictionRun.run(trained.bestModel(), fold, ds.labelSet(), () -> devices.choose(base.device()),
                    new ReceiptPredictor.Settings(ReceiptPredictor.Settings.defaults().batchSize(), maxLength, -1),
                    null, (done, total) -> listener.predicting(f, k, done, total), cancelled,
                    new PredictionRun.DeviceListener() {
                        @Override
                        public void using(String device) {
                        }

                        @Override
                        public void fellBack(String message) {
                            listener.fellBack(message);
                        }
                    });
        } catch (ModelFolderException e) {
            throw TrainingException.failed("fold " + f + ": cannot predict with " + trained.bestModel() + ": "
                    + e.getMessage(), e);
        } catch (IOException e) {
            throw TrainingException.failed("fold " + f + ": " + WriteErrors.reason(e), e);
        }
        if (run.cancelled()) {
            return null;
        }
        Map<String, String> failed = new LinkedHashMap<>(run.failures());
        for (String id : heldOut) {
            if (!byId.containsKey(id)) {
                failed.put(id, "its box file could not be read");
            }
        }
        failed.forEach((id, why) -> problems.add(Problem.error(id, 0, "fold " + f + ": " + why + "; no out-of-fold"
                + " prediction")));
        List<String> written = new ArrayList<>();
        for (var e : run.rows().entrySet()) {
            Path file = oof.resolve(e.getKey() + ".csv");
            try {
                LabelFile.write(file, e.getValue());
                written.add(e.getKey());
            } catch (IOException ex) {
                failed.put(e.getKey(), WriteErrors.cannotWrite(file, ex));
                problems.add(Problem.error(file.toString(), 0, WriteErrors.cannotWrite(file, ex)));
            }
        }
        return new Fold(f, heldOut, trained, List.copyOf(written), failed);
    }

    /** Removes label files of receipts this cross-validation did not predict (an earlier run's). */
    private static void removeStale(Path oof, Set<String> written, List<Problem> problems) {
        try (Stream<Path> files = Files.list(oof)) {
            for (Path p : files.toList()) {
                String name = p.getFileName().toString();
                // only a prediction of ours (a label file whose every row has a score): a user's file stays
                if (name.endsWith(".csv") && !written.contains(name.substring(0, name.length() - 4))
                        && Files.isRegularFile(p) && com.layoutlens.data.LabelFile.isPrediction(p)) {
                    Files.delete(p);
                    problems.add(Problem.warning(p.toString(), 0, "removed: an earlier run's out-of-fold"
                            + " prediction for a receipt this run did not predict"));
                }
            }
        } catch (IOException e) {
            problems.add(Problem.warning(oof.toString(), 0, "stale out-of-fold files not removed: "
                    + WriteErrors.reason(e)));
        }
    }

    /** {@code folds.json}: the plan, and each finished fold's receipts and result. */
    private static void writeFolds(Path file, TrainingConfig base, Folds.Plan plan, List<Fold> done)
            throws TrainingException {
        ObjectMapper json = new ObjectMapper();
        ObjectNode o = json.createObjectNode();
        o.put("k", plan.k());
        o.put("seed", base.seed());
        o.put("data", base.data().toString());
        o.put("schema", plan.schema().name());
        o.put("out_of_fold", OUT_OF_FOLD);
        o.put("receipts", plan.receipts().size());
        ArrayNode folds = o.putArray("folds");
        for (int f = 1; f <= plan.k(); f++) {
            ObjectNode n = folds.addObject();
            n.put("fold", f);
            n.put("model", "fold-" + f + "/best");
            plan.folds().get(f - 1).forEach(n.putArray("held_out")::add);
            int index = f;
            Fold fold = done.stream().filter(x -> x.fold() == index).findFirst().orElse(null);
            n.put("done", fold != null);
            if (fold != null) {
                TrainingResult r = fold.training();
                n.put("steps", r.steps());
                if (Double.isFinite(r.bestDevF1())) {
                    n.put("best_dev_f1", r.bestDevF1());
                } else {
                    n.putNull("best_dev_f1");
                }
                r.trained().forEach(n.putArray("trained")::add);
                r.evaluated().forEach(n.putArray("evaluated")::add);
                n.put("written", fold.written().size());
            }
        }
        try {
            AtomicFiles.writeString(file, json.writerWithDefaultPrettyPrinter().writeValueAsString(o) + "\n");
        } catch (IOException e) {
            throw TrainingException.failed(WriteErrors.cannotWrite(file, e), e);
        }
    }
}
