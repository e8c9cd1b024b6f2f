package com.layoutlens.model.forward;

import com.layoutlens.model.ModelFolderException;

import java.nio.file.Path;

/**
 * Picks the model family of a folder from the {@code model_type} of its {@code config.json},
 * the same key transformers' {@code AutoModel} dispatches on.
 */
public final class ForwardModels {

    private ForwardModels() {
    }

    /**
     * The architecture of a model folder, with its configuration read and checked; no weights
     * are read and the engine is not started.
     *
     * @throws ModelFolderException when the folder has no usable {@code config.json} or its
     *                              {@code model_type} is one this build cannot run
     */
    public static ForwardArchitecture open(Path folder) throws ModelFolderException {
        String type = com.layoutlens.model.ConfigJson.modelType(folder);
        return switch (type) {
            case "layoutlm" -> LayoutLMForward.open(folder);
            case "layoutlmv2" -> LayoutLMv2Forward.open(folder);
            case "layoutlmv3" -> LayoutLMv3Forward.open(folder);
            default -> throw new ModelFolderException(folder.resolve("config.json") + ": model_type '" + type
                    + "' is not one this build can run (layoutlm, layoutlmv2, layoutlmv3)");
        };
    }
}
