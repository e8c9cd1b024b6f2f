package com.layoutlens.model.layoutlmv2;

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
import com.layoutlens.model.layoutlmv2.LayoutLMv2Config;
import com.layoutlens.model.layoutlmv2.LayoutLMv2ForTokenClassification;
import com.layoutlens.model.layoutlmv2.LayoutLMv2Model;

import java.nio.file.Path;
import java.util.List;

/**
 * {@code forward} for LayoutLMv2: transformers' {@code LayoutLMv2ForTokenClassification}.
 * Besides the text inputs it takes {@code image}, (B, 3, H, W) as the processor makes it
 * (BGR, 0..255; the model normalises it); the logits cover the text positions only, the
 * hidden states the text then the visual tokens, as transformers returns them.
 */
public final class LayoutLMv2Forward extends EncoderForward<LayoutLMv2Config, LayoutLMv2Model> {

    private static final List<InputSpec> INPUTS = textInputs(InputSpec.floats("image", "B", "3", "H", "W"));

    /** Reads the folder's configuration; the weights are read by {@link #load}. */
    LayoutLMv2Forward(Path folder) throws ModelFolderException {
        super(folder, LayoutLMv2Config.read(folder), INPUTS, "image", LayoutLMv2Model::load);
    }

    @Override
    public void checkValues(ForwardInputs in) throws ForwardException {
        checkText(in);
        long divisor = 1L << config.backbone().fpnLevels().get(config.backbone().fpnLevels().size() - 1);
        if (in.dim("H") % divisor != 0 || in.dim("W") % divisor != 0) {
            throw new ForwardException("image", "tensor 'image' is " + in.dim("H") + " x " + in.dim("W")
                    + " pixels, expected a height and width that are multiples of " + divisor
                    + " for this backbone (the processor makes 224 x 224)");
        }
        for (float v : in.floats("image")) {
            if (!Float.isFinite(v)) {
                throw new ForwardException("image", "tensor 'image' holds " + v + ", expected pixel values 0..255");
            }
        }
    }

    /**
     * The text + visual transformer as for v1 over T + cells tokens, plus the backbone's
     * feature maps at the image size (the stem and res2 at a quarter resolution dominate:
     * about 64 arrays of 256 channels there, held while the FPN is built).
     */
    @Override
    public MemoryEstimate estimate(long batch, long length, boolean hiddenStates) {
        long pixels = LayoutLMv2Config.IMAGE_SIZE * (long) LayoutLMv2Config.IMAGE_SIZE;
        return estimate(batch, length, hiddenStates, config.visualTokens(), 6,
                batch * (pixels / 16) * 256 * 8 + batch * 3 * pixels * 2, 0);
    }


    @Override
    protected Outputs run(LayoutLMv2Model model, NDManager m, TextInputs.Arrays a, ForwardInputs in,
                          boolean hiddenStates) {
        NDArray image = m.create(in.floats("image"), new Shape(in.shape("image")));
        LayoutLMv2ForTokenClassification.Output o = model.predict(a.ids(), a.bbox(), a.mask(), a.types(), image,
                hiddenStates);
        return new Outputs(o.logits(), hiddenStates ? o.hiddenStates() : null);
    }
}
