package com.layoutlens.model.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDArrays;
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
    /** 1 / sqrt(head size). */
    private final float scale;
    /** Whether {@link #scale} is a power of two, so that scaling q instead of the scores changes no bit. */
    private final boolean exactScale;

    public TransformerLayer(Settings settings) {
        this.s = settings;
        int hidden = settings.hidden();
        float std = settings.initStd();
        headSize = hidden / settings.heads();
        scale = (float) Math.pow(headSize, -0.5);
        exactScale = Integer.bitCount(headSize) == 1 && Integer.numberOfTrailingZeros(headSize) % 2 == 0;
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
     * @param maskAdd   (B, 1, 1, L) additive mask: 0 where attended, finfo(float32).min where padded;
     *                  null when no position is padded
     * @param scoreBias (B, heads, L, L) added to the attention scores before the mask, or null
     * @return (B, L, H)
     */
    public NDArray apply(ParameterStore ps, NDArray hidden, NDArray maskAdd, NDArray scoreBias, boolean training) {
        return run(ps, hidden, maskAdd, scoreBias, null, training);
    }

    /**
     * Inference through the layer with outputs only at some positions of each sequence: keys and
     * values come from every position, the queries, the attention output and the feed-forward part
     * only from {@code rows}. The values are those {@link #apply} gives at the same positions; the
     * work of everything after the keys and values shrinks to the rows asked for (a token
     * classifier reads a receipt's first sub-tokens, about half of them).
     *
     * @param rows (B, S) int64 positions in each sequence
     * @return (B, S, H)
     */
    public NDArray applyAt(ParameterStore ps, NDArray hidden, NDArray maskAdd, NDArray scoreBias, NDArray rows) {
        return run(ps, hidden, maskAdd, scoreBias, rows, false);
    }

    /** {@link #apply}, or {@link #applyAt} when {@code rows} is given (inference only). */
    private NDArray run(ParameterStore ps, NDArray hidden, NDArray maskAdd, NDArray scoreBias, NDArray rows,
                        boolean training) {
        Shape shape = hidden.getShape();
        long batch = shape.get(0);
        long length = shape.get(1);
        long queries = rows == null ? length : rows.getShape().get(1);
        int heads = s.heads();
        NDArray rowIndex = rows == null ? null
                : rows.expandDims(2).broadcast(batch, queries, shape.get(2));
        NDArray source = rows == null ? hidden : hidden.gather(rowIndex, 1);
        NDArray q;
        NDArray k;
        NDArray v;
        if (qkv != null) {
            // one product for all three: q is taken at the rows afterwards
            NDList parts = qkv.apply(ps, hidden, training).split(3, 2);
            q = rows == null ? parts.get(0) : parts.get(0).gather(rowIndex, 1);
            q = q.add(ps.getValue(qBias, hidden.getDevice(), training));
            k = parts.get(1);
            v = parts.get(2).add(ps.getValue(vBias, hidden.getDevice(), training));
        } else {
            q = query.apply(ps, source, training);
            k = key.apply(ps, hidden, training);
            v = value.apply(ps, hidden, training);
        }
        if (rows != null && scoreBias != null) {
            Shape b = scoreBias.getShape();
            NDArray at = rows.reshape(batch, 1, queries, 1).broadcast(batch, b.get(1), queries, b.get(3));
            scoreBias = scoreBias.broadcast(batch, b.get(1), b.get(2), b.get(3)).gather(at, 2);
        }
        NDArray context = training ? null : fused(q, k, v, maskAdd, scoreBias, batch, queries, length);
        if (context == null) {
            context = stepByStep(q, k, v, maskAdd, scoreBias, batch, queries, length, training);
        }
        NDArray projected = dropout(attentionOut.apply(ps, context, training), s.hiddenDropout(), training);
        NDArray attended = attentionNorm.apply(ps, training ? projected.add(source) : projected.addi(source), training);
        NDArray inner = Activations.apply(s.activation(), intermediate.apply(ps, attended, training));
        NDArray out = dropout(output.apply(ps, inner, training), s.hiddenDropout(), training);
        return outputNorm.apply(ps, training ? out.add(attended) : out.addi(attended), training);
    }

    /**
     * Inference through the layer over packed sequences ({@link Packing}): the sequences' rows one
     * after the other, without padding.
     *
     * @param x       (N, H) the rows of every sequence
     * @param bias    the score bias's blocks ({@link FusedAttention#packBias}), or null
     * @param qLens   query rows per sequence: its length, or with {@code queries} the rows asked for
     * @param kvLens  rows per sequence
     * @param queries (sum of qLens) rows of {@code x} whose outputs are wanted, or null for all
     * @return (N or sum of qLens, H)
     */
    NDArray applyPacked(ParameterStore ps, NDArray x, NDArray bias, long[] qLens, long[] kvLens, NDArray queries) {
        NDManager parent = x.getManager();
        try (NDManager scope = parent.newSubManager()) {
            NDList inputs = new NDList(x);
            if (bias != null) {
                inputs.add(bias);
            }
            if (queries != null) {
                inputs.add(queries);
            }
            scope.tempAttachAll(inputs);
            NDArray out = runPacked(ps, x, bias, qLens, kvLens, queries);
            out.attach(parent);
            return out;
        }
    }

    private NDArray runPacked(ParameterStore ps, NDArray x, NDArray bias, long[] qLens, long[] kvLens,
                              NDArray queries) {
        long hidden = x.getShape().get(1);
        NDArray source = queries == null ? x : Packing.rows(x, queries);
        NDArray q;
        NDArray k;
        NDArray v;
        if (qkv != null) {
            NDList parts = qkv.apply(ps, x, false).split(3, 1);
            q = queries == null ? parts.get(0) : Packing.rows(parts.get(0), queries);
            // the reshaped views would otherwise belong to the parameters' (the model's) manager
            // and live as long as the model: two more arrays a layer on every pass
            NDArray qb = ps.getValue(qBias, x.getDevice(), false).reshape(hidden);
            NDArray vb = ps.getValue(vBias, x.getDevice(), false).reshape(hidden);
            qb.attach(x.getManager());
            vb.attach(x.getManager());
            q = q.add(qb);
            k = parts.get(1);
            v = parts.get(2).add(vb);
        } else {
            q = query.apply(ps, source, false);
            k = key.apply(ps, x, false);
            v = value.apply(ps, x, false);
        }
        NDArray context = FusedAttention.attendPacked(q, k, v, bias, qLens, kvLens, s.heads(), scale);
        if (context == null) {
            context = packedStepByStep(q, k, v, bias, qLens, kvLens);
        }
        NDArray attended = attentionNorm.apply(ps, attentionOut.apply(ps, context, false).addi(source), false);
        NDArray inner = Activations.apply(s.activation(), intermediate.apply(ps, attended, false));
        return outputNorm.apply(ps, output.apply(ps, inner, false).addi(attended), false);
    }

    /** {@link FusedAttention#attendPacked} one sequence at a time, step by step. */
    NDArray packedStepByStep(NDArray q, NDArray k, NDArray v, NDArray bias, long[] qLens, long[] kvLens) {
        NDList parts = new NDList();
        long qo = 0;
        long ko = 0;
        long bo = 0;
        int heads = s.heads();
        for (int i = 0; i < qLens.length; i++) {
            long nq = qLens[i];
            long nk = kvLens[i];
            NDArray block = bias == null ? null
                    : bias.get((bo) + ":" + (bo + heads * nq * nk)).reshape(1, heads, nq, nk);
            parts.add(stepByStep(q.get(qo + ":" + (qo + nq)).expandDims(0), k.get(ko + ":" + (ko + nk)).expandDims(0),
                    v.get(ko + ":" + (ko + nk)).expandDims(0), null, block, 1, nq, nk, false).squeeze(0));
            qo += nq;
            ko += nk;
            bo += heads * nq * nk;
        }
        return NDArrays.concat(parts, 0);
    }

    /**
     * Inference attention in one kernel ({@link FusedAttention}), the bias and the mask added to
     * the scaled scores as the step-by-step path adds them: (B, Lq, H), or null when the kernel is
     * not available.
     */
    private NDArray fused(NDArray q, NDArray k, NDArray v, NDArray maskAdd, NDArray scoreBias, long batch,
                          long queries, long length) {
        if (!FusedAttention.available()) {
            return null;
        }
        NDArray mask = scoreBias == null ? maskAdd : maskAdd == null ? scoreBias : scoreBias.add(maskAdd);
        NDArray context = FusedAttention.attend(heads(q, batch, queries, s.heads(), headSize),
                heads(k, batch, length, s.heads(), headSize), heads(v, batch, length, s.heads(), headSize), mask, scale);
        return context == null ? null
                : context.transpose(0, 2, 1, 3).reshape(batch, queries, (long) s.heads() * headSize);
    }

    /** Attention one operation at a time, as transformers' eager attention computes it: (B, Lq, H). */
    private NDArray stepByStep(NDArray q, NDArray k, NDArray v, NDArray maskAdd, NDArray scoreBias, long batch,
                               long queries, long length, boolean training) {
        int heads = s.heads();
        if (!training && exactScale) {
            // the scale is a power of two: applied to q (in place, B x L x H values) it gives the very
            // scores that scaling the B x heads x L x L product gives, bit for bit, at a fraction of the work
            q = q.muli(scale);
        }
        q = heads(q, batch, queries, heads, headSize);
        k = heads(k, batch, length, heads, headSize);
        v = heads(v, batch, length, heads, headSize);
        NDArray scores;
        if (!training && exactScale) {
            scores = q.matMul(k.transpose(0, 1, 3, 2));
        } else if (s.scaleQueryFirst()) {
            scores = Scalars.div(q, (float) Math.sqrt(headSize)).matMul(k.transpose(0, 1, 3, 2));
        } else {
            // transformers' BERT multiplies by head_size ** -0.5 rather than dividing by the square root
            scores = Scalars.mul(q.matMul(k.transpose(0, 1, 3, 2)), (float) Math.pow(headSize, -0.5));
        }
        if (training) {
            if (scoreBias != null) {
                scores = scores.add(scoreBias);
            }
            if (maskAdd != null) {
                scores = scores.add(maskAdd);
            }
        } else {
            // inference: nothing needs the unbiased scores, so the sums go in place (no new array of
            // the scores' size, whose pages the system would fault in again on every layer)
            if (scoreBias != null) {
                scores.addi(scoreBias);
            }
            if (maskAdd != null) {
                scores.addi(maskAdd);
            }
        }
        NDArray probs = dropout(scores.softmax(-1), s.attentionDropout(), training);
        return probs.matMul(v).transpose(0, 2, 1, 3).reshape(batch, queries, (long) heads * headSize);
    }

    /**
     * Inference through one layer whose intermediates (q, k, v, scores, probabilities: about
     * 40 arrays, the scores alone B x heads x L x L) live in a sub-manager freed as soon as
     * the layer is done. DJL frees an array only with its manager, so without this a deep
     * forward holds every layer's intermediates until the caller's manager closes: several GB
     * for a batch of 512-token windows. Training keeps them for backward and must not use it.
     */
    public NDArray applyScoped(ParameterStore ps, NDArray hidden, NDArray maskAdd, NDArray scoreBias) {
        return applyScoped(ps, hidden, maskAdd, scoreBias, null);
    }

    /** As {@link #applyScoped(ParameterStore, NDArray, NDArray, NDArray)}, outputs at {@code rows} only when given ({@link #applyAt}). */
    private NDArray applyScoped(ParameterStore ps, NDArray hidden, NDArray maskAdd, NDArray scoreBias, NDArray rows) {
        NDManager parent = hidden.getManager();
        try (NDManager scope = parent.newSubManager()) {
            NDList inputs = new NDList(hidden);
            if (maskAdd != null) {
                inputs.add(maskAdd);
            }
            if (scoreBias != null) {
                inputs.add(scoreBias);
            }
            if (rows != null) {
                inputs.add(rows);
            }
            scope.tempAttachAll(inputs);
            NDArray out = run(ps, hidden, maskAdd, scoreBias, rows, false);
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
     * backward needs), else through {@link #applyScoped}. In inference a mask that pads nothing
     * (all zeros) is left out: adding zeros changes no score; the attention runs in one kernel
     * where the engine has it ({@link FusedAttention}).
     *
     * @param scoreBias the bias every layer adds to its scores, or null; in inference the mask may
     *                  be added into it in place
     * @param states    receives {@code hidden} and then every layer's output; null to keep none
     * @return the last layer's output
     */
    public static NDArray encode(List<TransformerLayer> layers, ParameterStore ps, NDArray hidden, NDArray maskAdd,
                                 NDArray scoreBias, boolean training, List<NDArray> states) {
        return encode(layers, ps, hidden, maskAdd, scoreBias, training, states, null);
    }

    /**
     * As {@link #encode(List, ParameterStore, NDArray, NDArray, NDArray, boolean, List)}; with
     * {@code rows} (inference only) the last layer computes its outputs at those positions only
     * ({@link #applyAt}) and the result is (B, S, H).
     */
    public static NDArray encode(List<TransformerLayer> layers, ParameterStore ps, NDArray hidden, NDArray maskAdd,
                                 NDArray scoreBias, boolean training, List<NDArray> states, NDArray rows) {
        if (rows != null && (training || states != null)) {
            throw new IllegalArgumentException("outputs at some rows only are for inference without hidden states");
        }
        if (states != null) {
            states.add(hidden);
        }
        if (!training && maskAdd != null && maskAdd.min().getFloat() == 0f) {
            maskAdd = null;
        }
        if (rows != null && !layers.isEmpty()) {
            NDArray packed = Packing.encode(layers, ps, hidden, maskAdd, scoreBias, rows);
            if (packed != null) {
                return packed;
            }
        }
        if (!training && maskAdd != null && scoreBias != null) {
            // every layer adds both to its scores: added together once (the same sums, as the mask
            // is 0 or the lowest float, which no bias moves), into the bias when it has the batch's
            // shape already (the caller's array, made for this pass)
            scoreBias = scoreBias.getShape().get(0) == maskAdd.getShape().get(0) ? scoreBias.addi(maskAdd)
                    : scoreBias.add(maskAdd);
            maskAdd = null;
        }
        for (int i = 0; i < layers.size(); i++) {
            TransformerLayer layer = layers.get(i);
            hidden = training ? layer.apply(ps, hidden, maskAdd, scoreBias, true)
                    : layer.applyScoped(ps, hidden, maskAdd, scoreBias, i == layers.size() - 1 ? rows : null);
            if (states != null) {
                states.add(hidden);
            }
        }
        if (rows != null && layers.isEmpty()) {
            hidden = hidden.gather(rows.expandDims(2).broadcast(rows.getShape().get(0), rows.getShape().get(1),
                    hidden.getShape().get(2)), 1);
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
