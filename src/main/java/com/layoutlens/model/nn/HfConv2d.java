package com.layoutlens.model.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.Initializer;
import ai.djl.training.initializer.NormalInitializer;

/**
 * {@code torch.nn.Conv2d} with a square kernel, weight (out, in / groups, k, k) and an
 * optional bias, as PyTorch stores them. Calls the engine's convolution directly, since
 * DJL's {@code Conv2d} block names and creates its parameters its own way.
 */
public final class HfConv2d extends UnaryModule {

    private final int inChannels;
    private final int outChannels;
    private final int kernel;
    private final int stride;
    private final int padding;
    private final int dilation;
    private final int groups;
    private final Parameter weight;
    private final Parameter bias;

    /**
     * @param withBias detectron2 leaves the bias out when a norm follows the convolution
     */
    public HfConv2d(int inChannels, int outChannels, int kernel, int stride, int padding, int dilation, int groups,
                    boolean withBias) {
        if (inChannels % groups != 0 || outChannels % groups != 0) {
            throw new IllegalArgumentException("channels " + inChannels + " -> " + outChannels
                    + " are not divisible by " + groups + " groups");
        }
        this.inChannels = inChannels;
        this.outChannels = outChannels;
        this.kernel = kernel;
        this.stride = stride;
        this.padding = padding;
        this.dilation = dilation;
        this.groups = groups;
        float std = (float) Math.sqrt(2.0 / ((double) inChannels / groups * kernel * kernel));
        this.weight = weight("weight", new Shape(outChannels, inChannels / groups, kernel, kernel),
                Parameter.Type.WEIGHT, new NormalInitializer(std));
        this.bias = withBias ? weight("bias", new Shape(outChannels), Parameter.Type.BIAS, Initializer.ZEROS) : null;
    }

    public int outChannels() {
        return outChannels;
    }

    /** (B, in, H, W) -> (B, out, H', W'). */
    @Override
    public NDArray apply(ParameterStore ps, NDArray x, boolean training) {
        NDArray w = ps.getValue(weight, x.getDevice(), training);
        NDArray b = bias == null ? null : ps.getValue(bias, x.getDevice(), training);
        return conv(x, w, b, stride, padding, dilation, groups);
    }

    /** {@code torch.nn.functional.conv2d} with square stride, padding and dilation; {@code bias} may be null. */
    public static NDArray conv(NDArray x, NDArray weight, NDArray bias, int stride, int padding, int dilation,
                               int groups) {
        return x.getNDArrayInternal().convolution(x, weight, bias, new Shape(stride, stride),
                new Shape(padding, padding), new Shape(dilation, dilation), groups).singletonOrThrow();
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape in = inputShapes[0];
        long h = (in.get(2) + 2L * padding - (long) dilation * (kernel - 1) - 1) / stride + 1;
        long w = (in.get(3) + 2L * padding - (long) dilation * (kernel - 1) - 1) / stride + 1;
        return new Shape[] {new Shape(in.get(0), outChannels, h, w)};
    }
}
