package com.layoutlens.model.registry;

import com.layoutlens.model.ConfigJson;
import com.layoutlens.model.ModelFolderException;
import com.layoutlens.model.family.ModelFamily;
import com.layoutlens.model.layoutlm.LayoutLMFamily;
import com.layoutlens.model.layoutlmv2.LayoutLMv2Family;
import com.layoutlens.model.layoutlmv3.LayoutLMv3Family;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The model families this build runs, by transformers' {@code model_type}: the one place that
 * names them. Everything that lists or dispatches families (predict, forward, train,
 * {@code models list}, the app's tabs, help texts) asks here. A new family is one line in
 * {@link #ALL}; see {@code docs/model-families.md}.
 */
public final class ModelFamilies {

    private static final List<ModelFamily> ALL = List.of(
            new LayoutLMFamily(),
            new LayoutLMv2Family(),
            new LayoutLMv3Family());

    private ModelFamilies() {
    }

    /** Every family, in the order help texts and menus list them. */
    public static List<ModelFamily> all() {
        return ALL;
    }

    /** Every {@code model_type}, in that order. */
    public static List<String> modelTypes() {
        return ALL.stream().map(ModelFamily::modelType).toList();
    }

    /** The family of a {@code model_type}, if this build runs it. */
    public static Optional<ModelFamily> find(String modelType) {
        return ALL.stream().filter(f -> f.modelType().equals(modelType)).findFirst();
    }

    /** The family of a {@code model_type}, or a message that names the ones this build runs. */
    public static ModelFamily of(String modelType, String source) throws ModelFolderException {
        return find(modelType).orElseThrow(() -> new ModelFolderException(source + ": model_type '" + modelType
                + "' is not supported (use one of " + String.join(", ", modelTypes()) + ")"));
    }

    /** The family of a model folder, by the {@code model_type} of its {@code config.json} ({@code layoutlm} without one). */
    public static ModelFamily of(Path folder) throws ModelFolderException {
        return of(ConfigJson.modelType(folder), ConfigJson.file(folder).toString());
    }

    /** The display name of a {@code model_type}; unknown types as they are written. */
    public static String displayName(String modelType) {
        if (modelType.isEmpty()) {
            return "unknown (no model_type)";
        }
        return find(modelType).map(ModelFamily::displayName).orElse(modelType);
    }

    /** Every tokenizer file name any family reads. */
    public static List<String> tokenizerFileNames() {
        return ALL.stream().flatMap(f -> f.tokenizerFiles().stream()).flatMap(List::stream).distinct().toList();
    }
}
