package com.layoutlens.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import com.layoutlens.model.layoutlm.LayoutLMModel;
import com.layoutlens.model.nn.WeightSlot;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** LayoutLM (v1) seen by the training loop. */
public final class LayoutLMTrainable implements TrainableModel {

    private final LayoutLMModel model;
    private final List<WeightSlot> weights;

    /** Takes ownership of a model loaded or created with trainable parameters. */
    public LayoutLMTrainable(LayoutLMModel model) {
        this.model = model;
        this.weights = model.block().weightSlots("");
    }

    public LayoutLMModel model() {
        return model;
    }

    @Override
    public String modelType() {
        return "layoutlm";
    }

    @Override
    public List<String> labels() {
        return model.config().labels();
    }

    @Override
    public int maxPositions() {
        return model.config().maxPositionEmbeddings();
    }

    @Override
    public int padTokenId() {
        return model.config().padTokenId();
    }

    @Override
    public List<WeightSlot> weights() {
        return weights;
    }

    @Override
    public NDManager manager() {
        return model.manager();
    }

    @Override
    public NDArray logits(ParameterStore ps, Batch batch, boolean training) {
        return model.block().forward(ps, batch.inputIds(), batch.bbox(), batch.attentionMask(), null, training, false)
                .logits();
    }

    @Override
    public void save(Path folder) throws IOException {
        model.save(folder);
    }

    @Override
    public void close() {
        model.close();
    }
}
