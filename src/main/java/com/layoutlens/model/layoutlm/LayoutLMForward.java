package com.layoutlens.model.layoutlm;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import com.layoutlens.model.ModelFolderException;
import com.layoutlens.model.forward.EncoderForward;
import com.layoutlens.model.forward.InputSpec;
import com.layoutlens.model.forward.ForwardInputs;
import com.layoutlens.model.forward.ForwardException;
import com.layoutlens.model.forward.MemoryEstimate;
import com.layoutlens.model.forward.TextInputs;

import java.nio.file.Path;
import java.util.List;

/** {@code forward} for LayoutLM (v1): transformers' {@code LayoutLMForTokenClassification}. */
public final class LayoutLMForward extends EncoderForward<LayoutLMConfig, LayoutLMModel> {

    private static final List<InputSpec> INPUTS = textInputs();

    /** Reads the folder's configuration; the weights are read by {@link #load}. */
    LayoutLMForward(Path folder) throws ModelFolderException {
        super(folder, LayoutLMConfig.read(folder), INPUTS, null, LayoutLMModel::load);
    }

    @Override
    public void checkValues(ForwardInputs in) throws ForwardException {
        checkText(in);
    }

    /**
     * The encoder over T tokens with 4 arrays of attention scores
     * ({@link LayoutLMForTokenClassification#forward} in inference), and the logits.
     */
    @Override
    public MemoryEstimate estimate(long batch, long length, boolean hiddenStates) {
        return estimate(batch, length, hiddenStates, 0, 4, batch * length * config.numLabels(), 0);
    }


    @Override
    protected Outputs run(LayoutLMModel model, NDManager m, TextInputs.Arrays a, ForwardInputs in,
                          boolean hiddenStates) {
        LayoutLMForTokenClassification.Output o = model.predict(a.ids(), a.bbox(), a.mask(), a.types(), hiddenStates);
        return new Outputs(o.logits(), o.hiddenStates());
    }
}
