package com.layoutlens.train;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.layoutlens.data.Receipt;
import com.layoutlens.model.encode.ReceiptEncoder;

import java.util.ArrayList;
import java.util.Arrays;
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

    /** Pads windows to the longest: pad id, [0,0,0,0] boxes, mask 0, label -100. */
    static Batch batch(NDManager m, List<ReceiptEncoder.Window> windows, List<Receipt> receipts, long pad,
                       boolean withLabels) {
        int b = windows.size();
        int length = 0;
        for (ReceiptEncoder.Window w : windows) {
            length = Math.max(length, w.length());
        }
        long[] ids = new long[b * length];
        long[] bbox = new long[b * length * 4];
        long[] mask = new long[b * length];
        long[] labels = withLabels ? new long[b * length] : null;
        Arrays.fill(ids, pad);
        if (labels != null) {
            Arrays.fill(labels, Losses.IGNORE);
        }
        for (int r = 0; r < b; r++) {
            ReceiptEncoder.Window w = windows.get(r);
            System.arraycopy(w.inputIds(), 0, ids, r * length, w.length());
            System.arraycopy(w.bbox(), 0, bbox, r * length * 4, w.length() * 4);
            Arrays.fill(mask, r * length, r * length + w.length(), 1L);
            if (labels != null) {
                System.arraycopy(w.labels(), 0, labels, r * length, w.length());
            }
        }
        return new Batch(m.create(ids, new Shape(b, length)), m.create(bbox, new Shape(b, length, 4)),
                m.create(mask, new Shape(b, length)), labels == null ? null : m.create(labels, new Shape(b, length)),
                receipts);
    }
}
