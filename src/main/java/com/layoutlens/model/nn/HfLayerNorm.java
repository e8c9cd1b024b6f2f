package com.layoutlens.model.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.norm.LayerNorm;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.Initializer;

/**
 * {@code torch.nn.LayerNorm} over the last axis, with transformers' names {@code weight}
 * and {@code bias} (DJL's own block calls them gamma and beta and normalises over
 * configurable axes; this one calls the same native kernel as PyTorch).
 */
public final class HfLayerNorm extends UnaryModule {

    private final int size;
    private final float eps;
    private final Parameter weight;
    private final Parameter bias;

    public HfLayerNorm(int size, float eps) {
        this.size = size;
        this.eps = eps;
        this.weight = weight("weight", new Shape(size), Parameter.Type.GAMMA, Initializer.ONES);
        this.bias = weight("bias", new Shape(size), Parameter.Type.BETA, Initializer.ZEROS);
    }

    @Override
    public NDArray apply(ParameterStore ps, NDArray x, boolean training) {
        NDArray g = ps.getValue(weight, x.getDevice(), training);
        NDArray b = ps.getValue(bias, x.getDevice(), training);
        return LayerNorm.layerNorm(x, new Shape(size), g, b, eps).singletonOrThrow();
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0]};
    }
}
