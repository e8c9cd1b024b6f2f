package com.layoutlens.model;

/**
 * A family configuration built on the shared {@link EncoderSettings}: their values under
 * their own names, so a family's code reads {@code config.hiddenSize()} whichever family it is.
 */
public interface TransformerConfig extends ModelConfig {

    /** The keys every family's encoder shares. */
    EncoderSettings encoder();

    @Override
    default int vocabSize() {
        return encoder().vocabSize();
    }

    default int hiddenSize() {
        return encoder().hiddenSize();
    }

    default int numHiddenLayers() {
        return encoder().numHiddenLayers();
    }

    default int numAttentionHeads() {
        return encoder().numAttentionHeads();
    }

    default int intermediateSize() {
        return encoder().intermediateSize();
    }

    default String hiddenAct() {
        return encoder().hiddenAct();
    }

    default float hiddenDropoutProb() {
        return encoder().hiddenDropoutProb();
    }

    default float attentionDropoutProb() {
        return encoder().attentionDropoutProb();
    }

    default int maxPositionEmbeddings() {
        return encoder().maxPositionEmbeddings();
    }

    default int max2dPositionEmbeddings() {
        return encoder().max2dPositionEmbeddings();
    }

    default int typeVocabSize() {
        return encoder().typeVocabSize();
    }

    default float initializerRange() {
        return encoder().initializerRange();
    }

    default float layerNormEps() {
        return encoder().layerNormEps();
    }

    default int padTokenId() {
        return encoder().padTokenId();
    }

    /** Width of one attention head. */
    default int headSize() {
        return encoder().headSize();
    }

    /** Positions the page image adds to every window in the encoder (0 for a text-and-layout model). */
    default int visualTokens() {
        return 0;
    }

    /** The number of classes. */
    default int numLabels() {
        return labels().size();
    }
}
