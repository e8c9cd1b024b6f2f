package com.layoutlens.model.layoutlmv3;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.layoutlens.model.ModelFolderException;
import com.layoutlens.model.forward.EncoderForward;
import com.layoutlens.model.forward.InputSpec;
import com.layoutlens.model.forward.ForwardInputs;
import com.layoutlens.model.forward.ForwardException;
import com.layoutlens.model.forward.MemoryEstimate;
import com.layoutlens.model.forward.TextInputs;

import java.nio.file.Path;
import java.util.List;

/**
 * {@code forward} for LayoutLMv3: transformers' {@code LayoutLMv3ForTokenClassification}.
 * Besides the text inputs it takes an optional {@code pixel_values}, (B, C, input_size,
 * input_size) float as the image processor makes it (resized, rescaled, normalised); without it
 * the model reads the text alone, as transformers does. The logits cover the text positions,
 * the hidden states the text then the visual tokens (CLS and patches).
 */
public final class LayoutLMv3Forward extends EncoderForward<LayoutLMv3Config, LayoutLMv3Model> {

    private static final List<InputSpec> INPUTS = textInputs(new InputSpec("pixel_values", false, true, List.of("B", "C", "H", "W")));

    /** Reads the folder's configuration; the weights are read by {@link #load}. */
    LayoutLMv3Forward(Path folder) throws ModelFolderException {
        super(folder, LayoutLMv3Config.read(folder), INPUTS, "pixel_values", LayoutLMv3Model::load);
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
        long pixels = (long) config.numChannels() * config.inputSize() * config.inputSize();
        return estimate(batch, length, hiddenStates, config.visualTokens(), 6, 2 * batch * pixels,
                batch * pixels * 4);
    }


    @Override
    protected Outputs run(LayoutLMv3Model model, NDManager m, TextInputs.Arrays a, ForwardInputs in,
                          boolean hiddenStates) {
        NDArray pixels = in.has("pixel_values")
                ? m.create(in.floats("pixel_values"), new Shape(in.shape("pixel_values")))
                : null;
        LayoutLMv3ForTokenClassification.Output o = model.predict(a.ids(), a.bbox(), a.mask(), a.types(), pixels,
                hiddenStates);
        return new Outputs(o.logits(), hiddenStates ? o.hiddenStates() : null);
    }
}
