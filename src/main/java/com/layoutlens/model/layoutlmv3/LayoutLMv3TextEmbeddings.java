package com.layoutlens.model.layoutlmv3;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import com.layoutlens.model.nn.HfEmbedding;
import com.layoutlens.model.nn.HfLayerNorm;
import com.layoutlens.model.nn.LayoutTables;
import com.layoutlens.model.nn.HfModule;
import com.layoutlens.model.nn.TransformerLayer;

/**
 * LayoutLMv3's text embeddings ({@code layoutlmv3.embeddings}): RoBERTa's word, position and
 * token type embeddings plus LayoutLMv2's concatenated layout embeddings,
 * {@code LN(word + type + pos + [X(x0) | Y(y0) | X(x1) | Y(y1) | H(y1-y0) | W(x1-x0)])}, summed in
 * transformers' order so the float rounding is the same.
 *
 * <p>Positions are RoBERTa's: {@code pad_token_id + 1 + i} for the i-th non-padding token of a
 * row (counted from 0), {@code pad_token_id} for padding, so a padded position reads the table's
 * padding row. Heights and widths are clipped to 0..1023 as transformers does, so a box with
 * x1 &lt; x0 reads the zero-width row rather than failing.
 */
public final class LayoutLMv3TextEmbeddings extends HfModule {

    /** transformers clips box heights and widths to this before the lookup. */
    static final int MAX_SHAPE = 1023;

    private final LayoutLMv3Config config;
    private final HfEmbedding word;
    private final HfEmbedding tokenType;
    private final HfLayerNorm norm;
    private final HfEmbedding position;
    private final LayoutTables spatial;

    public LayoutLMv3TextEmbeddings(LayoutLMv3Config config) {
        this.config = config;
        int hidden = config.hiddenSize();
        float std = config.initializerRange();
        word = child("word_embeddings", new HfEmbedding(config.vocabSize(), hidden, std));
        tokenType = child("token_type_embeddings", new HfEmbedding(config.typeVocabSize(), hidden, std));
        norm = child("LayerNorm", new HfLayerNorm(hidden, config.layerNormEps()));
        position = child("position_embeddings", new HfEmbedding(config.maxPositionEmbeddings(), hidden, std));
        spatial = layoutTables("", config.max2dPositionEmbeddings(), config.layout().coordinateSize(),
                config.layout().shapeSize(), std);
    }

    /**
     * RoBERTa's position ids: {@code cumsum(id != pad) * (id != pad) + pad}.
     *
     * @param inputIds (B, L) int64
     * @return (B, L) int64
     */
    public static NDArray positionIds(NDArray inputIds, int padTokenId) {
        NDArray notPad = inputIds.neq(padTokenId).toType(DataType.INT64, false);
        return notPad.cumSum(1).mul(notPad).add(padTokenId);
    }

    /**
     * @param inputIds   (B, L) int64
     * @param bbox       (B, L, 4) int64
     * @param tokenTypes (B, L) int64
     * @return (B, L, hidden), after the LayerNorm and dropout
     */
    public NDArray apply(ParameterStore ps, NDArray inputIds, NDArray bbox, NDArray tokenTypes, boolean training) {
        NDArray embeddings = word.apply(ps, inputIds, training).add(tokenType.apply(ps, tokenTypes, training));
        embeddings = embeddings.add(position.apply(ps, positionIds(inputIds, config.padTokenId()), training));
        embeddings = embeddings.add(spatial.concat(ps, bbox, MAX_SHAPE, training));
        return TransformerLayer.dropout(norm.apply(ps, embeddings, training), config.hiddenDropoutProb(), training);
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
                                     PairList<String, Object> params) {
        return new NDList(apply(ps, inputs.get(0), inputs.get(1), inputs.get(2), training));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0].add(config.hiddenSize())};
    }
}
