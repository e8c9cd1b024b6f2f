package com.layoutlens.train;

import ai.djl.ndarray.NDArray;
import ai.djl.training.ParameterStore;
import com.layoutlens.model.layoutlm.LayoutLMModel;
import com.layoutlens.model.nn.WeightSlot;

import java.util.List;

/** LayoutLM (v1) seen by the training loop. */
public final class LayoutLMTrainable extends ClassifierTrainable<LayoutLMModel> {

    private final List<WeightSlot> weights;

    /** Takes ownership of a model loaded or created with trainable parameters. */
    public LayoutLMTrainable(LayoutLMModel model) {
        super(model);
        this.weights = model.block().weightSlots("");
    }

    @Override
    public String modelType() {
        return "layoutlm";
    }

    @Override
    public List<WeightSlot> weights() {
        return weights;
    }

    @Override
    public NDArray logits(ParameterStore ps, Batch batch, boolean training) {
        return model.block().forward(ps, batch.inputIds(), batch.bbox(), batch.attentionMask(), null, training, false)
                .logits();
    }
}
