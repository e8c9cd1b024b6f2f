package com.layoutlens.model.forward;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import com.layoutlens.model.FamilyModel;
import com.layoutlens.model.ModelFolderException;
import com.layoutlens.model.TransformerConfig;
import com.layoutlens.model.checkpoint.Tensor;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the families' {@code forward} adapters share: the model folder and its configuration,
 * the text inputs' checks, the memory of the BERT-style encoder, and the runner that loads the
 * model once and runs each call in its own sub-manager on the model's device, with the inputs'
 * problems and the device's failures reported as {@link ForwardException}s. A family says which
 * inputs it takes, how to load its model and how one pass reads the inputs ({@link #run}).
 *
 * @param <C> the family's configuration
 * @param <M> the family's loaded model
 */
public abstract class EncoderForward<C extends TransformerConfig, M extends FamilyModel<C, ?>>
        implements ForwardArchitecture {

    /** The logits and, when asked for, the hidden states of one pass (null otherwise). */
    public record Outputs(NDArray logits, List<NDArray> hiddenStates) {
    }

    /** How a family loads its model from a folder. */
    @FunctionalInterface
    public interface Loader<M> {
        M load(Path folder, Device device) throws ModelFolderException;
    }

    protected final Path folder;
    protected final C config;
    private final List<InputSpec> inputs;
    private final String imageInput;
    private final Loader<M> loader;

    /**
     * @param imageInput the input a model's refusal of its values ({@link IllegalArgumentException}
     *                   during the pass) is blamed on; null for a text-only model, whose refusals
     *                   pass through unchanged
     */
    protected EncoderForward(Path folder, C config, List<InputSpec> inputs, String imageInput, Loader<M> loader) {
        this.folder = folder;
        this.config = config;
        this.inputs = List.copyOf(inputs);
        this.imageInput = imageInput;
        this.loader = loader;
    }

    /**
     * The text inputs as transformers' models take them, with the family's page input (none,
     * or one) after the boxes: input_ids (B, T), bbox (B, T, 4), then the page, then the
     * optional attention_mask and token_type_ids.
     */
    protected static List<InputSpec> textInputs(InputSpec... page) {
        List<InputSpec> all = new java.util.ArrayList<>();
        all.add(InputSpec.ints("input_ids", "B", "T"));
        all.add(InputSpec.ints("bbox", "B", "T", "4"));
        all.addAll(List.of(page));
        all.add(InputSpec.optionalInts("attention_mask", "B", "T"));
        all.add(InputSpec.optionalInts("token_type_ids", "B", "T"));
        return List.copyOf(all);
    }

    /** The model folder's configuration. */
    public C config() {
        return config;
    }

    @Override
    public String modelType() {
        return config.modelType();
    }

    @Override
    public List<InputSpec> inputs() {
        return inputs;
    }

    /** The text inputs against the configuration's tables, for positions that count from 0. */
    protected void checkText(ForwardInputs in) throws ForwardException {
        TextInputs.check(in, config.maxPositionEmbeddings(), config.vocabSize(), config.max2dPositionEmbeddings(),
                config.typeVocabSize());
    }

    /**
     * float32 elements alive at the peak of the encoder over {@code seq} tokens in inference:
     * the embedding sums (about 18 arrays of B x S x H, held to the end), every layer's output
     * (held to the end), one layer's intermediates (about 14 arrays of B x S x H and 2 of
     * B x S x intermediate, freed after the layer) and {@code scoreArrays} arrays of
     * B x heads x S x S for the attention scores, which dominate long sequences.
     */
    protected long encoderFloats(long batch, long seq, int scoreArrays) {
        long bs = batch * seq;
        return bs * config.hiddenSize() * (18 + config.numHiddenLayers() + 14)
                + 2 * bs * config.intermediateSize()
                + scoreArrays * batch * config.numAttentionHeads() * seq * seq;
    }

    /**
     * The memory of one pass over {@code length} text tokens and {@code visualTokens} page
     * tokens: the encoder ({@link #encoderFloats}) plus the family's own float32 elements
     * ({@code extraFloats}: the page and its features, the logits), the int64 text inputs twice
     * (masks and defaults are made on the device); on the heap the logits of the text positions,
     * the hidden states when asked for, the inputs as read and {@code extraHeapBytes}.
     */
    protected MemoryEstimate estimate(long batch, long length, boolean hiddenStates, long visualTokens,
                                      int scoreArrays, long extraFloats, long extraHeapBytes) {
        long seq = length + visualTokens;
        long bt = batch * length;
        long floats = encoderFloats(batch, seq, scoreArrays) + extraFloats;
        long nativeBytes = floats * 4 + bt * 4 * 8 * 2;
        long outputs = bt * config.numLabels()
                + (hiddenStates ? (config.numHiddenLayers() + 1L) * batch * seq * config.hiddenSize() : 0);
        return new MemoryEstimate(nativeBytes, outputs * 4 + bt * 7 * 8 + extraHeapBytes);
    }

    /**
     * One pass over the inputs, as arrays in {@code m} on the model's device.
     *
     * @throws IllegalArgumentException when the model refuses the image input's values
     */
    protected abstract Outputs run(M model, NDManager m, TextInputs.Arrays text, ForwardInputs in,
                                   boolean hiddenStates);

    @Override
    public final Runner load(Device device) throws ModelFolderException {
        M model = loader.load(folder, device);
        return new Runner() {
            @Override
            public Device device() {
                return model.device();
            }

            @Override
            public ForwardResult forward(ForwardInputs in, boolean hiddenStates) throws ForwardException {
                Map<String, Tensor> out = new LinkedHashMap<>();
                TextInputs.guarded(in, device(), () -> {
                    try (NDManager m = model.manager().newSubManager()) {
                        Outputs o = run(model, m, TextInputs.create(m, in), in, hiddenStates);
                        TextInputs.output(out, o.logits(), o.hiddenStates());
                    } catch (IllegalArgumentException e) {
                        if (imageInput == null) {
                            throw e;
                        }
                        throw new ForwardException(imageInput, e.getMessage(), e);
                    }
                });
                return new ForwardResult(out);
            }

            @Override
            public void close() {
                model.close();
            }
        };
    }
}
