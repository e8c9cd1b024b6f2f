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

    private static final List<InputSpec> INPUTS = List.of(
            InputSpec.ints("input_ids", "B", "T"),
            InputSpec.ints("bbox", "B", "T", "4"),
            InputSpec.optionalInts("attention_mask", "B", "T"),
            InputSpec.optionalInts("token_type_ids", "B", "T"));

    private LayoutLMForward(Path folder, LayoutLMConfig config) {
        super(folder, config, INPUTS, null);
    }

    static LayoutLMForward open(Path folder) throws ModelFolderException {
        return new LayoutLMForward(folder, LayoutLMConfig.read(folder));
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
        long bt = batch * length;
        long h = config.hiddenSize();
        long layers = config.numHiddenLayers();
        long floats = encoderFloats(batch, length, 4) + bt * config.numLabels();
        long inputs = bt * 4 * 8 * 2; // int64 inputs, twice: masks and defaults made on the device
        long nativeBytes = floats * 4 + inputs;
        long outputs = bt * config.numLabels() + (hiddenStates ? (layers + 1) * bt * h : 0);
        long heapBytes = outputs * 4 + bt * 7 * 8;
        return new MemoryEstimate(nativeBytes, heapBytes);
    }

    @Override
    protected LayoutLMModel loadModel(Device device) throws ModelFolderException {
        return LayoutLMModel.load(folder, device);
    }

    @Override
    protected Outputs run(LayoutLMModel model, NDManager m, TextInputs.Arrays a, ForwardInputs in,
                          boolean hiddenStates) {
        LayoutLMForTokenClassification.Output o = model.predict(a.ids(), a.bbox(), a.mask(), a.types(), hiddenStates);
        return new Outputs(o.logits(), o.hiddenStates());
    }
}
