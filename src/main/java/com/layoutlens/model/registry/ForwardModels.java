package com.layoutlens.model.registry;

import com.layoutlens.model.ConfigJson;
import com.layoutlens.model.ModelFolderException;
import com.layoutlens.model.family.ModelFamily;
import com.layoutlens.model.forward.ForwardArchitecture;

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
        String type = ConfigJson.modelType(folder);
        ModelFamily family = ModelFamilies.find(type).orElseThrow(() -> new ModelFolderException(
                folder.resolve("config.json") + ": model_type '" + type + "' is not one this build can run ("
                        + String.join(", ", ModelFamilies.modelTypes()) + ")"));
        return family.forward(folder);
    }
}
