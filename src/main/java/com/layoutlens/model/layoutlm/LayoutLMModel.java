package com.layoutlens.model.layoutlm;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import com.layoutlens.model.LoadOptions;
import com.layoutlens.model.ModelLoading;
import com.layoutlens.model.ModelFolderException;
import com.layoutlens.model.FamilyModel;
import com.layoutlens.model.checkpoint.Checkpoint;
import com.layoutlens.model.checkpoint.CheckpointException;
import com.layoutlens.model.checkpoint.Checkpoints;
import com.layoutlens.model.WeightLoader;

import java.nio.file.Path;

/**
 * A LayoutLM token classifier loaded from a Hugging Face model folder onto a device,
 * with the DJL {@link Model} that owns its weights.
 *
 * <p>Checkpoint keys are matched by transformers' names. Accepted variations: a base
 * {@code LayoutLMModel} checkpoint without the {@code layoutlm.} prefix, and the legacy
 * LayerNorm names {@code gamma}/{@code beta}. Ignored on purpose: the pooler, the MLM head
 * {@code cls.*} and the {@code position_ids} buffer. Any other unknown key is listed in
 * {@link #report()}; a missing weight is an error, except the classifier head when
 * {@link LoadOptions#freshHead()} asks for a new one.
 */
public final class LayoutLMModel extends FamilyModel<LayoutLMConfig, LayoutLMForTokenClassification> {


    private LayoutLMModel(Model model, LayoutLMForTokenClassification block, WeightLoader.Report report,
                          Path folder) {
        super(model, block, block.config(), report, folder);
    }

    /**
     * Loads {@code config.json} and the weights of a folder ({@code model.safetensors}, or
     * {@code pytorch_model.bin}, sharded or not) for inference.
     */
    public static LayoutLMModel load(Path folder, Device device) throws ModelFolderException {
        return load(folder, device, LoadOptions.inference());
    }

    public static LayoutLMModel load(Path folder, Device device, LoadOptions options) throws ModelFolderException {
        return ModelLoading.load(folder, options, LayoutLMConfig::read,
                (config, source) -> load(config, source, device, options, folder));
    }

    /** Loads weights from an open checkpoint for the given configuration. */
    public static LayoutLMModel load(LayoutLMConfig config, Checkpoint source, Device device, LoadOptions options,
                                     Path folder) throws ModelFolderException {
        LayoutLMForTokenClassification block = new LayoutLMForTokenClassification(config);
        ModelLoading.Loaded loaded = ModelLoading.build("layoutlm", device, block,
                () -> plan(block, source, options), m -> initialize(block, m), options.trainable(), null);
        return new LayoutLMModel(loaded.model(), block, loaded.report(), folder);
    }

    /**
     * Matches a checkpoint's header against the weights a block of this configuration needs
     * (names and shapes, no data read): what a load checks before it reads anything, and what
     * {@code models list} reports.
     */
    public static WeightLoader.Plan check(LayoutLMConfig config, Checkpoint source) {
        return plan(new LayoutLMForTokenClassification(config), source, LoadOptions.inference());
    }

    private static WeightLoader.Plan plan(LayoutLMForTokenClassification block, Checkpoint source, LoadOptions options) {
        return ModelLoading.plan(block.weightSlots(""), source, "layoutlm.",
                k -> k.startsWith("embeddings.") || k.startsWith("encoder.") || k.startsWith("pooler."),
                LayoutLMModel::isIgnorable, options);
    }

    /** A model with every weight freshly drawn (tests, training from scratch). */
    public static LayoutLMModel create(LayoutLMConfig config, Device device, boolean trainable) {
        LayoutLMForTokenClassification block = new LayoutLMForTokenClassification(config);
        try {
            ModelLoading.Loaded made = ModelLoading.build("layoutlm", device, block, null,
                    m -> initialize(block, m), trainable, null);
            return new LayoutLMModel(made.model(), block, made.report(), null);
        } catch (ModelFolderException e) {
            throw new IllegalStateException(e); // nothing is read from a folder
        }
    }

    /**
     * A trainable model started from a plain text encoder folder: its embeddings and encoder layers
     * loaded under {@code layoutlm.}, everything else fresh (see {@code ModelLoading.encoderPlan}).
     */
    public static LayoutLMModel loadEncoder(Path encoderFolder, LayoutLMConfig config, Device device) throws ModelFolderException {
        LayoutLMForTokenClassification block = new LayoutLMForTokenClassification(config);
        try (Checkpoint source = Checkpoints.open(encoderFolder)) {
            ModelLoading.Loaded loaded = ModelLoading.build("layoutlm", device, block,
                    () -> ModelLoading.encoderPlan(block.weightSlots(""), source, "layoutlm."), m -> initialize(block, m),
                    true, null);
            return new LayoutLMModel(loaded.model(), block, loaded.report(), null);
        } catch (CheckpointException e) {
            throw new ModelFolderException(e.getMessage(), e);
        }
    }

    private static void initialize(LayoutLMForTokenClassification block, NDManager manager) {
        block.initialize(manager, DataType.FLOAT32, new Shape(1, 1), new Shape(1, 1, 4), new Shape(1, 1));
    }

    static boolean isIgnorable(String key) {
        return key.startsWith("cls.") || key.startsWith("layoutlm.pooler.") || key.startsWith("pooler.")
                || key.endsWith("embeddings.position_ids");
    }

    @Override
    public NDArray logits(NDArray inputIds, NDArray bbox, NDArray attentionMask, NDArray tokenTypes,
                          NDArray image) {
        return predict(inputIds, bbox, attentionMask, tokenTypes, false).logits();
    }

    /**
     * Inference on arrays already on this model's device; the results belong to the
     * inputs' manager, so closing that manager frees everything the call made.
     */
    public LayoutLMForTokenClassification.Output predict(NDArray inputIds, NDArray bbox, NDArray attentionMask,
                                                         NDArray tokenTypes, boolean hiddenStates) {
        ParameterStore ps = new ParameterStore(inputIds.getManager(), false);
        return block.forward(ps, inputIds, bbox, attentionMask, tokenTypes, false, hiddenStates);
    }

    @Override
    public NDArray logits(ParameterStore ps, NDArray inputIds, NDArray bbox, NDArray attentionMask,
                          NDArray tokenTypes, NDArray image, boolean training) {
        return block.forward(ps, inputIds, bbox, attentionMask, tokenTypes, training, false).logits();
    }

    @Override
    public NDArray logitsAt(NDArray inputIds, NDArray bbox, NDArray attentionMask, NDArray tokenTypes, NDArray image,
                            NDArray rows) {
        ParameterStore ps = new ParameterStore(inputIds.getManager(), false);
        return block.forward(ps, inputIds, bbox, attentionMask, tokenTypes, false, false, rows).logits();
    }
}
