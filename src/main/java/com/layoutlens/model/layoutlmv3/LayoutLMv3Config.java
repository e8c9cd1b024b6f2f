package com.layoutlens.model.layoutlmv3;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.layoutlens.model.ConfigJson;
import com.layoutlens.model.EncoderSettings;
import com.layoutlens.model.LayoutSettings;
import com.layoutlens.model.ModelFolderException;
import com.layoutlens.model.TransformerConfig;
import com.layoutlens.model.nn.TransformerLayer;

import java.nio.file.Path;
import java.util.List;

import static com.layoutlens.model.ConfigJson.boolOf;
import static com.layoutlens.model.EncoderSettings.check;
import static com.layoutlens.model.ConfigJson.floatOf;
import static com.layoutlens.model.ConfigJson.intOf;
import static com.layoutlens.model.ConfigJson.labelsOf;

/**
 * The hyper-parameters of a LayoutLMv3 token classifier from a Hugging Face
 * {@code config.json}; absent keys take the defaults of transformers' {@code LayoutLMv3Config}
 * (the {@code microsoft/layoutlmv3-base} sizes).
 *
 * @param encoder                  the keys every family's encoder shares (vocabulary 50265 for the RoBERTa
 *                                 byte-level BPE; hidden width 4 coordinate_size + 2 shape_size; text
 *                                 positions count from pad_token_id + 1, whose row is the table's padding
 *                                 row; one epsilon for the text, encoder and text + patches LayerNorms)
 * @param bosTokenId               {@code <s>}
 * @param eosTokenId               {@code </s>}
 * @param labels                   class names by id
 * @param layout                   the 2D position table widths and the relative attention biases, as
 *                                 LayoutLMv2 has them too; transformers adds the 2D bias only together
 *                                 with the 1D bias
 * @param textEmbed                the text embeddings exist (a token classifier needs them)
 * @param visualEmbed              the page is read as patches (the patch embedding, CLS token and position
 *                                 embeddings exist)
 * @param inputSize                the page side in pixels the patch grid is made for
 * @param patchSize                the patch side in pixels
 * @param numChannels              channels of the page image
 * @param classifierDropout        dropout of the two-layer head, or null for hidden_dropout_prob
 */
public record LayoutLMv3Config(EncoderSettings encoder, int bosTokenId, int eosTokenId, List<String> labels,
                               LayoutSettings layout, boolean textEmbed, boolean visualEmbed, int inputSize, int patchSize,
                               int numChannels, Float classifierDropout) implements TransformerConfig {

    /** The epsilon of the LayerNorm after the patch embeddings ({@code norm}), fixed in transformers. */
    public static final float PATCH_NORM_EPS = 1e-6f;

    /** From this many labels on, transformers' head is dense + tanh + out_proj instead of one Linear. */
    public static final int TWO_LAYER_HEAD_FROM = 10;

    public LayoutLMv3Config {
        labels = List.copyOf(labels);
        int padTokenId = encoder.padTokenId();
        layout.checkWidths(encoder);
        check(padTokenId >= 0 && padTokenId < encoder.vocabSize(),
                "pad_token_id must lie in 0.." + (encoder.vocabSize() - 1));
        check(encoder.maxPositionEmbeddings() > padTokenId + 1, "max_position_embeddings "
                + encoder.maxPositionEmbeddings() + " leaves no text positions after pad_token_id " + padTokenId);
        check(textEmbed, "text_embed false (a model without text embeddings) cannot label tokens");
        check(!visualEmbed || (patchSize > 0 && inputSize >= patchSize && numChannels > 0),
                "input_size, patch_size and num_channels must be positive, input_size at least patch_size");
        check(!labels.isEmpty(), "the model needs at least one label");
    }

    @Override
    public String modelType() {
        return "layoutlmv3";
    }

    @Override
    public boolean needsImage() {
        return visualEmbed;
    }

    /** Patches per side of the page: {@code input_size / patch_size}. */
    public int patchGrid() {
        return inputSize / patchSize;
    }

    /** The visual tokens appended after the text when a page is given: the CLS token and the patches. */
    @Override
    public int visualTokens() {
        return visualEmbed ? 1 + patchGrid() * patchGrid() : 0;
    }

    /** The longest text (special tokens included): positions run from pad_token_id + 1. */
    public int maxTextLength() {
        return maxPositionEmbeddings() - padTokenId() - 1;
    }

    /** Whether the head is transformers' two-layer {@code LayoutLMv3ClassificationHead}. */
    public boolean twoLayerHead() {
        return labels.size() >= TWO_LAYER_HEAD_FROM;
    }

    /**
     * The sizes of one encoder layer: separate q, k, v with bias, the product scaled by
     * {@code head_size ** -0.5} (transformers 5's eager attention for LayoutLMv3, which no longer
     * uses the CogView softmax of the original code: the same probabilities up to rounding).
     */
    public TransformerLayer.Settings layerSettings() {
        return encoder.layerSettings(false, false);
    }

    /** The same model with another label set (a fresh head). */
    public LayoutLMv3Config withLabels(List<String> newLabels) {
        return new LayoutLMv3Config(encoder, bosTokenId, eosTokenId, newLabels, layout, textEmbed, visualEmbed, inputSize, patchSize, numChannels, classifierDropout);
    }

    /**
     * The {@code config.json} text: every field this class reads, under transformers' keys, so
     * that {@link #parse} and transformers' {@code LayoutLMv3Config} both rebuild this
     * configuration from it.
     */
    public String toJson() {
        ObjectNode root = ConfigJson.newConfig("LayoutLMv3ForTokenClassification", "layoutlmv3");
        encoder.put(root);
        root.put("bos_token_id", bosTokenId);
        root.put("eos_token_id", eosTokenId);
        layout.put(root);
        root.put("text_embed", textEmbed);
        root.put("visual_embed", visualEmbed);
        root.put("input_size", inputSize);
        root.put("patch_size", patchSize);
        root.put("num_channels", numChannels);
        if (classifierDropout == null) {
            root.putNull("classifier_dropout");
        } else {
            root.put("classifier_dropout", ConfigJson.decimal(classifierDropout));
        }
        return ConfigJson.write(root, labels);
    }

    /** Reads {@code config.json} from a model folder, or the given file. */
    public static LayoutLMv3Config read(Path folderOrFile) throws ModelFolderException {
        return ConfigJson.read(folderOrFile, LayoutLMv3Config::parse);
    }

    /**
     * Parses the text of a {@code config.json}.
     *
     * @param source the file name used in error messages
     */
    public static LayoutLMv3Config parse(String json, String source) throws ModelFolderException {
        return ConfigJson.parse(json, source, "layoutlmv3", "", LayoutLMv3Config::fromJson);
    }

    /** The configuration a parsed {@code config.json} describes; IllegalArgumentException for a bad value. */
    private static LayoutLMv3Config fromJson(JsonNode root) {
        Float classifierDropout = root.hasNonNull("classifier_dropout")
                ? floatOf(root, "classifier_dropout", 0f) : null;
        return new LayoutLMv3Config(
                EncoderSettings.parse(root, 50265, 1e-5f, 1),
                intOf(root, "bos_token_id", 0),
                intOf(root, "eos_token_id", 2),
                labelsOf(root),
                LayoutSettings.parse(root),
                boolOf(root, "text_embed", true),
                boolOf(root, "visual_embed", true),
                intOf(root, "input_size", 224),
                patchSizeOf(root),
                intOf(root, "num_channels", 3),
                classifierDropout);
    }

    /** {@code patch_size}: a number, or a pair of equal numbers (transformers' model only runs square patches). */
    private static int patchSizeOf(JsonNode root) {
        JsonNode n = root.get("patch_size");
        if (n != null && n.isArray()) {
            if (n.size() != 2 || !n.get(0).isIntegralNumber() || n.get(0).asInt() != n.get(1).asInt()) {
                throw new IllegalArgumentException("patch_size must be a number or two equal numbers, found " + n);
            }
            return n.get(0).asInt();
        }
        return intOf(root, "patch_size", 16);
    }
}
