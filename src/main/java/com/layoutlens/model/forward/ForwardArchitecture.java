package com.layoutlens.model.forward;

import ai.djl.Device;
import com.layoutlens.model.ModelFolderException;

import java.util.List;

/**
 * What {@code forward} needs to know about one model family, read from a model folder's
 * {@code config.json} without starting the engine: the tensors it takes, the values they may
 * hold, and the memory a batch needs. Loading the weights comes last, once the inputs are
 * known to be good.
 */
public interface ForwardArchitecture {

    /** The {@code model_type} of {@code config.json} ({@code layoutlm}, {@code layoutlmv2}). */
    String modelType();

    /** The tensors the model takes, by transformers' names. */
    List<InputSpec> inputs();

    /**
     * Checks values against the configuration: token ids below {@code vocab_size}, boxes in
     * 0..1000, the length within {@code max_position_embeddings}, and so on.
     */
    void checkValues(ForwardInputs inputs) throws ForwardException;

    /** The memory a forward pass over {@code batch x length} tokens needs. */
    MemoryEstimate estimate(long batch, long length, boolean hiddenStates);

    /** Loads the weights onto a device. */
    Runner load(Device device) throws ModelFolderException;

    /** A loaded model. */
    interface Runner extends AutoCloseable {

        Device device();

        /**
         * Runs the model in inference mode. The result holds {@code logits} (float32
         * [B, T, num_labels], text positions only) and, when asked for, {@code hidden_states.N}
         * for N = 0 (the embeddings output) to the number of layers, float32.
         *
         * @throws ForwardException when the engine runs out of memory
         */
        ForwardResult forward(ForwardInputs inputs, boolean hiddenStates) throws ForwardException;

        @Override
        void close();
    }
}
