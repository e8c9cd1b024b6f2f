package com.layoutlens.model.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.NormalInitializer;

/**
 * {@code torch.nn.Embedding}: rows of a (rows, dim) table picked by int64 indices,
 * {@code (...) -> (..., dim)}. Indices must lie in {@code [0, rows)}; callers check that
 * first, since the native kernel fails with an unhelpful message.
 */
public final class HfEmbedding extends UnaryModule {

    private final int rows;
    private final int dim;
    private final Parameter weight;

    public HfEmbedding(int rows, int dim, float initStd) {
        this.rows = rows;
        this.dim = dim;
        this.weight = weight("weight", new Shape(rows, dim), Parameter.Type.WEIGHT, new NormalInitializer(initStd));
    }

    public int rows() {
        return rows;
    }

    @Override
    public NDArray apply(ParameterStore ps, NDArray indices, boolean training) {
        NDArray w = ps.getValue(weight, indices.getDevice(), training);
        return indices.getNDArrayInternal().embedding(indices, w, SparseFormat.DENSE).singletonOrThrow();
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0].add(dim)};
    }
}
