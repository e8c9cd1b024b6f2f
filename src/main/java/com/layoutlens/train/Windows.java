package com.layoutlens.train;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.layoutlens.data.Receipt;
import com.layoutlens.model.encode.ReceiptEncoder;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * The training windows and the order they are visited in. The order of epoch e is a
 * shuffle seeded by (seed, e), so the windows of any step follow from the step number
 * alone: a resumed run needs no saved data position to see exactly what an uninterrupted
 * run would have seen.
 */
final class Windows {

    record Example(ReceiptEncoder.Window window, Receipt receipt) {
    }

    private final List<Example> examples;
    private final int batchSize;
    private final int seed;
    private int cachedEpoch = -1;
    private int[] cachedOrder;

    Windows(List<Example> examples, int batchSize, int seed) {
        if (examples.isEmpty()) {
            throw new IllegalArgumentException("no training windows");
        }
        this.examples = List.copyOf(examples);
        this.batchSize = batchSize;
        this.seed = seed;
    }

    int size() {
        return examples.size();
    }

    /** The windows of a step (0-based); a batch may run across the end of an epoch. */
    List<Example> step(int step) {
        List<Example> out = new ArrayList<>(batchSize);
        long start = (long) step * batchSize;
        for (long pos = start; pos < start + batchSize; pos++) {
            int epoch = (int) (pos / examples.size());
            int k = (int) (pos % examples.size());
            out.add(examples.get(order(epoch)[k]));
        }
        return out;
    }

    private int[] order(int epoch) {
        if (epoch != cachedEpoch) {
            List<Integer> idx = new ArrayList<>(examples.size());
            for (int i = 0; i < examples.size(); i++) {
                idx.add(i);
            }
            Collections.shuffle(idx, new Random(seed * 1_000_003L + epoch));
            cachedOrder = idx.stream().mapToInt(Integer::intValue).toArray();
            cachedEpoch = epoch;
        }
        return cachedOrder;
    }

    /** Pads windows to the longest: pad id, [0,0,0,0] boxes, mask 0, label -100, token type 0. */
    static Batch batch(NDManager m, List<ReceiptEncoder.Window> windows, List<Receipt> receipts, long pad,
                       boolean withLabels) {
        ReceiptEncoder.Padded p = ReceiptEncoder.pad(windows, pad, withLabels);
        Shape shape = new Shape(p.rows(), p.length());
        return new Batch(m.create(p.inputIds(), shape), m.create(p.bbox(), new Shape(p.rows(), p.length(), 4)),
                m.create(p.attentionMask(), shape), p.labels() == null ? null : m.create(p.labels(), shape),
                p.tokenTypes() == null ? null : m.create(p.tokenTypes(), shape), receipts);
    }
}
