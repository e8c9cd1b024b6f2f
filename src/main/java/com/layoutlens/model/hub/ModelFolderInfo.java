package com.layoutlens.model.hub;

import java.nio.file.Path;
import java.util.List;

/**
 * What a model folder holds, read from its small files and its weight headers only, so that a
 * folder of several gigabytes is described in milliseconds.
 *
 * @param folder     the model folder
 * @param type       {@code LayoutLM}, {@code LayoutLMv2}, {@code LayoutLMv3}, the raw
 *                   {@code model_type} for another family, or {@code null} when config.json is unreadable
 * @param bytes      total size on disk of the folder's files
 * @param parameters number of weight elements in the checkpoint; -1 when the weights could not be read
 * @param labels     label names by class id (config {@code id2label}); empty when the config has none
 * @param origin     where the folder came from ({@code layoutlens.json}, a README note) or {@code unknown}
 * @param files      the file names present, sorted
 * @param warnings   what a user should know before using the folder (no tokenizer files, an unfinished download)
 * @param problems   why the folder cannot be used, one line each (the checks a load runs first); empty when
 *                   it can
 */
public record ModelFolderInfo(Path folder, String type, long bytes, long parameters, List<String> labels,
                              String origin, List<String> files, List<String> warnings, List<String> problems) {

    public ModelFolderInfo {
        labels = List.copyOf(labels);
        files = List.copyOf(files);
        warnings = List.copyOf(warnings);
        problems = List.copyOf(problems);
    }

    /** The first problem, or {@code null} for a usable folder. */
    public String error() {
        return problems.isEmpty() ? null : problems.get(0);
    }

    /** Whether the folder can be used: no problems (warnings allowed). */
    public boolean ok() {
        return problems.isEmpty();
    }

    /**
     * Whether {@link CheckpointConverter} has something to do here: PyTorch weights (single or
     * sharded) and no safetensors beside them yet.
     */
    public boolean convertible() {
        return (files.contains(com.layoutlens.model.checkpoint.Checkpoints.PYTORCH)
                || files.contains(com.layoutlens.model.checkpoint.Checkpoints.PYTORCH_INDEX))
                && !files.contains(com.layoutlens.model.checkpoint.Checkpoints.SAFETENSORS)
                && !files.contains(com.layoutlens.model.checkpoint.Checkpoints.SAFETENSORS_INDEX);
    }
}
