package com.layoutlens.model.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;

/**
 * The bucketed relative attention biases of LayoutLMv2 and LayoutLMv3 (T5-style, bidirectional). A distance
 * {@code key - query} falls in one of {@code bins} buckets: half for each sign, of which
 * half are exact small distances and half logarithmic up to {@code maxDistance}, where they
 * saturate. Each bucket has a learnt bias per head: the weight of a bias-free
 * {@code nn.Linear(bins, heads)} read as a table. The bucket arithmetic runs as the same
 * float32 tensor operations as transformers', so the rare distances on a bucket edge land
 * in the same bucket.
 */
public final class RelativeBias {

    private RelativeBias() {
    }

    /**
     * Buckets of int64 distances.
     *
     * @param rel any shape, int64
     * @return same shape, int64 in 0..bins-1
     */
    public static NDArray buckets(NDArray rel, int bins, int maxDistance) {
        int half = bins / 2;
        int exact = half / 2;
        NDArray ret = rel.gt(0).toType(DataType.INT64, false).mul(half);
        NDArray n = rel.abs();
        NDArray small = n.lt(exact);
        NDArray large = n.toType(DataType.FLOAT32, false).div((float) exact).log()
                .div((float) Math.log((double) maxDistance / exact)).mul((float) (half - exact))
                .toType(DataType.INT64, false).add(exact);
        large = large.minimum(half - 1);
        return ret.add(NDArrays.where(small, n, large));
    }

    /**
     * The bias for every query/key pair.
     *
     * @param positions (B, L) int64 coordinates (1D positions, box x0 or box y1)
     * @param table     the (heads, bins) weight
     * @return (B, heads, L, L) float32: {@code table[:, bucket(pos[key] - pos[query])]}
     */
    public static NDArray bias(NDArray positions, NDArray table, int bins, int maxDistance) {
        long b = positions.getShape().get(0);
        long l = positions.getShape().get(1);
        long heads = table.getShape().get(0);
        NDArray rel = positions.reshape(b, 1, l).sub(positions.reshape(b, l, 1));
        Shape full = new Shape(b, heads, l, l);
        NDArray idx = buckets(rel, bins, maxDistance).reshape(b, 1, l, l).broadcast(full);
        // a gather along the bins of the table broadcast to (B, heads, L, bins): the values of
        // an embedding lookup of (B, L, L) rows, but a gradient that is fast and deterministic
        // on the CPU (a scatter-add within rows; the lookup's index_add runs row by row, and a
        // gather from the flattened table accumulates in a thread-dependent order)
        // the table belongs to the model: what is computed from it must belong to the
        // caller's manager, or every forward pass would leave its (B, heads, L, L) bias behind
        NDManager m = positions.getManager();
        NDArray rows = table.reshape(1, heads, 1, bins);
        rows.attach(m);
        NDArray wide = rows.broadcast(new Shape(b, heads, l, bins));
        wide.attach(m);
        NDArray out = wide.gather(idx, 3);
        out.attach(m);
        return out;
    }

    /** The (heads, bins) table of a bias-free Linear, on the device of {@code like}. */
    public static NDArray table(ParameterStore ps, HfLinear linear, NDArray like) {
        return linear.weightArray(ps, like.getDevice(), false);
    }

    /**
     * The 2D (spatial) bias of LayoutLMv2 and v3: the bias over the boxes' x0 from
     * {@code xTable} plus the one over their y1 from {@code yTable}, (B, heads, L, L).
     *
     * @param boxes (B, L, 4) int64
     */
    public static NDArray spatial(ParameterStore ps, HfLinear xTable, HfLinear yTable, NDArray boxes, int bins,
                                  int maxDistance) {
        NDArray bx = bias(boxes.get(":, :, 0"), table(ps, xTable, boxes), bins, maxDistance);
        NDArray by = bias(boxes.get(":, :, 3"), table(ps, yTable, boxes), bins, maxDistance);
        return bx.add(by);
    }
}
