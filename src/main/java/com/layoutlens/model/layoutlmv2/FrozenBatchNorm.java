package com.layoutlens.model.layoutlmv2;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.ConstantInitializer;
import ai.djl.training.initializer.Initializer;
import ai.djl.util.PairList;
import com.layoutlens.model.nn.HfModule;

/**
 * detectron2's {@code FrozenBatchNorm2d} (and any batch norm at inference): a fixed
 * per-channel affine map from the buffers {@code weight}, {@code bias},
 * {@code running_mean} and {@code running_var}, eps 1e-5, computed by the same
 * {@code batch_norm} kernel detectron2 calls when no gradient is needed. The buffers never
 * train; the counter {@code num_batches_tracked} some checkpoints carry is not used.
 */
final class FrozenBatchNorm extends HfModule {

    static final float EPS = 1e-5f;

    private final Parameter weight;
    private final Parameter bias;
    private final Parameter mean;
    private final Parameter var;

    FrozenBatchNorm(int channels) {
        Shape s = new Shape(channels);
        weight = weight("weight", s, Parameter.Type.RUNNING_MEAN, Initializer.ONES);
        bias = weight("bias", s, Parameter.Type.RUNNING_MEAN, Initializer.ZEROS);
        mean = weight("running_mean", s, Parameter.Type.RUNNING_MEAN, Initializer.ZEROS);
        var = weight("running_var", s, Parameter.Type.RUNNING_VAR, new ConstantInitializer(1f - EPS));
        for (Parameter p : new Parameter[] {weight, bias, mean, var}) {
            p.freeze(true);
        }
    }

    /** (B, C, H, W) -> same. */
    NDArray apply(ParameterStore ps, NDArray x) {
        var d = x.getDevice();
        return BatchNorm.batchNorm(x, ps.getValue(mean, d, false), ps.getValue(var, d, false),
                ps.getValue(weight, d, false), ps.getValue(bias, d, false), 1, 0.1f, EPS, false).singletonOrThrow();
    }

    /**
     * Folds this norm into the convolution before it, in place: {@code scale = weight /
     * sqrt(running_var + eps)} (detectron2 folds the same way when it needs gradients), the
     * convolution's weight multiplied by it per output channel, and the returned bias
     * {@code bias - running_mean * scale}. This norm's buffers become the identity with that
     * shift (weight 1, mean 0, variance {@code 1 - eps}, bias the returned array), so what the
     * pair computes is unchanged up to rounding.
     *
     * @param convWeight (out, in / groups, kH, kW)
     * @return the bias (out), this norm's own {@code bias} array
     */
    NDArray foldInto(NDArray convWeight) {
        NDArray w = weight.getArray();
        NDArray b = bias.getArray();
        NDArray m = mean.getArray();
        NDArray v = var.getArray();
        try (NDArray shifted = v.add(EPS); NDArray root = shifted.sqrt(); NDArray scale = w.div(root);
             NDArray perChannel = scale.reshape(-1, 1, 1, 1); NDArray shift = m.mul(scale)) {
            convWeight.muli(perChannel);
            b.subi(shift);
        }
        w.muli(0).addi(1f);
        m.muli(0);
        v.muli(0).addi(1f - EPS);
        return b;
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
                                     PairList<String, Object> params) {
        return new NDList(apply(ps, inputs.singletonOrThrow()));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0]};
    }
}
