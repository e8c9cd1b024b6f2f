package com.layoutlens.model.layoutlm;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.norm.Dropout;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import com.layoutlens.model.nn.HfEmbedding;
import com.layoutlens.model.nn.HfLayerNorm;
import com.layoutlens.model.nn.LayoutTables;
import com.layoutlens.model.nn.HfModule;

/**
 * LayoutLM's input embeddings (transformers' {@code LayoutLMEmbeddings}):
 * {@code LN(word[id] + pos[i] + X[x0] + Y[y0] + X[x1] + Y[y1] + H[y1-y0] + W[x1-x0] + type[t])},
 * summed in that order, then dropout. One x table serves both x0 and x1, one y table
 * both y0 and y1. Positions are 0..L-1 for every row, padded or not, as in transformers.
 */
public final class LayoutLMEmbeddings extends HfModule {

    private final LayoutLMConfig config;
    private final HfEmbedding word;
    private final HfEmbedding position;
    private final LayoutTables spatial;
    private final HfEmbedding tokenType;
    private final HfLayerNorm norm;

    public LayoutLMEmbeddings(LayoutLMConfig config) {
        this.config = config;
        int hidden = config.hiddenSize();
        float std = config.initializerRange();
        word = child("word_embeddings", new HfEmbedding(config.vocabSize(), hidden, std));
        position = child("position_embeddings", new HfEmbedding(config.maxPositionEmbeddings(), hidden, std));
        spatial = layoutTables("", config.max2dPositionEmbeddings(), hidden, hidden, std);
        tokenType = child("token_type_embeddings", new HfEmbedding(config.typeVocabSize(), hidden, std));
        norm = child("LayerNorm", new HfLayerNorm(hidden, config.layerNormEps()));
    }

    /**
     * @param inputIds   (B, L) int64
     * @param bbox       (B, L, 4) int64, x0 y0 x1 y1 in 0..max_2d_position_embeddings-1
     * @param tokenTypes (B, L) int64
     * @return (B, L, hidden) float32
     */
    public NDArray apply(ParameterStore ps, NDArray inputIds, NDArray bbox, NDArray tokenTypes, boolean training) {
        long length = inputIds.getShape().get(1);
        NDArray positions = inputIds.getManager().arange(0, (int) length, 1, DataType.INT64, inputIds.getDevice());
        NDArray e = spatial.addTo(ps, word.apply(ps, inputIds, training).add(position.apply(ps, positions, training)),
                bbox, training).add(tokenType.apply(ps, tokenTypes, training));
        e = norm.apply(ps, e, training);
        return training ? Dropout.dropout(e, config.hiddenDropoutProb(), true).singletonOrThrow() : e;
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
