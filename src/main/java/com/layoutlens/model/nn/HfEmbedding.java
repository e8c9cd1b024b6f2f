package com.layoutlens.model.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
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

    /**
     * LayoutLMv2's and LayoutLMv3's 2D position embedding of (B, N, 4) boxes (x0, y0, x1, y1):
     * {@code [X(x0) | Y(y0) | X(x1) | Y(y1) | H(y1-y0) | W(x1-x0)]}, (B, N, 6 * dim). Heights and
     * widths are clipped to {@code [0, maxShape]} when {@code maxShape >= 0}, else used as they are.
     */
    public static NDArray spatial(ParameterStore ps, NDArray boxes, HfEmbedding x, HfEmbedding y, HfEmbedding h,
                                  HfEmbedding w, int maxShape, boolean training) {
        NDArray x0 = boxes.get(":, :, 0");
        NDArray y0 = boxes.get(":, :, 1");
        NDArray x1 = boxes.get(":, :, 2");
        NDArray y1 = boxes.get(":, :, 3");
        NDArray height = y1.sub(y0);
        NDArray width = x1.sub(x0);
        if (maxShape >= 0) {
            height = height.clip(0, maxShape);
            width = width.clip(0, maxShape);
        }
        return NDArrays.concat(new NDList(
                x.apply(ps, x0, training),
                y.apply(ps, y0, training),
                x.apply(ps, x1, training),
                y.apply(ps, y1, training),
                h.apply(ps, height, training),
                w.apply(ps, width, training)), -1);
    }
}
