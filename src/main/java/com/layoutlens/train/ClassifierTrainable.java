package com.layoutlens.train;

import ai.djl.ndarray.NDManager;
import com.layoutlens.model.TokenClassifier;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * What every family's trainable takes straight from its model: labels, window length,
 * padding id, manager, saving and closing. A family adds its weight list and its forward pass.
 *
 * @param <M> the family's model, loaded or created with trainable parameters
 */
abstract class ClassifierTrainable<M extends TokenClassifier> implements TrainableModel {

    protected final M model;

    /** Takes ownership of the model. */
    ClassifierTrainable(M model) {
        this.model = model;
    }

    public M model() {
        return model;
    }

    @Override
    public List<String> labels() {
        return model.labels();
    }

    @Override
    public int maxPositions() {
        return model.maxTextLength();
    }

    @Override
    public int padTokenId() {
        return model.padTokenId();
    }

    @Override
    public boolean needsImage() {
        return model.needsImage();
    }

    @Override
    public NDManager manager() {
        return model.manager();
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
