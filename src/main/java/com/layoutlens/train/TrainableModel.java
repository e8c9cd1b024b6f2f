package com.layoutlens.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import com.layoutlens.model.nn.WeightSlot;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * What the training loop needs of a token classifier, whatever its family: logits for a
 * batch, and its weights by their Hugging Face names (the optimizer keeps its state under
 * those names, and weight decay is decided from them).
 */
public interface TrainableModel extends AutoCloseable {

    /** transformers' {@code model_type}: {@code layoutlm}, {@code layoutlmv2}, {@code layoutlmv3}. */
    String modelType();

    /** Class names by id. */
    List<String> labels();

    /** The longest window the model takes (its position table). */
    int maxPositions();

    int padTokenId();

    /** Rows of the token type table: 2 are needed for the split at the first total keyword. */
    int typeVocabSize();

    /** Whether each batch row needs its receipt's page image (receipts without one cannot be used). */
    default boolean needsImage() {
        return false;
    }

    /**
     * The boxes of a window's first and last special token, as prediction gives them (see
     * {@code TokenClassifier.specialTokenBoxes}).
     */
    default long[][] specialTokenBoxes() {
        return new long[][] {{0, 0, 0, 0}, {1000, 1000, 1000, 1000}};
    }

    /** The weights drawn fresh when the model was made (a new head, layout embeddings); empty for a full load. */
    default List<String> freshWeights() {
        return List.of();
    }

    /** Every trainable weight, in a fixed order, named as in {@code model.safetensors}. */
    List<WeightSlot> weights();

    /** The manager that owns the weights; per-step arrays live in its sub-managers. */
    NDManager manager();

    /**
     * Token logits (B, L, classes) in the batch's manager; dropout is active when
     * {@code training} is true.
     */
    NDArray logits(ParameterStore ps, Batch batch, boolean training);

    /** Writes {@code config.json} and {@code model.safetensors} (tokenizer files are the caller's). */
    void save(Path folder) throws IOException;

    @Override
    void close();
}
