package com.layoutlens.ui;

import com.layoutlens.model.registry.ModelFamilies;
import com.layoutlens.train.Preset;
import com.layoutlens.train.TrainableModels;

import java.util.ArrayList;
import java.util.List;

/**
 * What a training run starts from, as the Training tab offers it: a fresh model of a family
 * and size (one choice per family that trains from scratch and preset, from the registry), or a
 * model folder to fine-tune.
 *
 * @param text      what the choice box shows
 * @param preset    the preset of a fresh model; null for fine-tuning
 * @param modelType the {@code model_type} of a fresh model; null for fine-tuning (the folder's own)
 */
record TrainingStart(String text, Preset preset, String modelType) {

    static final TrainingStart FINE_TUNE = new TrainingStart("fine-tune a model folder", null, null);

    /** A fresh model of this preset and family. */
    static TrainingStart fresh(Preset preset, String modelType) {
        return new TrainingStart("fresh " + preset.name() + " " + ModelFamilies.displayName(modelType) + " model",
                preset, modelType);
    }

    /** Every choice: the fresh models, family by family, then fine-tuning. */
    static List<TrainingStart> all() {
        List<TrainingStart> out = new ArrayList<>();
        for (String type : TrainableModels.freshModelTypes()) {
            for (Preset p : Preset.all()) {
                out.add(fresh(p, type));
            }
        }
        out.add(FINE_TUNE);
        return out;
    }

    @Override
    public String toString() {
        return text;
    }
}
