package com.layoutlens.model.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * The learnt tables of the bucketed relative attention biases ({@link RelativeBias}) of
 * LayoutLMv2 and LayoutLMv3, registered where transformers keeps them in the encoder:
 * {@code rel_pos_bias} for the 1D bias, {@code rel_pos_x_bias} and {@code rel_pos_y_bias} for the
 * 2D one, each a bias-free {@code Linear(bins, heads)}; a bias the configuration switches off has
 * no table. How the biases are combined (summed, scaled, the 2D one only with the 1D one) is the
 * family's.
 */
public final class RelativeBiases extends HfModule {

    private final HfLinear relative;
    private final HfLinear x;
    private final HfLinear y;
    private final int bins;
    private final int maxDistance;
    private final int bins2d;
    private final int maxDistance2d;

    /**
     * @param heads         attention heads (columns of every table)
     * @param std           standard deviation of freshly drawn weights
     * @param relative      whether the 1D bias exists
     * @param bins          its buckets
     * @param maxDistance   distance at which its buckets saturate
     * @param spatial       whether the 2D bias exists
     * @param bins2d        its buckets
     * @param maxDistance2d distance at which its buckets saturate
     */
    public RelativeBiases(int heads, float std, boolean relative, int bins, int maxDistance, boolean spatial,
                          int bins2d, int maxDistance2d) {
        this.relative = relative ? child("rel_pos_bias", new HfLinear(bins, heads, std, false)) : null;
        this.x = spatial ? child("rel_pos_x_bias", new HfLinear(bins2d, heads, std, false)) : null;
        this.y = spatial ? child("rel_pos_y_bias", new HfLinear(bins2d, heads, std, false)) : null;
        this.bins = bins;
        this.maxDistance = maxDistance;
        this.bins2d = bins2d;
        this.maxDistance2d = maxDistance2d;
    }

    public boolean hasRelative() {
        return relative != null;
    }

    public boolean hasSpatial() {
        return x != null;
    }

    /**
     * The 1D bias over {@code positions} (B or 1, L) int64: (B or 1, heads, L, L), or null when the
     * model has none.
     */
    public NDArray relative(ParameterStore ps, NDArray positions) {
        return relative == null ? null
                : RelativeBias.bias(positions, RelativeBias.table(ps, relative, positions), bins, maxDistance);
    }

    /** The 2D bias over {@code boxes} (B, L, 4) int64: (B, heads, L, L), or null when the model has none. */
    public NDArray spatial(ParameterStore ps, NDArray boxes) {
        return x == null ? null : RelativeBias.spatial(ps, x, y, boxes, bins2d, maxDistance2d);
    }

    /** Not a layer of its own: the family's forward pass asks for the biases it adds. */
    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
                                     PairList<String, Object> params) {
        throw new UnsupportedOperationException("the relative biases are read through relative() and spatial()");
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return inputShapes;
    }
}
