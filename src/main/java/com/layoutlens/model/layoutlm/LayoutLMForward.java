package com.layoutlens.model.layoutlm;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import com.layoutlens.model.ModelFolderException;
import com.layoutlens.model.forward.ForwardArchitecture;
import com.layoutlens.model.forward.InputSpec;
import com.layoutlens.model.forward.ForwardInputs;
import com.layoutlens.model.forward.ForwardException;
import com.layoutlens.model.forward.MemoryEstimate;
import com.layoutlens.model.forward.TextInputs;
import com.layoutlens.model.forward.ForwardResult;
import com.layoutlens.model.checkpoint.Tensor;
import com.layoutlens.model.layoutlm.LayoutLMConfig;
import com.layoutlens.model.layoutlm.LayoutLMForTokenClassification;
import com.layoutlens.model.layoutlm.LayoutLMModel;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code forward} for LayoutLM (v1): transformers' {@code LayoutLMForTokenClassification}. */
public final class LayoutLMForward implements ForwardArchitecture {

    private static final List<InputSpec> INPUTS = List.of(
            InputSpec.ints("input_ids", "B", "T"),
            InputSpec.ints("bbox", "B", "T", "4"),
            InputSpec.optionalInts("attention_mask", "B", "T"),
            InputSpec.optionalInts("token_type_ids", "B", "T"));

    private final Path folder;
    private final LayoutLMConfig config;

    private LayoutLMForward(Path folder, LayoutLMConfig config) {
        this.folder = folder;
        this.config = config;
    }

    static LayoutLMForward open(Path folder) throws ModelFolderException {
        return new LayoutLMForward(folder, LayoutLMConfig.read(folder));
    }

    LayoutLMConfig config() {
        return config;
    }

    @Override
    public String modelType() {
        return "layoutlm";
    }

    @Override
    public List<InputSpec> inputs() {
        return INPUTS;
    }

    @Override
    public void checkValues(ForwardInputs in) throws ForwardException {
        TextInputs.check(in, config.maxPositionEmbeddings(), config.vocabSize(), config.max2dPositionEmbeddings(),
                config.typeVocabSize());
    }

    /**
     * Counts float32 elements alive at the peak of {@link LayoutLMForTokenClassification#forward}
     * in inference: the embedding sums (about 18 arrays of B x T x H, held to the end), every
     * layer's output (held to the end), and one layer's intermediates (freed after the layer):
     * about 14 arrays of B x T x H, 2 of B x T x intermediate and 4 of B x heads x T x T for
     * the attention scores, which dominate long sequences.
     */
    @Override
    public MemoryEstimate estimate(long batch, long length, boolean hiddenStates) {
        long bt = batch * length;
        long h = config.hiddenSize();
        long layers = config.numHiddenLayers();
        long floats = bt * h * (18 + layers + 14)
                + 2 * bt * config.intermediateSize()
                + 4 * batch * config.numAttentionHeads() * length * length
                + bt * config.numLabels();
        long inputs = bt * 4 * 8 * 2; // int64 inputs, twice: masks and defaults made on the device
        long nativeBytes = floats * 4 + inputs;
        long outputs = bt * config.numLabels() + (hiddenStates ? (layers + 1) * bt * h : 0);
        long heapBytes = outputs * 4 + bt * 7 * 8;
        return new MemoryEstimate(nativeBytes, heapBytes);
    }

    @Override
    public Runner load(Device device) throws ModelFolderException {
        LayoutLMModel model = LayoutLMModel.load(folder, device);
        return new LayoutLMRunner(model);
    }

    private static final class LayoutLMRunner implements Runner {

        private final LayoutLMModel model;

        LayoutLMRunner(LayoutLMModel model) {
            this.model = model;
        }

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
                    LayoutLMForTokenClassification.Output o = model.predict(a.ids(), a.bbox(), a.mask(), a.types(),
                            hiddenStates);
                    TextInputs.output(out, o.logits(), o.hiddenStates());
                }
            });
            return new ForwardResult(out);
        }

        @Override
        public void close() {
            model.close();
        }
    }
}
