package com.layoutlens.model.layoutlmv2;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.NormalInitializer;
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
        NDArray y = HfConv2d.conv(x, ps.getValue(weight, x.getDevice(), training), null, stride, padding, dilation,
                groups);
        return norm == null ? y : norm.apply(ps, y);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0]};
    }
}
