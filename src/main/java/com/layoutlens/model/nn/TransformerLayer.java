package com.layoutlens.model.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.norm.Dropout;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.Initializer;
import ai.djl.util.PairList;

import java.util.List;

/**
 * One BERT post-LN encoder layer as LayoutLM (v1) and LayoutLMv2 share it (eager
 * attention): self-attention, then {@code LN(dense(ctx) + x)}, then
 * {@code LN(dense2(act(dense1(a))) + a)}.
 *
 * <p>Two projections exist: separate {@code query}/{@code key}/{@code value} Linear layers
 * with bias (v1, and v2 without {@code fast_qkv}), or LayoutLMv2's {@code fast_qkv}: one
 * bias-free {@code qkv_linear} (hidden -> 3 hidden) split in three, plus the parameters
 * {@code q_bias} and {@code v_bias} (1, 1, hidden) added to q and v. LayoutLMv2 scales q
 * before the product and adds its relative position biases unscaled; v1 scales the
 * product. Both orders are kept so that the float rounding matches each reference.
 */
public final class TransformerLayer extends HfModule {

    /** The sizes of one layer. */
    public record Settings(int hidden, int heads, int intermediate, String activation, float layerNormEps,
                           float hiddenDropout, float attentionDropout, float initStd, boolean fastQkv,
                           boolean scaleQueryFirst) {
    }

    private final Settings s;
    private final HfLinear query;
    private final HfLinear key;
    private final HfLinear value;
    private final HfLinear qkv;
    private final Parameter qBias;
    private final Parameter vBias;
    private final HfLinear attentionOut;
    private final HfLayerNorm attentionNorm;
    private final HfLinear intermediate;
    private final HfLinear output;
    private final HfLayerNorm outputNorm;
    private final int headSize;

    public TransformerLayer(Settings settings) {
        this.s = settings;
        int hidden = settings.hidden();
        float std = settings.initStd();
        headSize = hidden / settings.heads();
        if (settings.fastQkv()) {
            qkv = child("attention.self.qkv_linear", new HfLinear(hidden, 3 * hidden, std, false));
            qBias = weight("attention.self.q_bias", new Shape(1, 1, hidden), Parameter.Type.BIAS, Initializer.ZEROS);
            vBias = weight("attention.self.v_bias", new Shape(1, 1, hidden), Parameter.Type.BIAS, Initializer.ZEROS);
            query = null;
            key = null;
            value = null;
        } else {
            query = child("attention.self.query", new HfLinear(hidden, hidden, std));
            key = child("attention.self.key", new HfLinear(hidden, hidden, std));
            value = child("attention.self.value", new HfLinear(hidden, hidden, std));
            qkv = null;
            qBias = null;
            vBias = null;
        }
        attentionOut = child("attention.output.dense", new HfLinear(hidden, hidden, std));
        attentionNorm = child("attention.output.LayerNorm", new HfLayerNorm(hidden, settings.layerNormEps()));
        intermediate = child("intermediate.dense", new HfLinear(hidden, settings.intermediate(), std));
        output = child("output.dense", new HfLinear(settings.intermediate(), hidden, std));
        outputNorm = child("output.LayerNorm", new HfLayerNorm(hidden, settings.layerNormEps()));
    }

    /**
     * @param hidden    (B, L, H)
     * @param maskAdd   (B, 1, 1, L) additive mask: 0 where attended, finfo(float32).min where padded
     * @param scoreBias (B, heads, L, L) added to the attention scores before the mask, or null
     * @return (B, L, H)
     */
    public NDArray apply(ParameterStore ps, NDArray hidden, NDArray maskAdd, NDArray scoreBias, boolean training) {
        Shape shape = hidden.getShape();
        long batch = shape.get(0);
        long length = shape.get(1);
        int heads = s.heads();
        NDArray q;
        NDArray k;
        NDArray v;
        if (qkv != null) {
            NDList parts = qkv.apply(ps, hidden, training).split(3, 2);
            q = parts.get(0).add(ps.getValue(qBias, hidden.getDevice(), training));
            k = parts.get(1);
            v = parts.get(2).add(ps.getValue(vBias, hidden.getDevice(), training));
        } else {
            q = query.apply(ps, hidden, training);
            k = key.apply(ps, hidden, training);
            v = value.apply(ps, hidden, training);
        }
        q = heads(q, batch, length, heads, headSize);
        k = heads(k, batch, length, heads, headSize);
        v = heads(v, batch, length, heads, headSize);
        NDArray scores;
        if (s.scaleQueryFirst()) {
            scores = q.div((float) Math.sqrt(headSize)).matMul(k.transpose(0, 1, 3, 2));
        } else {
            // transformers' BERT multiplies by head_size ** -0.5 rather than dividing by the square root
            scores = q.matMul(k.transpose(0, 1, 3, 2)).mul((float) Math.pow(headSize, -0.5));
        }
        if (scoreBias != null) {
            scores = scores.add(scoreBias);
        }
        NDArray probs = scores.add(maskAdd).softmax(-1);
        probs = dropout(probs, s.attentionDropout(), training);
        NDArray context = probs.matMul(v).transpose(0, 2, 1, 3).reshape(batch, length, (long) heads * headSize);
        NDArray attended = attentionNorm.apply(ps,
                dropout(attentionOut.apply(ps, context, training), s.hiddenDropout(), training).add(hidden),
                training);
        NDArray inner = Activations.apply(s.activation(), intermediate.apply(ps, attended, training));
        NDArray out = dropout(output.apply(ps, inner, training), s.hiddenDropout(), training);
        return outputNorm.apply(ps, out.add(attended), training);
    }

    /**
     * Inference through one layer whose intermediates (q, k, v, scores, probabilities: about
     * 40 arrays, the scores alone B x heads x L x L) live in a sub-manager freed as soon as
     * the layer is done. DJL frees an array only with its manager, so without this a deep
     * forward holds every layer's intermediates until the caller's manager closes: several GB
     * for a batch of 512-token windows. Training keeps them for backward and must not use it.
     */
    public NDArray applyScoped(ParameterStore ps, NDArray hidden, NDArray maskAdd, NDArray scoreBias) {
        NDManager parent = hidden.getManager();
        try (NDManager scope = parent.newSubManager()) {
            scope.tempAttachAll(scoreBias == null ? new NDList(hidden, maskAdd) : new NDList(hidden, maskAdd, scoreBias));
            NDArray out = apply(ps, hidden, maskAdd, scoreBias, false);
            out.attach(parent);
            return out;
        }
    }

    /**
     * transformers' additive attention mask: {@code (1 - mask) * finfo(float32).min}, (B, 1, 1, L),
     * broadcast over heads and query positions.
     *
     * @param mask (B, L), 1 for a position to attend to, 0 for padding
     */
    public static NDArray additiveMask(NDArray mask) {
        Shape s = mask.getShape();
        return mask.toType(DataType.FLOAT32, false).reshape(s.get(0), 1, 1, s.get(1)).neg().add(1f)
                .mul(-Float.MAX_VALUE);
    }

    /**
     * Runs an encoder's layers in order: in training through {@link #apply} (whose intermediates
     * backward needs), else through {@link #applyScoped}.
     *
     * @param scoreBias the bias every layer adds to its scores, or null
     * @param states    receives {@code hidden} and then every layer's output; null to keep none
     * @return the last layer's output
     */
    public static NDArray encode(List<TransformerLayer> layers, ParameterStore ps, NDArray hidden, NDArray maskAdd,
                                 NDArray scoreBias, boolean training, List<NDArray> states) {
        if (states != null) {
            states.add(hidden);
        }
        for (TransformerLayer layer : layers) {
            hidden = training ? layer.apply(ps, hidden, maskAdd, scoreBias, true)
                    : layer.applyScoped(ps, hidden, maskAdd, scoreBias);
            if (states != null) {
                states.add(hidden);
            }
        }
        return hidden;
    }

    /** (B, L, H) -> (B, heads, L, head size). */
    private static NDArray heads(NDArray x, long batch, long length, int heads, int headSize) {
        return x.reshape(batch, length, heads, headSize).transpose(0, 2, 1, 3);
    }

    /** Dropout in training, identity otherwise. */
    public static NDArray dropout(NDArray x, float rate, boolean training) {
        return training && rate > 0 ? Dropout.dropout(x, rate, true).singletonOrThrow() : x;
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
                                     PairList<String, Object> params) {
        return new NDList(apply(ps, inputs.get(0), inputs.get(1), inputs.size() > 2 ? inputs.get(2) : null, training));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0]};
    }
}
