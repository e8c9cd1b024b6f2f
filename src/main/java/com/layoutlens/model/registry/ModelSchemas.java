package com.layoutlens.model.registry;

import com.layoutlens.data.LabelSet;
import com.layoutlens.model.ModelFolderException;

import java.nio.file.Path;

/** The label schema a model folder brings. */
public final class ModelSchemas {

    private ModelSchemas() {
    }

    /**
     * The schema a model folder's {@code id2label} makes ({@link LabelSet#fromTags}: a built-in
     * one when the types and scheme match one, else the model's own types), or null when it names
     * no entity type.
     */
    public static LabelSet of(Path folder) throws ModelFolderException {
        return LabelSet.fromTags("model", TokenClassifiers.describe(folder).labels());
    }
}
