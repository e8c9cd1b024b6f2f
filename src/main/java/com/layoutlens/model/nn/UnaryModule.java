package com.layoutlens.model.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * A module with one input array and one output array: a layer, a convolution, a backbone.
 * DJL's block interface ({@code forward} over an {@link NDList}) is answered here once, by
 * {@link #apply}, which the model code calls directly.
 */
public abstract class UnaryModule extends HfModule {

    /** The module's output for {@code x}; {@code training} turns dropout and the like on. */
    public abstract NDArray apply(ParameterStore ps, NDArray x, boolean training);

    @Override
    protected final NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
                                           PairList<String, Object> params) {
        return new NDList(apply(ps, inputs.singletonOrThrow(), training));
    }
}
