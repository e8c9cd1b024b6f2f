package com.layoutlens.model.family;

import ai.djl.Device;
import com.layoutlens.model.LoadOptions;
import com.layoutlens.model.ModelConfig;
import com.layoutlens.model.ModelFolderException;
import com.layoutlens.model.TokenClassifier;
import com.layoutlens.model.WeightLoader;
import com.layoutlens.model.checkpoint.Checkpoint;
import com.layoutlens.model.forward.ForwardArchitecture;

import java.nio.file.Path;
import java.util.List;

/**
 * A model family as a declaration: what it is called and reads ({@link Description}) and the
 * family's own functions for its configuration, weights, models and forward adapter
 * ({@link Parts}); this class answers {@link ModelFamily} from them, checking that a
 * configuration handed back is the family's own. A family adds what it decides itself: the
 * configuration of a fresh model, of one built on a pretrained encoder, and its page grid.
 *
 * @param <C> the family's configuration
 */
public abstract class DeclaredFamily<C extends ModelConfig> implements ModelFamily {

    /**
     * @param modelType      transformers' {@code model_type}
     * @param displayName    the name shown to users
     * @param summary        what the model reads, in a few words
     * @param tokenizerKind  how its text is split
     * @param tokenizerFiles the tokenizer files a folder needs: one of each inner list
     * @param encoderTypes   the {@code model_type}s of the plain encoders it can start from
     */
    public record Description(String modelType, String displayName, String summary, TokenizerKind tokenizerKind,
                              List<List<String>> tokenizerFiles, List<String> encoderTypes) {
    }

    /** Reads a folder's configuration. */
    @FunctionalInterface
    public interface ConfigReader<C> {
        C read(Path folder) throws ModelFolderException;
    }

    /** Matches a checkpoint's header against the weights a configuration needs. */
    @FunctionalInterface
    public interface Checker<C> {
        WeightLoader.Plan check(C config, Checkpoint source);
    }

    /** Loads a model folder. */
    @FunctionalInterface
    public interface Loader {
        TokenClassifier load(Path folder, Device device, LoadOptions options) throws ModelFolderException;
    }

    /** Builds a model with fresh weights. */
    @FunctionalInterface
    public interface Creator<C> {
        TokenClassifier create(C config, Device device, boolean trainable);
    }

    /** Builds a model whose text encoder starts from a pretrained encoder folder. */
    @FunctionalInterface
    public interface EncoderLoader<C> {
        TokenClassifier load(Path encoderFolder, C config, Device device) throws ModelFolderException;
    }

    /** Opens a folder for {@code forward}. */
    @FunctionalInterface
    public interface ForwardOpener {
        ForwardArchitecture open(Path folder) throws ModelFolderException;
    }

    /** The family's functions, with the class of its configuration. */
    public record Parts<C>(Class<C> configType, ConfigReader<C> readConfig, Checker<C> check, Loader load,
                           Creator<C> create, EncoderLoader<C> loadEncoder, ForwardOpener forward) {
    }

    private final Description description;
    private final Parts<C> parts;

    protected DeclaredFamily(Description description, Parts<C> parts) {
        this.description = description;
        this.parts = parts;
    }

    /** {@code config} as this family's configuration. */
    protected final C own(ModelConfig config) {
        return parts.configType().cast(config);
    }

    @Override
    public final String modelType() {
        return description.modelType();
    }

    @Override
    public final String displayName() {
        return description.displayName();
    }

    @Override
    public final String summary() {
        return description.summary();
    }

    @Override
    public final List<List<String>> tokenizerFiles() {
        return description.tokenizerFiles();
    }

    @Override
    public final TokenizerKind tokenizerKind() {
        return description.tokenizerKind();
    }

    @Override
    public final List<String> encoderTypes() {
        return description.encoderTypes();
    }

    @Override
    public final ModelConfig readConfig(Path folder) throws ModelFolderException {
        return parts.readConfig().read(folder);
    }

    @Override
    public final WeightLoader.Plan check(ModelConfig config, Checkpoint source) {
        return parts.check().check(own(config), source);
    }

    @Override
    public final TokenClassifier load(Path folder, Device device, LoadOptions options) throws ModelFolderException {
        return parts.load().load(folder, device, options);
    }

    @Override
    public final TokenClassifier create(ModelConfig config, Device device, boolean trainable) {
        return parts.create().create(own(config), device, trainable);
    }

    @Override
    public final TokenClassifier loadEncoder(Path encoderFolder, ModelConfig config, Device device)
            throws ModelFolderException {
        return parts.loadEncoder().load(encoderFolder, own(config), device);
    }

    @Override
    public final ForwardArchitecture forward(Path folder) throws ModelFolderException {
        return parts.forward().open(folder);
    }
}
