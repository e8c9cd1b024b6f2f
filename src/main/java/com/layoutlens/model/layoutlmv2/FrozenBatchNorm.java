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
