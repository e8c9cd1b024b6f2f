package com.layoutlens.model.layoutlmv3;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.layoutlens.model.ModelFolderException;
import com.layoutlens.model.forward.ForwardArchitecture;
import com.layoutlens.model.forward.InputSpec;
import com.layoutlens.model.forward.ForwardInputs;
import com.layoutlens.model.forward.ForwardException;
import com.layoutlens.model.forward.MemoryEstimate;
import com.layoutlens.model.forward.TextInputs;
import com.layoutlens.model.forward.ForwardResult;
import com.layoutlens.model.checkpoint.Tensor;
import com.layoutlens.model.layoutlmv3.LayoutLMv3Config;
import com.layoutlens.model.layoutlmv3.LayoutLMv3ForTokenClassification;
import com.layoutlens.model.layoutlmv3.LayoutLMv3Model;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code forward} for LayoutLMv3: transformers' {@code LayoutLMv3ForTokenClassification}.
 * Besides the text inputs it takes an optional {@code pixel_values}, (B, C, input_size,
 * input_size) float as the image processor makes it (resized, rescaled, normalised); without it
 * the model reads the text alone, as transformers does. The logits cover the text positions,
 * the hidden states the text then the visual tokens (CLS and patches).
 */
public final class LayoutLMv3Forward implements ForwardArchitecture {

    private static final List<InputSpec> INPUTS = List.of(
            InputSpec.ints("input_ids", "B", "T"),
            InputSpec.ints("bbox", "B", "T", "4"),
            new InputSpec("pixel_values", false, true, List.of("B", "C", "H", "W")),
            InputSpec.optionalInts("attention_mask", "B", "T"),
            InputSpec.optionalInts("token_type_ids", "B", "T"));

    private final Path folder;
    private final LayoutLMv3Config config;

    private LayoutLMv3Forward(Path folder, LayoutLMv3Config config) {
        this.folder = folder;
        this.config = config;
    }

    static LayoutLMv3Forward open(Path folder) throws ModelFolderException {
        return new LayoutLMv3Forward(folder, LayoutLMv3Config.read(folder));
    }

    @Override
    public String modelType() {
        return "layoutlmv3";
    }

    @Override
    public List<InputSpec> inputs() {
        return INPUTS;
    }

    /**
     * As for the other families, except that a box with x1 &lt; x0 or y1 &lt; y0 is accepted
     * (LayoutLMv3 clips its width and height at 0) and the text positions start after
     * {@code pad_token_id}.
     */
    @Override
    public void checkValues(ForwardInputs in) throws ForwardException {
        long length = in.dim("T");
        if (length > config.maxTextLength()) {
            throw new ForwardException("input_ids", "tensor 'input_ids' has " + length
                    + " tokens per row, expected at most " + config.maxTextLength() + " (max_position_embeddings "
                    + config.maxPositionEmbeddings() + " less pad_token_id " + config.padTokenId() + " + 1)");
        }
        in.checkRange("input_ids", 0, config.vocabSize() - 1, "vocab_size " + config.vocabSize());
        long maxCoordinate = Math.min(TextInputs.MAX_COORDINATE, config.max2dPositionEmbeddings() - 1L);
        in.checkRange("bbox", 0, maxCoordinate, maxCoordinate == TextInputs.MAX_COORDINATE
                ? "boxes normalised to a 0..1000 page"
                : "max_2d_position_embeddings " + config.max2dPositionEmbeddings());
        in.checkRange("attention_mask", 0, 1, "1 = token, 0 = padding");
        in.checkRange("token_type_ids", 0, config.typeVocabSize() - 1, "type_vocab_size " + config.typeVocabSize());
        if (!in.has("pixel_values")) {
            return;
        }
        if (!config.visualEmbed()) {
            throw new ForwardException("pixel_values", "tensor 'pixel_values' given, but this model has no visual "
                    + "branch (visual_embed false): leave it out");
        }
        long p = config.patchSize();
        if (in.dim("C") != config.numChannels() || in.dim("H") / p != config.patchGrid()
                || in.dim("W") / p != config.patchGrid()) {
            throw new ForwardException("pixel_values", "tensor 'pixel_values' has shape "
                    + java.util.Arrays.toString(in.shape("pixel_values")) + ", expected [" + in.dim("B") + ", "
                    + config.numChannels() + ", " + config.inputSize() + ", " + config.inputSize() + "] (num_channels "
                    + config.numChannels() + ", input_size " + config.inputSize() + ")");
        }
        for (float v : in.floats("pixel_values")) {
            if (!Float.isFinite(v)) {
                throw new ForwardException("pixel_values", "tensor 'pixel_values' holds " + v
                        + ", expected finite values");
            }
        }
    }

    /**
     * As for v1 over T + 1 + grid² tokens (the page is always counted), plus the page and its
     * patches.
     */
    @Override
    public MemoryEstimate estimate(long batch, long length, boolean hiddenStates) {
        long seq = length + config.visualTokens();
        long bt = batch * seq;
        long h = config.hiddenSize();
        long layers = config.numHiddenLayers();
        long heads = config.numAttentionHeads();
        long pixels = (long) config.numChannels() * config.inputSize() * config.inputSize();
        long floats = bt * h * (18 + layers + 14) + 2 * bt * config.intermediateSize()
                + 6 * batch * heads * seq * seq + 2 * batch * pixels;
        long nativeBytes = floats * 4 + batch * length * 4 * 8 * 2;
        long outputs = batch * length * config.numLabels() + (hiddenStates ? (layers + 1) * bt * h : 0);
        return new MemoryEstimate(nativeBytes, outputs * 4 + batch * length * 7 * 8 + batch * pixels * 4);
    }

    @Override
    public Runner load(Device device) throws ModelFolderException {
        LayoutLMv3Model model = LayoutLMv3Model.load(folder, device);
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
                        TextInputs.Arrays a = TextInputs.create(m, in);
                        NDArray pixels = in.has("pixel_values")
                                ? m.create(in.floats("pixel_values"), new Shape(in.shape("pixel_values")))
                                : null;
                        LayoutLMv3ForTokenClassification.Output o = model.predict(a.ids(), a.bbox(), a.mask(),
                                a.types(), pixels, hiddenStates);
                        TextInputs.output(out, o.logits(), hiddenStates ? o.hiddenStates() : null);
                    } catch (IllegalArgumentException e) {
                        throw new ForwardException("pixel_values", e.getMessage(), e);
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
