package com.layoutlens.model.layoutlm;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import com.layoutlens.model.nn.HfLinear;
import com.layoutlens.model.nn.HfModule;
import com.layoutlens.model.nn.InputChecks;
import com.layoutlens.model.nn.TransformerLayer;

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

    private final LayoutLMConfig config;
    private final LayoutLMEmbeddings embeddings;
    private final List<TransformerLayer> layers = new ArrayList<>();
    private final HfLinear classifier;

    public LayoutLMForTokenClassification(LayoutLMConfig config) {
        this.config = config;
        embeddings = child("layoutlm.embeddings", new LayoutLMEmbeddings(config));
        for (int i = 0; i < config.numHiddenLayers(); i++) {
            layers.add(child("layoutlm.encoder.layer." + i, new TransformerLayer(config.layerSettings())));
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
        return forward(ps, inputIds, bbox, attentionMask, tokenTypes, training, hiddenStates, null);
    }

    /**
     * As {@link #forward(ParameterStore, NDArray, NDArray, NDArray, NDArray, boolean, boolean)}; with
     * {@code rows} (B, S) (inference only) the logits are (B, S, labels) at those positions, the last
     * layer and the head computed there only.
     */
    public Output forward(ParameterStore ps, NDArray inputIds, NDArray bbox, NDArray attentionMask,
                          NDArray tokenTypes, boolean training, boolean hiddenStates, NDArray rows) {
        checkInputs(inputIds, bbox, attentionMask, tokenTypes);
        if (tokenTypes == null) {
            tokenTypes = inputIds.zerosLike();
        }
        List<NDArray> states = hiddenStates ? new ArrayList<>() : null;
        NDArray h = TransformerLayer.encode(layers, ps, embeddings.apply(ps, inputIds, bbox, tokenTypes, training),
                TransformerLayer.additiveMask(attentionMask), null, training, states, rows);
        NDArray logits = classifier.apply(ps, TransformerLayer.dropout(h, config.hiddenDropoutProb(), training),
                training);
        return new Output(logits, states == null ? List.of() : List.copyOf(states));
    }

    private void checkInputs(NDArray ids, NDArray bbox, NDArray mask, NDArray types) {
        InputChecks.textAndLayout(ids, bbox, mask, types, config.maxPositionEmbeddings(), config.vocabSize(),
                config.max2dPositionEmbeddings(), config.typeVocabSize());
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
