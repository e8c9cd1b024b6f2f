package com.layoutlens.model.family;

import com.fasterxml.jackson.databind.JsonNode;
import com.layoutlens.model.ConfigJson;
import com.layoutlens.model.EncoderSettings;
import com.layoutlens.model.ModelFolderException;

import java.nio.file.Path;

/**
 * The sizes of a plain text encoder folder (BERT or RoBERTa family, {@code train --from-encoder}),
 * read from its {@code config.json} with transformers' BERT defaults for absent keys.
 */
public record EncoderConfig(String modelType, int vocabSize, int hiddenSize, int numHiddenLayers,
                            int numAttentionHeads, int intermediateSize, String hiddenAct, int maxPositionEmbeddings,
                            int typeVocabSize, float layerNormEps, int padTokenId) {

    public static EncoderConfig read(Path folder) throws ModelFolderException {
        Path file = ConfigJson.file(folder);
        JsonNode root = ConfigJson.parse(ConfigJson.readText(folder), file.toString());
        try {
            return new EncoderConfig(root.path("model_type").asText(""), ConfigJson.intOf(root, "vocab_size", 30522),
                    ConfigJson.intOf(root, "hidden_size", 768), ConfigJson.intOf(root, "num_hidden_layers", 12),
                    ConfigJson.intOf(root, "num_attention_heads", 12), ConfigJson.intOf(root, "intermediate_size", 3072),
                    root.path("hidden_act").asText("gelu"), ConfigJson.intOf(root, "max_position_embeddings", 512),
                    ConfigJson.intOf(root, "type_vocab_size", 2), ConfigJson.floatOf(root, "layer_norm_eps", 1e-12f),
                    ConfigJson.intOf(root, "pad_token_id", 0));
        } catch (IllegalArgumentException e) {
            throw new ModelFolderException(file + ": " + e.getMessage(), e);
        }
    }

    /**
     * The shared settings of a layout model built on this encoder: its sizes, activation,
     * positions, token types, epsilon and padding id; dropout 0.1, 1024 coordinates and
     * initializer range 0.02 as for a fresh model.
     */
    public EncoderSettings settings() {
        return new EncoderSettings(vocabSize, hiddenSize, numHiddenLayers, numAttentionHeads, intermediateSize,
                hiddenAct, 0.1f, 0.1f, maxPositionEmbeddings, 1024, typeVocabSize, 0.02f, layerNormEps, padTokenId);
    }

    /** The widths, as a fresh model's size. */
    public ModelSize size() {
        return new ModelSize(hiddenSize, numHiddenLayers, numAttentionHeads, intermediateSize);
    }
}
