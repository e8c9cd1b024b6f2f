package com.layoutlens.ui;

import com.layoutlens.train.Preset;

/**
 * What a training run starts from, as the Training tab offers it: a fresh model of a family
 * and size, or a model folder to fine-tune.
 */
enum TrainingStart {
    FRESH_TINY("fresh tiny model", Preset.TINY, "layoutlm"),
    FRESH_SMALL("fresh small model", Preset.SMALL, "layoutlm"),
    FRESH_TINY_V2("fresh tiny LayoutLMv2 model", Preset.TINY, "layoutlmv2"),
    FRESH_SMALL_V2("fresh small LayoutLMv2 model", Preset.SMALL, "layoutlmv2"),
    FINE_TUNE("fine-tune a model folder", null, null);

    private final String text;
    private final Preset preset;
    private final String modelType;

    TrainingStart(String text, Preset preset, String modelType) {
        this.text = text;
        this.preset = preset;
        this.modelType = modelType;
    }

    /** The preset of a fresh model; null for fine-tuning. */
    Preset preset() {
        return preset;
    }

    /** The {@code model_type} of a fresh model; null for fine-tuning (the folder's own). */
    String modelType() {
        return modelType;
    }

    @Override
    public String toString() {
        return text;
    }
}
