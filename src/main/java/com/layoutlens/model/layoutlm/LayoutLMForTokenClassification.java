package com.layoutlens.model.layoutlm;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import com.layoutlens.model.nn.HfLinear;
import com.layoutlens.model.nn.HfModule;

import java.util.ArrayList;
import java.util.List;

/**
 * LayoutLM (v1) with a token classification head, numerically equal to transformers'
 * {@code LayoutLMForTokenClassification} in float32.
 *
 * <p>Inputs, in this order: {@code input_ids} (B, L) int64, {@code bbox} (B, L, 4) int64,
 * {@code attention_mask} (B, L) int64 (1 = token, 0 = padding), and optionally
 * {@code token_type_ids} (B, L) int64 (zeros when absent). Output: logits (B, L, labels),
 * followed, when the parameter {@value #OUTPUT_HIDDEN_STATES} is true, by the layers + 1
 * hidden states (B, L, H): the embedding output first, the encoder output last.
 *
 * <p>Weight names are transformers' ({@code layoutlm.embeddings...}, {@code classifier.*});
 * the pooler is not part of token classification and is not built.
 */
public final class LayoutLMForTokenClassification extends HfModule {

    /** Forward parameter: when {@code Boolean.TRUE}, hidden states follow the logits. */
    public static final String OUTPUT_HIDDEN_STATES = "output_hidden_states";

    /** transformers' {@code torch.finfo(torch.float32).min}, the additive mask of padded keys. */
    static final float MASK_VALUE = -Float.MAX_VALUE;

    private final LayoutLMConfig config;
    private final LayoutLMEmbeddings embeddings;
    private final List<LayoutLMLayer> layers = new ArrayList<>();
    private final HfLinear classifier;

    public LayoutLMForTokenClassification(LayoutLMConfig config) {
        this.config = config;
        embeddings = child("layoutlm.embeddings", new LayoutLMEmbeddings(config));
        for (int i = 0; i < config.numHiddenLayers(); i++) {
            layers.add(child("layoutlm.encoder.layer." + i, new LayoutLMLayer(config)));
        }
        classifier = child("classifier", new HfLinear(config.hiddenSize(), config.numLabels(),
                config.initializerRange()));
    }

    public LayoutLMConfig config() {
        return config;
    }

    /** The logits and, when asked for, the hidden states. */
    public record Output(NDArray logits, List<NDArray> hiddenStates) {
    }

    /**
     * Runs the model.
     *
     * @param tokenTypes may be null (all zeros)
     * @throws IllegalArgumentException when shapes disagree or ids and coordinates fall outside the tables
     */
    public Output forward(ParameterStore ps, NDArray inputIds, NDArray bbox, NDArray attentionMask,
                          NDArray tokenTypes, boolean training, boolean hiddenStates) {
        checkInputs(inputIds, bbox, attentionMask, tokenTypes);
        if (tokenTypes == null) {
            tokenTypes = inputIds.zerosLike();
        }
        Shape s = inputIds.getShape();
        // (1 - mask) * finfo.min, broadcast over heads and query positions: (B, 1, 1, L)
        NDArray maskAdd = attentionMask.toType(DataType.FLOAT32, false).reshape(s.get(0), 1, 1, s.get(1))
                .neg().add(1f).mul(MASK_VALUE);
        List<NDArray> states = hiddenStates ? new ArrayList<>() : null;
        NDArray h = embeddings.apply(ps, inputIds, bbox, tokenTypes, training);
        if (states != null) {
            states.add(h);
        }
        for (LayoutLMLayer layer : layers) {
            h = training ? layer.apply(ps, h, maskAdd, true) : scoped(layer, ps, h, maskAdd);
            if (states != null) {
                states.add(h);
            }
        }
        NDArray logits = classifier.apply(ps, LayoutLMLayer.dropout(h, config.hiddenDropoutProb(), training),
                training);
        return new Output(logits, states == null ? List.of() : List.copyOf(states));
    }

    /**
     * One layer whose intermediates (q, k, v, scores, probabilities: about 40 arrays, the
     * scores alone B x heads x L x L) live in a sub-manager freed as soon as the layer is
     * done. DJL frees an array only with its manager, so without this a 12-layer forward
     * holds every layer's intermediates until the caller's manager closes: several GB for a
     * batch of 512-token windows. Only for inference; training keeps them for backward.
     */
    private static NDArray scoped(LayoutLMLayer layer, ParameterStore ps, NDArray hidden, NDArray maskAdd) {
        NDManager parent = hidden.getManager();
        try (NDManager scope = parent.newSubManager()) {
            scope.tempAttachAll(hidden, maskAdd);
            NDArray out = layer.apply(ps, hidden, maskAdd, false);
            out.attach(parent);
            return out;
        }
    }

    private void checkInputs(NDArray ids, NDArray bbox, NDArray mask, NDArray types) {
        Shape s = ids.getShape();
        if (s.dimension() != 2) {
            throw new IllegalArgumentException("input_ids must be (batch, length), got " + s);
        }
        long b = s.get(0);
        long l = s.get(1);
        if (!bbox.getShape().equals(new Shape(b, l, 4))) {
            throw new IllegalArgumentException("bbox must be " + new Shape(b, l, 4) + ", got " + bbox.getShape());
        }
        if (!mask.getShape().equals(s)) {
            throw new IllegalArgumentException("attention_mask must be " + s + ", got " + mask.getShape());
        }
        if (types != null && !types.getShape().equals(s)) {
            throw new IllegalArgumentException("token_type_ids must be " + s + ", got " + types.getShape());
        }
        if (l > config.maxPositionEmbeddings()) {
            throw new IllegalArgumentException("sequence length " + l + " exceeds max_position_embeddings "
                    + config.maxPositionEmbeddings());
        }
        if (ids.getDataType() != DataType.INT64 || bbox.getDataType() != DataType.INT64) {
            throw new IllegalArgumentException("input_ids and bbox must be int64");
        }
        if (b == 0 || l == 0) {
            throw new IllegalArgumentException("empty batch " + s);
        }
        checkRange(ids, config.vocabSize(), "input_ids", "vocab_size");
        checkRange(bbox, config.max2dPositionEmbeddings(), "bbox coordinates", "max_2d_position_embeddings");
        NDArray widths = bbox.get(":, :, 2").sub(bbox.get(":, :, 0"));
        NDArray heights = bbox.get(":, :, 3").sub(bbox.get(":, :, 1"));
        if (widths.min().getLong() < 0 || heights.min().getLong() < 0) {
            throw new IllegalArgumentException("bbox must be x0 <= x1 and y0 <= y1");
        }
        if (types != null) {
            checkRange(types, config.typeVocabSize(), "token_type_ids", "type_vocab_size");
        }
    }

    private static void checkRange(NDArray a, int limit, String what, String configKey) {
        long min = a.min().toType(DataType.INT64, false).getLong();
        long max = a.max().toType(DataType.INT64, false).getLong();
        if (min < 0 || max >= limit) {
            throw new IllegalArgumentException(what + " must lie in 0.." + (limit - 1) + " (" + configKey
                    + "), found " + min + ".." + max);
        }
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
                                     PairList<String, Object> params) {
        boolean hidden = params != null && Boolean.TRUE.equals(params.get(OUTPUT_HIDDEN_STATES));
        Output out = forward(ps, inputs.get(0), inputs.get(1), inputs.get(2),
                inputs.size() > 3 ? inputs.get(3) : null, training, hidden);
        NDList list = new NDList(out.logits());
        list.addAll(out.hiddenStates());
        return list;
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0].add(config.numLabels())};
    }
}
