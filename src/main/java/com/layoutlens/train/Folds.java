package com.layoutlens.train;

import com.layoutlens.data.LabelSet;
import com.layoutlens.data.Problem;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * Cross-validation folds: the labelled receipts of a training folder split by receipt into K
 * folds, deterministically from the seed. Fold {@code f}'s model trains on the other folds'
 * receipts ({@link TrainingConfig#heldOut()} holds fold {@code f} out) and predicts fold
 * {@code f}, so every labelled receipt gets a prediction from a model that never saw it.
 *
 * <p>The labelled receipts are those a run of the same configuration would train on: the
 * receipts of {@code data} whose gold labels can be read in full ({@link TrainingData#read}),
 * in the schema the run uses.
 */
public final class Folds {

    /**
     * The plan of a cross-validation.
     *
     * @param schema   the schema the runs train with
     * @param folds    the receipt ids of each fold, each fold sorted; fold {@code f} (from 1) is {@code folds.get(f - 1)}
     * @param problems what was wrong in the folder's files, as training reports it
     * @param skipped  one line per receipt left out (no gold, unreadable gold), with the reason
     */
    public record Plan(LabelSet schema, List<List<String>> folds, List<Problem> problems, List<String> skipped) {

        public Plan {
            folds = folds.stream().map(List::copyOf).toList();
            problems = List.copyOf(problems);
            skipped = List.copyOf(skipped);
        }

        public int k() {
            return folds.size();
        }

        /** Every labelled receipt, sorted. */
        public List<String> receipts() {
            return folds.stream().flatMap(List::stream).sorted().toList();
        }

        /** The fold (from 1) that holds out {@code id}, or 0 when it is in none. */
        public int foldOf(String id) {
            for (int f = 0; f < folds.size(); f++) {
                if (folds.get(f).contains(id)) {
                    return f + 1;
                }
            }
            return 0;
        }
    }

    private Folds() {
    }

    /**
     * Deals receipt ids into {@code k} folds: sorted, shuffled with {@code seed}, dealt in turn;
     * fold sizes differ by at most one and the same ids, k and seed give the same folds.
     *
     * @throws IllegalArgumentException when k is below 2 or above the number of ids
     */
    public static List<List<String>> assign(List<String> ids, int k, int seed) {
        if (k < 2) {
            throw new IllegalArgumentException("cross-validation needs at least 2 folds, got " + k);
        }
        if (k > ids.size()) {
            throw new IllegalArgumentException("cross-validation with " + k + " folds needs at least " + k
                    + " labelled receipts, there " + (ids.size() == 1 ? "is 1" : "are " + ids.size()));
        }
        List<String> order = new ArrayList<>(ids);
        Collections.sort(order);
        Collections.shuffle(order, new Random(seed));
        List<List<String>> folds = new ArrayList<>();
        for (int f = 0; f < k; f++) {
            folds.add(new ArrayList<>());
        }
        for (int i = 0; i < order.size(); i++) {
            folds.get(i % k).add(order.get(i));
        }
        folds.forEach(Collections::sort);
        return folds;
    }

    /**
     * The folds of {@code base}'s labelled receipts.
     *
     * @throws TrainingException (not a failure of the work: a usage error) when {@code k} is below 2 or above the
     *                           number of labelled receipts, or the folder cannot be read
     */
    public static Plan plan(TrainingConfig base, int k) throws TrainingException {
        if (k < 2) {
            throw new TrainingException("cross-validation needs at least 2 folds, got " + k);
        }
        Path source = base.fromEncoder() != null ? null : base.from();
        List<String> skipped = new ArrayList<>();
        TrainingData.Read read;
        LabelSet schema;
        try {
            // the schema and the format a plain run takes: the folder's own schema when nothing names one
            schema = TrainingRun.schemaFor(base.schema() != null || source != null ? base.schema()
                    : com.layoutlens.data.formats.ReceiptFormats.ownSchema(base.data(), base.format()), source);
            read = TrainingData.read(base.data(), base.format(), schema, skipped);
        } catch (IOException e) {
            throw new TrainingException(e.getMessage(), e);
        }
        List<String> ids = read.items().stream().map(it -> it.receipt().id()).toList();
        if (k > ids.size()) {
            throw new TrainingException("cross-validation with " + k + " folds needs at least " + k
                    + " labelled receipts; " + base.data() + " has " + ids.size()
                    + (skipped.isEmpty() ? "" : " (" + skipped.size() + " left out, the first: " + skipped.get(0) + ")"));
        }
        return new Plan(schema, assign(ids, k, base.seed()), read.problems(), skipped);
    }
}
