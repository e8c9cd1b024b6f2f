package com.layoutlens.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.layoutlens.model.nn.Activations;
import com.layoutlens.model.nn.TransformerLayer;

import static com.layoutlens.model.ConfigJson.decimal;
import static com.layoutlens.model.ConfigJson.floatOf;
import static com.layoutlens.model.ConfigJson.intOf;

/**
 * The {@code config.json} keys every family's BERT-style encoder shares, read, checked and
 * written in one place; a family's configuration holds one and adds its own keys
 * ({@link TransformerConfig}). Absent keys take transformers' defaults, of which the vocabulary
 * size, the LayerNorm epsilon and the padding id differ between families.
 *
 * @param vocabSize               rows of the word embedding table
 * @param hiddenSize              width of every hidden state
 * @param numHiddenLayers         encoder layers
 * @param numAttentionHeads       heads per layer; divides {@code hiddenSize}
 * @param intermediateSize        width of the feed-forward inner layer
 * @param hiddenAct               feed-forward activation: {@code gelu} (exact erf), {@code gelu_new}
 *                                (tanh approximation) or {@code relu}
 * @param hiddenDropoutProb       dropout after embeddings, attention output and feed-forward (training only)
 * @param attentionDropoutProb    dropout on attention probabilities (training only)
 * @param maxPositionEmbeddings   rows of the 1D position table
 * @param max2dPositionEmbeddings rows of the x, y, h and w tables: coordinates must stay below it
 * @param typeVocabSize           rows of the token type table
 * @param initializerRange        standard deviation of freshly initialised weights
 * @param layerNormEps            epsilon of every LayerNorm
 * @param padTokenId              the padding token id
 */
public record EncoderSettings(int vocabSize, int hiddenSize, int numHiddenLayers, int numAttentionHeads,
                              int intermediateSize, String hiddenAct, float hiddenDropoutProb,
                              float attentionDropoutProb, int maxPositionEmbeddings, int max2dPositionEmbeddings,
                              int typeVocabSize, float initializerRange, float layerNormEps, int padTokenId) {

    public EncoderSettings {
        check(vocabSize > 0, "vocab_size must be positive");
        check(hiddenSize > 0, "hidden_size must be positive");
        check(numHiddenLayers > 0, "num_hidden_layers must be positive");
        check(numAttentionHeads > 0 && hiddenSize % numAttentionHeads == 0,
                "hidden_size " + hiddenSize + " is not a multiple of num_attention_heads " + numAttentionHeads);
        check(intermediateSize > 0, "intermediate_size must be positive");
        check(Activations.NAMES.contains(hiddenAct), "hidden_act '" + hiddenAct + "' is not supported (use one of "
                + String.join(", ", Activations.NAMES) + ")");
        check(maxPositionEmbeddings > 0, "max_position_embeddings must be positive");
        check(max2dPositionEmbeddings > 0, "max_2d_position_embeddings must be positive");
        check(typeVocabSize > 0, "type_vocab_size must be positive");
        check(layerNormEps > 0, "layer_norm_eps must be positive");
    }

    /** Throws {@link IllegalArgumentException} with {@code message} unless {@code ok}. */
    public static void check(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }

    /**
     * The shared keys of a parsed {@code config.json}; the three defaults are the family's,
     * the others transformers' BERT ones.
     *
     * @throws IllegalArgumentException for a value of the wrong kind or out of range
     */
    public static EncoderSettings parse(JsonNode root, int defaultVocabSize, float defaultLayerNormEps,
                                        int defaultPadTokenId) {
        return new EncoderSettings(
                intOf(root, "vocab_size", defaultVocabSize),
                intOf(root, "hidden_size", 768),
                intOf(root, "num_hidden_layers", 12),
                intOf(root, "num_attention_heads", 12),
                intOf(root, "intermediate_size", 3072),
                root.path("hidden_act").asText("gelu"),
                floatOf(root, "hidden_dropout_prob", 0.1f),
                floatOf(root, "attention_probs_dropout_prob", 0.1f),
                intOf(root, "max_position_embeddings", 512),
                intOf(root, "max_2d_position_embeddings", 1024),
                intOf(root, "type_vocab_size", 2),
                floatOf(root, "initializer_range", 0.02f),
                floatOf(root, "layer_norm_eps", defaultLayerNormEps),
                intOf(root, "pad_token_id", defaultPadTokenId));
    }

    /** Writes the shared keys, in transformers' order. */
    public void put(ObjectNode root) {
        root.put("vocab_size", vocabSize);
        root.put("hidden_size", hiddenSize);
        root.put("num_hidden_layers", numHiddenLayers);
        root.put("num_attention_heads", numAttentionHeads);
        root.put("intermediate_size", intermediateSize);
        root.put("hidden_act", hiddenAct);
        root.put("hidden_dropout_prob", decimal(hiddenDropoutProb));
        root.put("attention_probs_dropout_prob", decimal(attentionDropoutProb));
        root.put("max_position_embeddings", maxPositionEmbeddings);
        root.put("max_2d_position_embeddings", max2dPositionEmbeddings);
        root.put("type_vocab_size", typeVocabSize);
        root.put("initializer_range", decimal(initializerRange));
        root.put("layer_norm_eps", decimal(layerNormEps));
        root.put("pad_token_id", padTokenId);
    }

    /** Width of one attention head. */
    public int headSize() {
        return hiddenSize / numAttentionHeads;
    }

    /**
     * The sizes of one encoder layer.
     *
     * @param fastQkv         one bias-free qkv projection with q and v biases (else separate q, k, v)
     * @param scaleQueryFirst scale the query before the product (LayoutLMv2) rather than the scores
     */
    public TransformerLayer.Settings layerSettings(boolean fastQkv, boolean scaleQueryFirst) {
        return new TransformerLayer.Settings(hiddenSize, numAttentionHeads, intermediateSize, hiddenAct, layerNormEps,
                hiddenDropoutProb, attentionDropoutProb, initializerRange, fastQkv, scaleQueryFirst);
    }
}
