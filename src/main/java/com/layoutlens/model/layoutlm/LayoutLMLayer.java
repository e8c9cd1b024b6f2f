package com.layoutlens.model.layoutlm;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.norm.Dropout;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import com.layoutlens.model.nn.HfLayerNorm;
import com.layoutlens.model.nn.HfLinear;
import com.layoutlens.model.nn.HfModule;

/**
 * One BERT post-LN encoder layer (transformers' {@code LayoutLMLayer} with eager
 * attention): self-attention with separate q/k/v projections, then
 * {@code LN(dense(ctx) + x)}, then {@code LN(dense2(act(dense1(a))) + a)}.
 */
public final class LayoutLMLayer extends HfModule {

    private final LayoutLMConfig config;
    private final HfLinear query;
    private final HfLinear key;
    private final HfLinear value;
    private final HfLinear attentionOut;
    private final HfLayerNorm attentionNorm;
    private final HfLinear intermediate;
    private final HfLinear output;
    private final HfLayerNorm outputNorm;
    private final float scaling;

    public LayoutLMLayer(LayoutLMConfig config) {
        this.config = config;
        int hidden = config.hiddenSize();
        float std = config.initializerRange();
        query = child("attention.self.query", new HfLinear(hidden, hidden, std));
        key = child("attention.self.key", new HfLinear(hidden, hidden, std));
        value = child("attention.self.value", new HfLinear(hidden, hidden, std));
        attentionOut = child("attention.output.dense", new HfLinear(hidden, hidden, std));
        attentionNorm = child("attention.output.LayerNorm", new HfLayerNorm(hidden, config.layerNormEps()));
        intermediate = child("intermediate.dense", new HfLinear(hidden, config.intermediateSize(), std));
        output = child("output.dense", new HfLinear(config.intermediateSize(), hidden, std));
        outputNorm = child("output.LayerNorm", new HfLayerNorm(hidden, config.layerNormEps()));
        // transformers multiplies by head_size ** -0.5 rather than dividing by the square root
        scaling = (float) Math.pow(config.headSize(), -0.5);
    }

    /**
     * @param hidden  (B, L, H)
     * @param maskAdd (B, 1, 1, L) additive mask: 0 where attended, finfo(float32).min where padded
     * @return (B, L, H)
     */
    public NDArray apply(ParameterStore ps, NDArray hidden, NDArray maskAdd, boolean training) {
        Shape s = hidden.getShape();
        long batch = s.get(0);
        long length = s.get(1);
        int heads = config.numAttentionHeads();
        int headSize = config.headSize();
        NDArray q = heads(query.apply(ps, hidden, training), batch, length, heads, headSize);
        NDArray k = heads(key.apply(ps, hidden, training), batch, length, heads, headSize);
        NDArray v = heads(value.apply(ps, hidden, training), batch, length, heads, headSize);
        NDArray scores = q.matMul(k.transpose(0, 1, 3, 2)).mul(scaling).add(maskAdd);
        NDArray probs = scores.softmax(-1);
        probs = dropout(probs, config.attentionDropoutProb(), training);
        NDArray context = probs.matMul(v).transpose(0, 2, 1, 3).reshape(batch, length, (long) heads * headSize);
        NDArray attended = attentionNorm.apply(ps,
                dropout(attentionOut.apply(ps, context, training), config.hiddenDropoutProb(), training)
                        .add(hidden), training);
        NDArray inner = activation(intermediate.apply(ps, attended, training));
        NDArray out = dropout(output.apply(ps, inner, training), config.hiddenDropoutProb(), training);
        return outputNorm.apply(ps, out.add(attended), training);
    }

    /** (B, L, H) -> (B, heads, L, head size). */
    private static NDArray heads(NDArray x, long batch, long length, int heads, int headSize) {
        return x.reshape(batch, length, heads, headSize).transpose(0, 2, 1, 3);
    }

    private NDArray activation(NDArray x) {
        switch (config.hiddenAct()) {
            case "gelu":
                return Activation.gelu(x); // exact erf form, as torch.nn.functional.gelu
            case "gelu_new": {
                // 0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3))), transformers' NewGELUActivation
                NDArray inner = x.add(x.pow(3).mul(0.044715f)).mul((float) Math.sqrt(2.0 / Math.PI));
                return x.mul(0.5f).mul(inner.tanh().add(1f));
            }
            case "relu":
                return Activation.relu(x);
            default:
                throw new IllegalStateException("unsupported activation " + config.hiddenAct());
        }
    }

    static NDArray dropout(NDArray x, float rate, boolean training) {
        return training && rate > 0 ? Dropout.dropout(x, rate, true).singletonOrThrow() : x;
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
                                     PairList<String, Object> params) {
        return new NDList(apply(ps, inputs.get(0), inputs.get(1), training));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0]};
    }
}
