package com.layoutlens.model.forward;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.layoutlens.model.ModelFolderException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
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
        String type = modelType(folder);
        return switch (type) {
            case "layoutlm" -> LayoutLMForward.open(folder);
            case "layoutlmv2" -> LayoutLMv2Forward.open(folder);
            default -> throw new ModelFolderException(folder.resolve("config.json") + ": model_type '" + type
                    + "' is not one this build can run (layoutlm, layoutlmv2)");
        };
    }

    /** The {@code model_type} of a folder's {@code config.json}; {@code layoutlm} when absent. */
    static String modelType(Path folder) throws ModelFolderException {
        Path file = folder.resolve("config.json");
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(Files.readString(file));
        } catch (NoSuchFileException e) {
            throw new ModelFolderException(file + ": missing (a model folder needs config.json)");
        } catch (JsonProcessingException e) {
            throw new ModelFolderException(file + ": not valid JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new ModelFolderException(file + ": not readable: " + e.getMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new ModelFolderException(file + ": expected a JSON object");
        }
        return root.path("model_type").asText("layoutlm");
    }
}
