package com.layoutlens.model.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.Initializer;
import ai.djl.training.initializer.NormalInitializer;

/**
 * {@code torch.nn.Linear}: {@code y = x W^T + b} over the last axis, with {@code weight}
 * of shape (out, in) and {@code bias} (out) exactly as PyTorch stores them.
 * Fresh weights are drawn as transformers does: normal(0, initializer_range), bias 0.
 */
public final class HfLinear extends UnaryModule {

    private final int inFeatures;
    private final int outFeatures;
    private final Parameter weight;
    private final Parameter bias;

    public HfLinear(int inFeatures, int outFeatures, float initStd) {
        this(inFeatures, outFeatures, initStd, true);
    }

    /** @param withBias false for {@code nn.Linear(..., bias=False)}: the checkpoint then has no bias either */
    public HfLinear(int inFeatures, int outFeatures, float initStd, boolean withBias) {
        this.inFeatures = inFeatures;
        this.outFeatures = outFeatures;
        this.weight = weight("weight", new Shape(outFeatures, inFeatures), Parameter.Type.WEIGHT,
                new NormalInitializer(initStd));
        this.bias = withBias ? weight("bias", new Shape(outFeatures), Parameter.Type.BIAS, Initializer.ZEROS) : null;
    }

    /** The (out, in) weight on the given device, for modules that use it as a lookup table. */
    public NDArray weightArray(ParameterStore ps, ai.djl.Device device, boolean training) {
        return ps.getValue(weight, device, training);
    }

    public int inFeatures() {
        return inFeatures;
    }

    public int outFeatures() {
        return outFeatures;
    }

    /** (..., in) -> (..., out). */
    @Override
    public NDArray apply(ParameterStore ps, NDArray x, boolean training) {
        NDArray w = ps.getValue(weight, x.getDevice(), training);
        if (bias == null) {
            // the transposed view would otherwise belong to the weight's (the model's) manager
            // and live as long as the model: one more array on every call
            NDArray wt = w.transpose();
            wt.attach(x.getManager());
            return x.matMul(wt);
        }
        NDArray b = ps.getValue(bias, x.getDevice(), training);
        return Linear.linear(x, w, b).singletonOrThrow();
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape in = inputShapes[0];
        return new Shape[] {in.slice(0, in.dimension() - 1).add(outFeatures)};
    }
}
