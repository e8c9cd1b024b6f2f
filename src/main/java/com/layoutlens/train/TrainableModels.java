package com.layoutlens.train;

import ai.djl.Device;
import com.layoutlens.model.LoadOptions;
import com.layoutlens.model.ModelConfig;
import com.layoutlens.model.ModelFolderException;
import com.layoutlens.model.family.EncoderConfig;
import com.layoutlens.model.family.ModelFamily;
import com.layoutlens.model.registry.ModelFamilies;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Opens or creates trainable models by {@code model_type}, for every family of the registry
 * ({@link ModelFamilies}): a family trains as soon as it is registered there.
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

        /**
         * A model with freshly drawn weights (the engine's random seed must be set first).
         *
         * @param tokenTypes the least rows of its token type table (0: the family's own)
         */
        TrainableModel create(Preset preset, int vocabSize, List<String> labels, int tokenTypes, Device device);

        /** A model with freshly drawn weights and the family's own token type count. */
        default TrainableModel create(Preset preset, int vocabSize, List<String> labels, Device device) {
            return create(preset, vocabSize, labels, 0, device);
        }
    }

    private TrainableModels() {
    }

    /** The trainable model types, in the registry's order. */
    public static List<String> modelTypes() {
        return ModelFamilies.modelTypes();
    }

    /**
     * The model types a fresh model ({@code --config}) can be trained for: every family, since
     * each kind of vocabulary is built from the training words ({@link Vocabulary} for WordPiece,
     * {@link ByteLevelVocabulary} for byte-level BPE).
     */
    public static List<String> freshModelTypes() {
        return ModelFamilies.modelTypes();
    }

    /**
     * Builds the vocabulary a fresh model of this family is trained with from the training words
     * (at most {@code maxVocab} entries, pieces seen at least twice) and writes its tokenizer files.
     *
     * @return the vocabulary's size (the model's {@code vocab_size})
     */
    public static int writeFreshVocabulary(String modelType, List<String> words, int maxVocab, Path folder)
            throws IOException, ModelFolderException {
        ModelFamily f = ModelFamilies.of(modelType, "--model");
        if (f.tokenizerKind() == ModelFamily.TokenizerKind.BYTE_LEVEL_BPE) {
            ByteLevelVocabulary vocab = ByteLevelVocabulary.build(words, maxVocab, 2);
            vocab.write(folder, TrainingConfig.MAX_LENGTH);
            return vocab.size();
        }
        Vocabulary vocab = Vocabulary.build(words, maxVocab, 2);
        vocab.write(folder, TrainingConfig.MAX_LENGTH);
        return vocab.size();
    }

    public static Family family(String modelType) throws ModelFolderException {
        ModelFamily f = ModelFamilies.find(modelType).orElseThrow(() -> new ModelFolderException("training a '"
                + modelType + "' model is not supported (known: " + String.join(", ", modelTypes()) + ")"));
        return new Family() {
            @Override
            public TrainableModel open(Path folder, List<String> labels, Device device) throws ModelFolderException {
                LoadOptions options = LoadOptions.forTraining(f.readConfig(folder).labels(), labels);
                return new FamilyTrainable<>(f.modelType(), f.load(folder, device, options));
            }

            @Override
            public TrainableModel create(Preset preset, int vocabSize, List<String> labels, int tokenTypes,
                                         Device device) {
                ModelConfig config = f.freshConfig(preset.size().withTokenTypes(tokenTypes), vocabSize, labels);
                return new FamilyTrainable<>(f.modelType(), f.create(config, device, true));
            }
        };
    }

    /**
     * A model of a family started from a plain text encoder folder: its embeddings and layers
     * loaded, the rest fresh ({@link TrainableModel#freshWeights()} names them).
     */
    public static TrainableModel fromEncoder(String modelType, Path encoder, List<String> labels, Device device)
            throws ModelFolderException {
        ModelFamily f = ModelFamilies.of(modelType, "--model");
        EncoderConfig e = EncoderConfig.read(encoder);
        if (!f.encoderTypes().contains(e.modelType())) {
            throw new ModelFolderException(encoder.resolve("config.json") + ": a " + f.displayName()
                    + " model starts from a " + String.join(" or ", f.encoderTypes()) + " encoder, not model_type '"
                    + e.modelType() + "'");
        }
        ModelConfig config;
        try {
            config = f.configFromEncoder(e, labels);
        } catch (IllegalArgumentException ex) {
            throw new ModelFolderException(encoder.resolve("config.json") + ": " + ex.getMessage(), ex);
        }
        return new FamilyTrainable<>(f.modelType(), f.loadEncoder(encoder, config, device));
    }

    /** Loads a folder for training, by its {@code model_type}. */
    public static TrainableModel open(Path folder, List<String> labels, Device device) throws ModelFolderException {
        return family(com.layoutlens.model.ConfigJson.modelType(folder)).open(folder, labels, device);
    }
}
