package com.layoutlens.model.layoutlmv2;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.NormalInitializer;
import com.layoutlens.model.nn.FusedConvolution;
import com.layoutlens.model.nn.HfConv2d;
import com.layoutlens.model.nn.UnaryModule;

/**
 * detectron2's {@code Conv2d} wrapper as the ResNet uses it: a bias-free convolution whose
 * {@code weight} sits on the module itself, followed by its {@code norm} child (a frozen
 * batch norm, or nothing when {@code RESNETS.NORM} is empty).
 */
final class ConvNorm extends UnaryModule {

    private final Parameter weight;
    private final FrozenBatchNorm norm;
    private final int stride;
    private final int padding;
    private final int dilation;
    private final int groups;
    /** The convolution's bias once the norm is folded into it, else null. */
    private NDArray foldedBias;

    ConvNorm(int in, int out, int kernel, int stride, int padding, int dilation, int groups, boolean withNorm) {
        if (in % groups != 0 || out % groups != 0) {
            throw new IllegalArgumentException("channels " + in + " -> " + out + " not divisible by " + groups
                    + " groups");
        }
        this.stride = stride;
        this.padding = padding;
        this.dilation = dilation;
        this.groups = groups;
        float std = (float) Math.sqrt(2.0 / ((double) in / groups * kernel * kernel));
        weight = weight("weight", new Shape(out, in / groups, kernel, kernel), Parameter.Type.WEIGHT,
                new NormalInitializer(std));
        norm = withNorm ? child("norm", new FrozenBatchNorm(out)) : null;
    }

    @Override
    public NDArray apply(ParameterStore ps, NDArray x, boolean training) {
        return apply(ps, x, training, false);
    }

    /** The convolution and its norm, then a ReLU when {@code relu} is set. */
    NDArray apply(ParameterStore ps, NDArray x, boolean training, boolean relu) {
        NDArray w = ps.getValue(weight, x.getDevice(), training);
        if (foldedBias != null) {
            return FusedConvolution.apply(x, w, foldedBias, stride, padding, dilation, groups, relu);
        }
        NDArray y = HfConv2d.conv(x, w, null, stride, padding, dilation, groups);
        y = norm == null ? y : norm.apply(ps, y);
        return relu ? Activation.relu(y) : y;
    }

    /**
     * Folds the norm into the convolution for inference, in place: the weight is scaled per
     * output channel and the norm's shift becomes the convolution's bias ({@link
     * FrozenBatchNorm#foldInto}). Afterwards the convolution runs with that bias and no separate
     * norm, its ReLU fused where the engine can ({@link FusedConvolution}). Once only, on
     * weights that record no gradient.
     */
    void foldNorm() {
        if (foldedBias != null) {
            return;
        }
        NDArray w = weight.getArray();
        if (w.hasGradient()) {
            throw new IllegalStateException("batch norms are folded only into frozen weights");
        }
        foldedBias = norm == null ? w.getManager().zeros(new Shape(w.getShape().get(0)))
                : norm.foldInto(w);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0]};
    }
}
