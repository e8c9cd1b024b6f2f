package com.layoutlens.model.layoutlm;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.layoutlens.model.ConfigJson;
import com.layoutlens.model.EncoderSettings;
import com.layoutlens.model.ModelFolderException;
import com.layoutlens.model.TransformerConfig;
import com.layoutlens.model.nn.Activations;
import com.layoutlens.model.nn.TransformerLayer;

import java.nio.file.Path;
import java.util.List;

import static com.layoutlens.model.ConfigJson.labelsOf;

/**
 * The hyper-parameters of a LayoutLM (v1) token classifier, read from a Hugging Face
 * {@code config.json}. Absent keys take the defaults of transformers' {@code LayoutLMConfig}
 * (BERT-base sizes), so a folder written by transformers or by us reads the same way. LayoutLM
 * has no keys beyond the shared encoder ones and the labels.
 *
 * @param encoder the keys every family's encoder shares (vocabulary, widths, layers, heads,
 *                activation, dropouts, 1D and 2D position tables, ...)
 * @param labels  label names by class id ({@code id2label}); its size is the number of classes
 */
public record LayoutLMConfig(EncoderSettings encoder, List<String> labels) implements TransformerConfig {

    /** The activations we implement, by their transformers name. */
    public static final List<String> ACTIVATIONS = Activations.NAMES;

    public LayoutLMConfig {
        labels = List.copyOf(labels);
        EncoderSettings.check(!labels.isEmpty(), "the model needs at least one label");
    }

    /** The sizes of one encoder layer. */
    public TransformerLayer.Settings layerSettings() {
        return encoder.layerSettings(false, false);
    }

    @Override
    public String modelType() {
        return "layoutlm";
    }

    @Override
    public int maxTextLength() {
        return maxPositionEmbeddings();
    }

    @Override
    public boolean needsImage() {
        return false;
    }

    /** This configuration with another label list (for a fresh classifier head). */
    public LayoutLMConfig withLabels(List<String> newLabels) {
        return new LayoutLMConfig(encoder, newLabels);
    }

    /**
     * The {@code config.json} text transformers reads back into the same model
     * ({@code LayoutLMForTokenClassification}, float32).
     */
    public String toJson() {
        ObjectNode root = ConfigJson.newConfig("LayoutLMForTokenClassification", "layoutlm");
        encoder.put(root);
        return ConfigJson.write(root, labels);
    }

    /** Reads {@code config.json} from a model folder, or the given file. */
    public static LayoutLMConfig read(Path folderOrFile) throws ModelFolderException {
        return ConfigJson.read(folderOrFile, LayoutLMConfig::parse);
    }

    /**
     * Parses the text of a {@code config.json}.
     *
     * @param source the file name used in error messages
     */
    public static LayoutLMConfig parse(String json, String source) throws ModelFolderException {
        return ConfigJson.parse(json, source, "layoutlm", "layoutlm",
                root -> new LayoutLMConfig(EncoderSettings.parse(root, 30522, 1e-12f, 0), labelsOf(root)));
    }
}
