package com.layoutlens.model;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.AbstractBlock;
import com.layoutlens.model.checkpoint.Checkpoint;
import com.layoutlens.model.checkpoint.CheckpointException;
import com.layoutlens.model.checkpoint.Checkpoints;
import com.layoutlens.model.nn.WeightSlot;

import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

/**
 * The loading steps every family shares: relabel the configuration as the options ask, open the
 * folder's checkpoint, plan the weight slots against it with transformers' key variations, load
 * them, initialise what is left, and freeze for inference.
 */
public final class ModelLoading {

    private ModelLoading() {
    }

    /** Reads a family's configuration from a folder. */
    public interface ConfigReader<C extends ModelConfig> {
        C read(Path folder) throws ModelFolderException;
    }

    /** Builds a loaded model from an open checkpoint. */
    public interface FromCheckpoint<C extends ModelConfig, T> {
        T load(C config, Checkpoint source) throws ModelFolderException;
    }

    /**
     * Reads the configuration, relabels it when the options ask for another label set, and hands
     * it with the folder's open checkpoint to {@code load}; checkpoint errors become
     * {@link ModelFolderException}s.
     */
    public static <C extends ModelConfig, T> T load(Path folder, LoadOptions options, ConfigReader<C> reader,
                                                    FromCheckpoint<C, T> load) throws ModelFolderException {
        C config = relabel(reader.read(folder), options);
        try (Checkpoint source = Checkpoints.open(folder)) {
            return load.load(config, source);
        } catch (CheckpointException e) {
            throw new ModelFolderException(e.getMessage(), e);
        } catch (InternalError e) {
            // the JVM's word for a fault in a mapped file: it changed (shrank) while it was being read
            throw new ModelFolderException(folder + ": a weights file changed while it was being read (written"
                    + " over in place, or cut short): load the model again once it is complete", e);
        }
    }

    /** The configuration with the options' labels (a fresh head), or as it is. */
    @SuppressWarnings("unchecked")
    public static <C extends ModelConfig> C relabel(C config, LoadOptions options) {
        if (options.labels() == null) {
            return config;
        }
        if (!options.freshHead()) {
            throw new IllegalArgumentException("another label set needs a fresh classifier head");
        }
        return (C) config.withLabels(options.labels());
    }

    /**
     * Matches a block's weight slots against a checkpoint's header. Checkpoint keys are
     * transformers' names; accepted variations: the legacy LayerNorm names {@code gamma} /
     * {@code beta}, and a base checkpoint without {@code prefix} (none of its keys start with it),
     * whose keys that {@code baseKey} accepts get the prefix. With a fresh head the checkpoint's
     * {@code classifier.*} tensors are ignored and the head's slots start fresh.
     *
     * @param prefix    the base model's prefix, e.g. {@code layoutlm.}
     * @param baseKey   which keys of a base checkpoint belong under the prefix
     * @param ignorable keys read on purpose into nothing (buffers, poolers, other heads)
     */
    public static WeightLoader.Plan plan(List<WeightSlot> slots, Checkpoint source, String prefix,
                                         Predicate<String> baseKey, Predicate<String> ignorable,
                                         LoadOptions options) {
        boolean baseOnly = source.names().stream().noneMatch(k -> k.startsWith(prefix));
        boolean freshHead = options.freshHead();
        UnaryOperator<String> keyMap = key -> {
            String k = legacyLayerNorm(key);
            if (baseOnly && baseKey.test(k)) {
                k = prefix + k;
            }
            if (freshHead && k.startsWith("classifier.")) {
                k = "(replaced) " + k; // matches no slot: the head starts fresh
            }
            return k;
        };
        return WeightLoader.plan(slots, source, keyMap,
                name -> freshHead && name.startsWith("classifier."),
                key -> ignorable.test(key) || (freshHead && key.startsWith("classifier.")));
    }

    /**
     * Matches a block's weight slots against a plain text encoder's checkpoint (BERT, RoBERTa):
     * its {@code embeddings.*} and {@code encoder.*} tensors, with or without their model prefix
     * ({@code bert.}, {@code roberta.}), go under {@code prefix}; every slot may stay fresh, and the
     * encoder's other tensors (pooler, language-model head, buffers) are ignored.
     */
    public static WeightLoader.Plan encoderPlan(List<WeightSlot> slots, Checkpoint source, String prefix) {
        UnaryOperator<String> keyMap = key -> {
            String k = encoderKey(key);
            return k == null ? "(unused) " + key : prefix + k;
        };
        return WeightLoader.plan(slots, source, keyMap, name -> true, key -> {
            String k = encoderKey(key);
            return k == null || k.endsWith("position_ids");
        });
    }

    /** The key without its model prefix if it is one of the encoder's embeddings or layers, else null. */
    private static String encoderKey(String key) {
        String k = legacyLayerNorm(key);
        int dot = k.indexOf('.');
        if (dot > 0 && !k.startsWith("embeddings.") && !k.startsWith("encoder.")) {
            k = k.substring(dot + 1);
        }
        return k.startsWith("embeddings.") || k.startsWith("encoder.") ? k : null;
    }

    /** {@code LayerNorm.gamma} / {@code LayerNorm.beta} under today's names. */
    public static String legacyLayerNorm(String key) {
        if (key.endsWith("LayerNorm.gamma")) {
            return key.substring(0, key.length() - "gamma".length()) + "weight";
        }
        if (key.endsWith("LayerNorm.beta")) {
            return key.substring(0, key.length() - "beta".length()) + "bias";
        }
        return key;
    }

    /** Plans a block's weights once its manager exists. */
    public interface Planner {
        WeightLoader.Plan plan();
    }

    /** What a load made: the DJL model that owns the weights and the load's report. */
    public record Loaded(Model model, WeightLoader.Report report) {
    }

    /**
     * Creates the DJL model, loads the planned weights into the block, initialises the rest
     * with {@code initialize}, freezes unless trainable, applies {@code finish} (a family's own
     * freezing), and sets the block. The model is closed again if any step fails.
     */
    public static Loaded build(String name, Device device, AbstractBlock block, Planner planner,
                               Consumer<NDManager> initialize, boolean trainable, Consumer<AbstractBlock> finish)
            throws ModelFolderException {
        Model model = Model.newInstance(name, device, "PyTorch");
        try {
            WeightLoader.Report report = planner == null
                    ? new WeightLoader.Report(List.of(), List.of(), List.of(), List.of())
                    : WeightLoader.load(planner.plan(), model.getNDManager());
            synchronized (TorchRandom.LOCK) { // initial values come from the global generator
                initialize.accept(model.getNDManager());
            }
            block.freezeParameters(!trainable);
            if (finish != null) {
                finish.accept(block);
            }
            model.setBlock(block);
            return new Loaded(model, report);
        } catch (ModelFolderException | RuntimeException e) {
            model.close();
            throw e;
        }
    }
}
