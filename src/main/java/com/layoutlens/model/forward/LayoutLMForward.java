package com.layoutlens.model.forward;

import ai.djl.Device;
import ai.djl.engine.EngineException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.layoutlens.model.ModelFolderException;
import com.layoutlens.model.checkpoint.Tensor;
import com.layoutlens.model.layoutlm.LayoutLMConfig;
import com.layoutlens.model.layoutlm.LayoutLMForTokenClassification;
import com.layoutlens.model.layoutlm.LayoutLMModel;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** {@code forward} for LayoutLM (v1): transformers' {@code LayoutLMForTokenClassification}. */
final class LayoutLMForward implements ForwardArchitecture {

    /** Box coordinates are normalised to a 0..1000 page by every LayoutLM processor. */
    static final long MAX_COORDINATE = 1000;

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
        long length = in.dim("T");
        if (length > config.maxPositionEmbeddings()) {
            throw new ForwardException("input_ids", "tensor 'input_ids' has " + length
                    + " tokens per row, expected at most " + config.maxPositionEmbeddings()
                    + " (max_position_embeddings)");
        }
        in.checkRange("input_ids", 0, config.vocabSize() - 1, "vocab_size " + config.vocabSize());
        long maxCoordinate = Math.min(MAX_COORDINATE, config.max2dPositionEmbeddings() - 1L);
        in.checkRange("bbox", 0, maxCoordinate, maxCoordinate == MAX_COORDINATE
                ? "boxes normalised to a 0..1000 page"
                : "max_2d_position_embeddings " + config.max2dPositionEmbeddings());
        long[] box = in.longs("bbox");
        long[] shape = in.shape("bbox");
        for (int i = 0; i < box.length; i += 4) {
            if (box[i] > box[i + 2] || box[i + 1] > box[i + 3]) {
                throw new ForwardException("bbox", String.format(Locale.ROOT,
                        "tensor 'bbox' holds the box [%d, %d, %d, %d] at %s, expected x0 <= x1 and y0 <= y1",
                        box[i], box[i + 1], box[i + 2], box[i + 3],
                        ForwardInputs.index(shape, i).replaceFirst(", 0]$", ", :]")));
            }
        }
        in.checkRange("attention_mask", 0, 1, "1 = token, 0 = padding");
        in.checkRange("token_type_ids", 0, config.typeVocabSize() - 1, "type_vocab_size " + config.typeVocabSize());
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
            long b = in.dim("B");
            long t = in.dim("T");
            Map<String, Tensor> out = new LinkedHashMap<>();
            try (NDManager m = model.manager().newSubManager()) {
                NDArray ids = m.create(in.longs("input_ids"), new Shape(b, t));
                NDArray bbox = m.create(in.longs("bbox"), new Shape(b, t, 4));
                NDArray mask = in.has("attention_mask")
                        ? m.create(in.longs("attention_mask"), new Shape(b, t))
                        : m.ones(new Shape(b, t), ai.djl.ndarray.types.DataType.INT64);
                NDArray types = in.has("token_type_ids") ? m.create(in.longs("token_type_ids"), new Shape(b, t)) : null;
                LayoutLMForTokenClassification.Output o = model.predict(ids, bbox, mask, types, hiddenStates);
                out.put("logits", Tensor.of(o.logits().toFloatArray(), o.logits().getShape().getShape()));
                for (int i = 0; i < o.hiddenStates().size(); i++) {
                    NDArray hs = o.hiddenStates().get(i);
                    out.put("hidden_states." + i, Tensor.of(hs.toFloatArray(), hs.getShape().getShape()));
                }
            } catch (EngineException e) {
                if (OutOfMemory.isOutOfMemory(e)) {
                    throw OutOfMemory.report(b, t, device(), e);
                }
                throw e;
            } catch (OutOfMemoryError e) {
                throw OutOfMemory.report(b, t, device(), e);
            }
            return new ForwardResult(out);
        }

        @Override
        public void close() {
            model.close();
        }
    }
}
