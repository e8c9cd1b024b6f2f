package com.layoutlens.model.layoutlmv2;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.training.ParameterStore;
import com.layoutlens.model.nn.FusedConvolution;
import com.layoutlens.model.nn.UnaryModule;

/**
 * One residual block of detectron2's ResNet. Basic (depth 18/34): two 3x3 convolutions,
 * the first strided. Bottleneck (50/101/152): 1x1 -> 3x3 (grouped, dilated) -> 1x1, the
 * stride in the first 1x1 or in the 3x3 ({@code STRIDE_IN_1X1}). Each convolution carries
 * its norm, ReLU follows all but the last; the shortcut is a strided 1x1 convolution with
 * norm when the channel count changes, else the input itself; ReLU after the sum.
 */
final class ResNetBlock extends UnaryModule {

    private final ConvNorm conv1;
    private final ConvNorm conv2;
    private final ConvNorm conv3;
    private final ConvNorm shortcut;
    private boolean folded;

    /** A basic block. */
    static ResNetBlock basic(int in, int out, int stride, boolean norm) {
        return new ResNetBlock(in, out, 0, stride, false, 1, 1, norm, true);
    }

    /** A bottleneck block. */
    static ResNetBlock bottleneck(int in, int out, int bottleneck, int stride, boolean strideIn1x1, int dilation,
                                  int groups, boolean norm) {
        return new ResNetBlock(in, out, bottleneck, stride, strideIn1x1, dilation, groups, norm, false);
    }

    private ResNetBlock(int in, int out, int bottleneck, int stride, boolean strideIn1x1, int dilation, int groups,
                        boolean norm, boolean basic) {
        shortcut = in != out ? child("shortcut", new ConvNorm(in, out, 1, stride, 0, 1, 1, norm)) : null;
        if (basic) {
            conv1 = child("conv1", new ConvNorm(in, out, 3, stride, 1, 1, 1, norm));
            conv2 = child("conv2", new ConvNorm(out, out, 3, 1, 1, 1, 1, norm));
            conv3 = null;
        } else {
            int s1 = strideIn1x1 ? stride : 1;
            int s3 = strideIn1x1 ? 1 : stride;
            conv1 = child("conv1", new ConvNorm(in, bottleneck, 1, s1, 0, 1, 1, norm));
            conv2 = child("conv2", new ConvNorm(bottleneck, bottleneck, 3, s3, dilation, dilation, groups, norm));
            conv3 = child("conv3", new ConvNorm(bottleneck, out, 1, 1, 0, 1, 1, norm));
        }
    }

    @Override
    public NDArray apply(ParameterStore ps, NDArray x, boolean training) {
        NDArray y = conv1.apply(ps, x, training, true);
        y = conv2.apply(ps, y, training, conv3 != null);
        if (conv3 != null) {
            y = conv3.apply(ps, y, training, false);
        }
        NDArray skip = shortcut == null ? x : shortcut.apply(ps, x, training);
        // the folded backbone sums in place: nothing else reads its last convolution's output
        return folded ? FusedConvolution.addRelu(y, skip) : Activation.relu(y.add(skip));
    }

    /** Folds every convolution's norm into it ({@link ConvNorm#foldNorm}). */
    void foldNorms() {
        folded = true;
        for (ConvNorm c : new ConvNorm[] {conv1, conv2, conv3, shortcut}) {
            if (c != null) {
                c.foldNorm();
            }
        }
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0]};
    }
}
