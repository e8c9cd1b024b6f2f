package com.layoutlens.train;

import ai.djl.Device;
import com.layoutlens.model.LoadOptions;
import com.layoutlens.model.ModelFolderException;
import com.layoutlens.model.layoutlm.LayoutLMConfig;
import com.layoutlens.model.layoutlm.LayoutLMModel;
import com.layoutlens.model.layoutlmv2.LayoutLMv2Config;
import com.layoutlens.model.layoutlmv2.LayoutLMv2Model;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Opens or creates trainable models by {@code model_type} ({@code layoutlm},
 * {@code layoutlmv2}), so that another family plugs into the same loop by registering a
 * {@link Family}.
 */
public final class TrainableModels {

    /** How one model family is opened for training and created afresh. */
    public interface Family {
        /**
         * Loads a model folder for training.
         *
         * @param labels the class names to train; when they differ from the folder's, the head starts fresh
         */
        TrainableModel open(Path folder, List<String> labels, Device device) throws ModelFolderException;

        /** A model with freshly drawn weights (the engine's random seed must be set first). */
        TrainableModel create(Preset preset, int vocabSize, List<String> labels, Device device);
    }

    private static final Map<String, Family> FAMILIES = new ConcurrentHashMap<>();

    static {
        register("layoutlm", new Family() {
            @Override
            public TrainableModel open(Path folder, List<String> labels, Device device) throws ModelFolderException {
                LoadOptions options = LoadOptions.forTraining(LayoutLMConfig.read(folder).labels(), labels);
                return new LayoutLMTrainable(LayoutLMModel.load(folder, device, options));
            }

            @Override
            public TrainableModel create(Preset preset, int vocabSize, List<String> labels, Device device) {
                return new LayoutLMTrainable(LayoutLMModel.create(preset.layoutlm(vocabSize, labels), device, true));
            }
        });
        register("layoutlmv2", new Family() {
            @Override
            public TrainableModel open(Path folder, List<String> labels, Device device) throws ModelFolderException {
                LoadOptions options = LoadOptions.forTraining(LayoutLMv2Config.read(folder).labels(), labels);
                return new LayoutLMv2Trainable(LayoutLMv2Model.load(folder, device, options));
            }

            @Override
            public TrainableModel create(Preset preset, int vocabSize, List<String> labels, Device device) {
                return new LayoutLMv2Trainable(LayoutLMv2Model.create(preset.layoutlmv2(vocabSize, labels), device,
                        true));
            }
        });
    }

    private TrainableModels() {
    }

    /** Makes a family available under its transformers {@code model_type}. */
    public static void register(String modelType, Family family) {
        FAMILIES.put(modelType, Objects.requireNonNull(family));
    }

    /** The registered model types, sorted. */
    public static List<String> modelTypes() {
        return List.copyOf(new java.util.TreeSet<>(FAMILIES.keySet()));
    }

    public static Family family(String modelType) throws ModelFolderException {
        Family f = FAMILIES.get(modelType);
        if (f == null) {
            throw new ModelFolderException("training a '" + modelType + "' model is not supported (known: "
                    + String.join(", ", new java.util.TreeSet<>(FAMILIES.keySet())) + ")");
        }
        return f;
    }

    /** Loads a folder for training, by its {@code model_type}. */
    public static TrainableModel open(Path folder, List<String> labels, Device device) throws ModelFolderException {
        return family(com.layoutlens.model.ConfigJson.modelType(folder)).open(folder, labels, device);
    }
}
