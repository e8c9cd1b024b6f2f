package com.layoutlens.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import com.layoutlens.data.LabelRow;
import com.layoutlens.data.LabelSet;
import com.layoutlens.data.Receipt;
import com.layoutlens.eval.Evaluation;
import com.layoutlens.eval.Evaluator;
import com.layoutlens.eval.ReceiptPair;
import com.layoutlens.model.encode.ReceiptEncoder;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Scores the model on dev receipts with the evaluation engine: each word takes the class
 * of its first sub-token in the window where it sees the most context (as the predictor
 * does), and the figure reported is the word-level micro F1 over the entity labels.
 */
final class DevEvaluator {

    private record Slot(int item, int window) {
    }

    private final List<TrainingData.Item> items;
    private final List<ReceiptEncoder.Encoded> encoded = new ArrayList<>();
    private final List<Slot> slots = new ArrayList<>();
    private final LabelSet labelSet;
    private final int[] classToLabel;
    private final int batchSize;

    /**
     * @param classToLabel the index in the schema's tags of each model class
     */
    DevEvaluator(List<TrainingData.Item> items, ReceiptEncoder encoder, LabelSet labelSet, int[] classToLabel,
                 int batchSize) {
        this.items = List.copyOf(items);
        this.labelSet = labelSet;
        this.classToLabel = classToLabel;
        this.batchSize = batchSize;
        for (int i = 0; i < items.size(); i++) {
            TrainingData.Item it = items.get(i);
            ReceiptEncoder.Encoded e = encoder.encode(it.words(), it.receipt().width(), it.receipt().height(), null);
            encoded.add(e);
            for (int w = 0; w < e.windows().size(); w++) {
                slots.add(new Slot(i, w));
            }
        }
        slots.sort(Comparator.comparingInt((Slot s) -> encoded.get(s.item).windows().get(s.window).length()));
    }

    boolean isEmpty() {
        return items.isEmpty();
    }

    /**
     * Word-level evaluation of the model as it is now.
     *
     * @param who the model as the user knows it, for the message when its outputs are not finite
     * @throws TrainingException when the model gives NaN or infinite outputs for a dev receipt
     *                           (no label or score can be read from them), naming it and the receipt
     */
    Evaluation evaluate(TrainableModel model, ParameterStore ps, String who) throws TrainingException {
        int[][] wordClass = new int[items.size()][];
        float[][] wordScore = new float[items.size()][];
        for (int i = 0; i < items.size(); i++) {
            wordClass[i] = new int[items.get(i).words().size()];
            wordScore[i] = new float[items.get(i).words().size()];
            java.util.Arrays.fill(wordClass[i], -1);
        }
        int classes = model.labels().size();
        for (int from = 0; from < slots.size(); from += batchSize) {
            List<Slot> part = slots.subList(from, Math.min(slots.size(), from + batchSize));
            List<ReceiptEncoder.Window> windows = new ArrayList<>();
            List<Receipt> receipts = new ArrayList<>();
            for (Slot s : part) {
                windows.add(encoded.get(s.item).windows().get(s.window));
                receipts.add(items.get(s.item).receipt());
            }
            float[] probs;
            int length;
            try (NDManager m = model.manager().newSubManager()) {
                Batch batch = Windows.batch(m, windows, receipts, model.padTokenId(), false);
                length = (int) batch.inputIds().getShape().get(1);
                NDArray logits = model.logits(ps, batch, false);
                probs = logits.softmax(-1).toFloatArray();
            }
            for (int r = 0; r < part.size(); r++) {
                Slot s = part.get(r);
                ReceiptEncoder.Encoded e = encoded.get(s.item);
                for (int w = 0; w < wordClass[s.item].length; w++) {
                    if (e.wordWindow()[w] != s.window) {
                        continue;
                    }
                    int base = (r * length + e.wordToken()[w]) * classes;
                    int best = 0;
                    for (int c = 0; c < classes; c++) {
                        if (!Float.isFinite(probs[base + c])) {
                            throw new TrainingException(who + " gave outputs that are not finite (NaN or infinite"
                                    + " logits) for dev receipt "
                                    + com.layoutlens.data.Printable.of(items.get(s.item).receipt().id())
                                    + "; lower the learning rate, or check the starting model's weights");
                        }
                        if (probs[base + c] > probs[base + best]) {
                            best = c;
                        }
                    }
                    wordClass[s.item][w] = best;
                    wordScore[s.item][w] = probs[base + best];
                }
            }
        }
        List<ReceiptPair> pairs = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            TrainingData.Item it = items.get(i);
            List<LabelRow> predicted = new ArrayList<>(it.words().size());
            for (int w = 0; w < it.words().size(); w++) {
                int c = wordClass[i][w];
                String label = c < 0 ? labelSet.outside() : labelSet.tag(classToLabel[c]);
                predicted.add(LabelRow.of(it.words().get(w), label,
                        c < 0 ? null : (double) Math.min(1f, Math.max(0f, wordScore[i][w]))));
            }
            pairs.add(new ReceiptPair(it.receipt().id(), it.gold(), predicted, null));
        }
        return new Evaluator(labelSet, com.layoutlens.eval.FieldDecoder.sroie(labelSet), List.of())
                .evaluate(pairs, false, List.of());
    }
}
