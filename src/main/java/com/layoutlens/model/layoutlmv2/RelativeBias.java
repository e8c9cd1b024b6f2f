package com.layoutlens.model.layoutlmv2;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.ParameterStore;
import com.layoutlens.model.nn.HfLinear;

/**
 * LayoutLMv2's bucketed relative attention biases (T5-style, bidirectional). A distance
 * {@code key - query} falls in one of {@code bins} buckets: half for each sign, of which
 * half are exact small distances and half logarithmic up to {@code maxDistance}, where they
 * saturate. Each bucket has a learnt bias per head: the weight of a bias-free
 * {@code nn.Linear(bins, heads)} read as a table. The bucket arithmetic runs as the same
 * float32 tensor operations as transformers', so the rare distances on a bucket edge land
 * in the same bucket.
 */
final class RelativeBias {

    private RelativeBias() {
    }

    /**
     * Buckets of int64 distances.
     *
     * @param rel any shape, int64
     * @return same shape, int64 in 0..bins-1
     */
    static NDArray buckets(NDArray rel, int bins, int maxDistance) {
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
    static NDArray bias(NDArray positions, NDArray table, int bins, int maxDistance) {
        long b = positions.getShape().get(0);
        long l = positions.getShape().get(1);
        long heads = table.getShape().get(0);
        NDArray rel = positions.reshape(b, 1, l).sub(positions.reshape(b, l, 1));
        NDArray idx = buckets(rel, bins, maxDistance).reshape(b, 1, l, l);
        // one gather from the flattened (heads x bins) table: index head * bins + bucket. An
        // embedding lookup of (B, L, L) rows would give the same values, but its gradient
        // is an index_add over millions of 2-value rows, which PyTorch's CPU kernel runs
        // row by row (seconds a step); take's gradient is a scalar scatter-add.
        NDArray offsets = positions.getManager().arange(0, (int) (heads * bins), bins, DataType.INT64,
                positions.getDevice()).reshape(1, heads, 1, 1);
        return table.flatten().take(positions.getManager(), idx.add(offsets));
    }

    /** The (heads, bins) table of a bias-free Linear, on the device of {@code like}. */
    static NDArray table(ParameterStore ps, HfLinear linear, NDArray like) {
        return linear.weightArray(ps, like.getDevice(), false);
    }
}
