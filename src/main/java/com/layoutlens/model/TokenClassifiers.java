package com.layoutlens.model;

import ai.djl.Device;
import com.layoutlens.model.layoutlm.LayoutLMConfig;
import com.layoutlens.model.layoutlm.LayoutLMModel;
import com.layoutlens.model.layoutlmv2.LayoutLMv2Config;
import com.layoutlens.model.layoutlmv2.LayoutLMv2Model;
import com.layoutlens.model.layoutlmv3.LayoutLMv3Config;
import com.layoutlens.model.layoutlmv3.LayoutLMv3Model;

import java.nio.file.Path;
import java.util.List;

/**
 * Opens a model folder of any supported family, chosen by the {@code model_type} of its
 * {@code config.json}: {@code layoutlm} (also when absent), {@code layoutlmv2} or {@code layoutlmv3}.
 */
public final class TokenClassifiers {

    /** The model types {@link #load} understands. */
    public static final List<String> TYPES = List.of("layoutlm", "layoutlmv2", "layoutlmv3");

    private TokenClassifiers() {
    }

    /**
     * What a folder's configuration says, read without touching the weights, so that a
     * wrong folder fails fast.
     *
     * @param type          the model type
     * @param labels        class names by id
     * @param maxTextLength the longest text window
     * @param needsImage    whether the model reads the page image
     */
    public record Description(String type, List<String> labels, int maxTextLength, boolean needsImage) {
    }

    /** Reads and checks the configuration of a model folder. */
    public static Description describe(Path folder) throws ModelFolderException {
        String type = ConfigJson.modelType(folder);
        switch (type) {
            case "layoutlm": {
                LayoutLMConfig c = LayoutLMConfig.read(folder);
                return new Description(type, c.labels(), c.maxPositionEmbeddings(), false);
            }
            case "layoutlmv2": {
                LayoutLMv2Config c = LayoutLMv2Config.read(folder);
                return new Description(type, c.labels(), c.maxPositionEmbeddings(), true);
            }
            case "layoutlmv3": {
                LayoutLMv3Config c = LayoutLMv3Config.read(folder);
                return new Description(type, c.labels(), c.maxTextLength(), c.visualEmbed());
            }
            default:
                throw new ModelFolderException(ConfigJson.file(folder) + ": model_type '" + type
                        + "' is not supported (use one of " + String.join(", ", TYPES) + ")");
        }
    }

    /** Loads a model folder for inference. */
    public static TokenClassifier load(Path folder, Device device) throws ModelFolderException {
        Description d = describe(folder);
        return switch (d.type()) {
            case "layoutlmv2" -> LayoutLMv2Model.load(folder, device);
            case "layoutlmv3" -> LayoutLMv3Model.load(folder, device);
            default -> LayoutLMModel.load(folder, device);
        };
    }
}
