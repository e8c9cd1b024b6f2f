package com.layoutlens.model.family;

import com.layoutlens.model.EncoderSettings;

/**
 * The widths a named training size ({@code tiny}, {@code small}) fixes for every family; each
 * family derives the rest of a fresh configuration from them.
 *
 * @param hidden       hidden width
 * @param layers       encoder layers
 * @param heads        attention heads
 * @param intermediate feed-forward width
 * @param tokenTypes   the least rows of the token type table (0: the family's own count): 2 for a
 *                     model trained with the split at the first total keyword, also for LayoutLMv3,
 *                     whose table otherwise has one row
 */
public record ModelSize(int hidden, int layers, int heads, int intermediate, int tokenTypes) {

    /** A size with the family's own token type count. */
    public ModelSize(int hidden, int layers, int heads, int intermediate) {
        this(hidden, layers, heads, intermediate, 0);
    }

    /** This size with at least {@code tokenTypes} token types. */
    public ModelSize withTokenTypes(int tokenTypes) {
        return new ModelSize(hidden, layers, heads, intermediate, tokenTypes);
    }

    /**
     * A fresh encoder of this size: gelu, dropout 0.1, 1024 coordinates, initializer range 0.02,
     * with the family's vocabulary, positions, token types (at least {@link #tokenTypes()}),
     * LayerNorm epsilon and padding id.
     */
    public EncoderSettings encoder(int vocabSize, int maxPositions, int typeVocabSize, float layerNormEps,
                                   int padTokenId) {
        return new EncoderSettings(vocabSize, hidden, layers, heads, intermediate, "gelu", 0.1f, 0.1f, maxPositions,
                1024, Math.max(typeVocabSize, tokenTypes), 0.02f, layerNormEps, padTokenId);
    }

    /**
     * The width of the h and w tables when the hidden width is split into four coordinate and
     * two shape embeddings ({@code 4 coordinate_size + 2 shape_size = hidden_size}, as LayoutLMv2
     * and v3 require): the largest at most a sixth of it that leaves a multiple of four.
     */
    public int shapeSize() {
        int shape = hidden / 6;
        while ((hidden - 2 * shape) % 4 != 0) {
            shape--;
        }
        return shape;
    }

    /** The width of the x and y tables that goes with {@link #shapeSize()}. */
    public int coordinateSize() {
        return (hidden - 2 * shapeSize()) / 4;
    }
}
