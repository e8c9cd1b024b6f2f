package com.layoutlens.model.layoutlm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.layoutlens.model.ConfigJson;
import com.layoutlens.model.ModelConfig;
import com.layoutlens.model.ModelFolderException;
import com.layoutlens.model.nn.Activations;
import com.layoutlens.model.nn.TransformerLayer;

import java.nio.file.Path;
import java.util.List;

import static com.layoutlens.model.ConfigJson.floatOf;
import static com.layoutlens.model.ConfigJson.intOf;
import static com.layoutlens.model.ConfigJson.labelsOf;

/**
 * The hyper-parameters of a LayoutLM (v1) token classifier, read from a Hugging Face
 * {@code config.json}. Absent keys take the defaults of transformers' {@code LayoutLMConfig}
 * (BERT-base sizes), so a folder written by transformers or by us reads the same way.
 *
 * @param vocabSize                 rows of the word embedding table
 * @param hiddenSize                width of every hidden state
 * @param numHiddenLayers           encoder layers
 * @param numAttentionHeads         heads per layer; divides {@code hiddenSize}
 * @param intermediateSize          width of the feed-forward inner layer
 * @param hiddenAct                 feed-forward activation: {@code gelu} (exact erf), {@code gelu_new}
 *                                  (tanh approximation) or {@code relu}
 * @param hiddenDropoutProb         dropout after embeddings, attention output and feed-forward (training only)
 * @param attentionDropoutProb      dropout on attention probabilities (training only)
 * @param maxPositionEmbeddings     rows of the 1D position table: the longest sequence
 * @param max2dPositionEmbeddings   rows of the x, y, h and w tables: coordinates must stay below it
 * @param typeVocabSize             rows of the token type table
 * @param initializerRange          standard deviation of freshly initialised weights
 * @param layerNormEps              epsilon of every LayerNorm
 * @param padTokenId                the padding token id
 * @param labels                    label names by class id ({@code id2label}); its size is the number of classes
 */
public record LayoutLMConfig(int vocabSize, int hiddenSize, int numHiddenLayers, int numAttentionHeads,
                             int intermediateSize, String hiddenAct, float hiddenDropoutProb,
                             float attentionDropoutProb, int maxPositionEmbeddings,
                             int max2dPositionEmbeddings, int typeVocabSize, float initializerRange,
                             float layerNormEps, int padTokenId, List<String> labels) implements ModelConfig {

    /** The activations we implement, by their transformers name. */
    public static final List<String> ACTIVATIONS = Activations.NAMES;

    public LayoutLMConfig {
        labels = List.copyOf(labels);
        check(vocabSize > 0, "vocab_size must be positive");
        check(hiddenSize > 0, "hidden_size must be positive");
        check(numHiddenLayers > 0, "num_hidden_layers must be positive");
        check(numAttentionHeads > 0 && hiddenSize % numAttentionHeads == 0,
                "hidden_size " + hiddenSize + " is not a multiple of num_attention_heads " + numAttentionHeads);
        check(intermediateSize > 0, "intermediate_size must be positive");
        check(ACTIVATIONS.contains(hiddenAct), "hidden_act '" + hiddenAct + "' is not supported (use one of "
                + String.join(", ", ACTIVATIONS) + ")");
        check(maxPositionEmbeddings > 0, "max_position_embeddings must be positive");
        check(max2dPositionEmbeddings > 0, "max_2d_position_embeddings must be positive");
        check(typeVocabSize > 0, "type_vocab_size must be positive");
        check(layerNormEps > 0, "layer_norm_eps must be positive");
        check(!labels.isEmpty(), "the model needs at least one label");
    }

    private static void check(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }

    /** Width of one attention head. */
    public int headSize() {
        return hiddenSize / numAttentionHeads;
    }

    /** The sizes of one encoder layer. */
    public TransformerLayer.Settings layerSettings() {
        return new TransformerLayer.Settings(hiddenSize, numAttentionHeads, intermediateSize, hiddenAct, layerNormEps,
                hiddenDropoutProb, attentionDropoutProb, initializerRange, false, false);
    }

    @Override
    public String modelType() {
        return "layoutlm";
    }

    @Override
    public int maxTextLength() {
        return maxPositionEmbeddings;
    }

    @Override
    public boolean needsImage() {
        return false;
    }

    public int numLabels() {
        return labels.size();
    }

    /** This configuration with another label list (for a fresh classifier head). */
    public LayoutLMConfig withLabels(List<String> newLabels) {
        return new LayoutLMConfig(vocabSize, hiddenSize, numHiddenLayers, numAttentionHeads, intermediateSize,
                hiddenAct, hiddenDropoutProb, attentionDropoutProb, maxPositionEmbeddings,
                max2dPositionEmbeddings, typeVocabSize, initializerRange, layerNormEps, padTokenId, newLabels);
    }

    /**
     * The {@code config.json} text transformers reads back into the same model
     * ({@code LayoutLMForTokenClassification}, float32).
     */
    public String toJson() {
        ObjectNode root = ConfigJson.newConfig("LayoutLMForTokenClassification", "layoutlm");
        ConfigJson.putEncoder(root, vocabSize, hiddenSize, numHiddenLayers, numAttentionHeads, intermediateSize,
                hiddenAct, hiddenDropoutProb, attentionDropoutProb, maxPositionEmbeddings, max2dPositionEmbeddings,
                typeVocabSize, initializerRange, layerNormEps, padTokenId);
        return ConfigJson.write(root, labels);
    }

    /** Reads {@code config.json} from a model folder, or the given file. */
    public static LayoutLMConfig read(Path folderOrFile) throws ModelFolderException {
        return parse(ConfigJson.readText(folderOrFile), ConfigJson.file(folderOrFile).toString());
    }

    /**
     * Parses the text of a {@code config.json}.
     *
     * @param source the file name used in error messages
     */
    public static LayoutLMConfig parse(String json, String source) throws ModelFolderException {
        JsonNode root = ConfigJson.parse(json, source, "layoutlm", "layoutlm");
        try {
            return new LayoutLMConfig(
                    intOf(root, "vocab_size", 30522),
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
                    floatOf(root, "layer_norm_eps", 1e-12f),
                    intOf(root, "pad_token_id", 0),
                    labelsOf(root));
        } catch (IllegalArgumentException e) {
            throw new ModelFolderException(source + ": " + e.getMessage(), e);
        }
    }
}
