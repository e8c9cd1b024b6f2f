package com.layoutlens.model.layoutlmv2;

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
import com.layoutlens.model.encode.PageImage;
import com.layoutlens.model.WeightLoader;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A LayoutLMv2 token classifier loaded from a Hugging Face model folder onto a device.
 *
 * <p>Checkpoint keys are transformers' (which keep detectron2's backbone names). Accepted
 * variations: a base {@code LayoutLMv2Model} checkpoint without the {@code layoutlmv2.}
 * prefix, and the legacy LayerNorm names {@code gamma}/{@code beta}. Ignored on purpose:
 * the pooler, pre-training heads ({@code cls.*}), the {@code position_ids} buffer, the
 * batch norms' {@code num_batches_tracked} counters and the {@code visual.pixel_mean} /
 * {@code pixel_std} buffers of older checkpoints (transformers does not load them either:
 * it takes the normalisation from the configuration). The frozen batch norms' four
 * buffers are loaded as weights and must be present.
 */
public final class LayoutLMv2Model extends FamilyModel<LayoutLMv2Config, LayoutLMv2ForTokenClassification> {


    private LayoutLMv2Model(Model model, LayoutLMv2ForTokenClassification block, WeightLoader.Report report,
                            Path folder) {
        super(model, block, block.config(), report, folder);
    }

    /** Loads a folder ({@code config.json} and {@code model.safetensors} or {@code pytorch_model.bin}) for inference. */
    public static LayoutLMv2Model load(Path folder, Device device) throws ModelFolderException {
        return load(folder, device, LoadOptions.inference());
    }

    public static LayoutLMv2Model load(Path folder, Device device, LoadOptions options) throws ModelFolderException {
        return ModelLoading.load(folder, options, LayoutLMv2Config::read,
                (config, source) -> load(config, source, device, options, folder));
    }

    /** Loads weights from an open checkpoint for the given configuration. */
    public static LayoutLMv2Model load(LayoutLMv2Config config, Checkpoint source, Device device, LoadOptions options,
                                       Path folder) throws ModelFolderException {
        LayoutLMv2ForTokenClassification block = new LayoutLMv2ForTokenClassification(config);
        // frozen batch norm never trains, whatever the options
        ModelLoading.Loaded loaded = ModelLoading.build("layoutlmv2", device, block,
                () -> plan(block, source, options), m -> initialize(block, m), options.trainable(),
                b -> finish(block, options.trainable()));
        return new LayoutLMv2Model(loaded.model(), block, loaded.report(), folder);
    }

    /**
     * Matches a checkpoint's header against the weights a block of this configuration needs
     * (names and shapes, no data read): what a load checks before it reads anything, and what
     * {@code models list} reports.
     */
    public static WeightLoader.Plan check(LayoutLMv2Config config, Checkpoint source) {
        return plan(new LayoutLMv2ForTokenClassification(config), source, LoadOptions.inference());
    }

    private static WeightLoader.Plan plan(LayoutLMv2ForTokenClassification block, Checkpoint source, LoadOptions options) {
        return ModelLoading.plan(block.weightSlots(""), source, "layoutlmv2.",
                k -> !k.startsWith("classifier.") && !k.startsWith("cls."), LayoutLMv2Model::isIgnorable, options);
    }

    /**
     * A model with every weight freshly drawn, frozen for prediction (tests, benchmarks): its
     * batch norms come folded into the convolutions, so it is not saved.
     */
    public static LayoutLMv2Model create(LayoutLMv2Config config, Device device) {
        return create(config, device, false);
    }

    /**
     * A model with every weight freshly drawn (the engine's random seed decides them).
     *
     * <p>For training, the last convolution of every residual block starts at zero: the
     * backbone's batch norms are frozen identities in a fresh model, so without it each
     * block would add its full-variance branch to the residual stream and the activations
     * would grow with depth; starting from zero, every block begins as the identity and
     * learns its branch (the usual remedy for residual networks trained without batch
     * statistics). The frozen batch norms stay frozen either way.
     */
    public static LayoutLMv2Model create(LayoutLMv2Config config, Device device, boolean trainable) {
        LayoutLMv2ForTokenClassification block = new LayoutLMv2ForTokenClassification(config);
        try {
            ModelLoading.Loaded made = ModelLoading.build("layoutlmv2", device, block, null, m -> {
                initialize(block, m);
                if (trainable) {
                    block.zeroResidualBranches();
                }
            }, trainable, b -> finish(block, trainable));
            return new LayoutLMv2Model(made.model(), block, made.report(), null);
        } catch (ModelFolderException e) {
            throw new IllegalStateException(e); // nothing is read from a folder
        }
    }

    /**
     * A trainable model started from a plain text encoder folder: its embeddings and encoder layers
     * loaded under {@code layoutlmv2.}, everything else fresh (see {@code ModelLoading.encoderPlan}).
     */
    public static LayoutLMv2Model loadEncoder(Path encoderFolder, LayoutLMv2Config config, Device device) throws ModelFolderException {
        LayoutLMv2ForTokenClassification block = new LayoutLMv2ForTokenClassification(config);
        try (Checkpoint source = Checkpoints.open(encoderFolder)) {
            ModelLoading.Loaded loaded = ModelLoading.build("layoutlmv2", device, block,
                    () -> ModelLoading.encoderPlan(block.weightSlots(""), source, "layoutlmv2."), m -> {
                        initialize(block, m);
                        block.zeroResidualBranches(); // the fresh backbone starts as create() starts it
                    }, true, b -> block.freezeBatchNorms());
            return new LayoutLMv2Model(loaded.model(), block, loaded.report(), null);
        } catch (CheckpointException e) {
            throw new ModelFolderException(e.getMessage(), e);
        }
    }

    /**
     * The frozen batch norms stay frozen whatever the options; a model that only predicts has
     * them folded into the convolutions, which spares a pass over every map of the backbone
     * (about a fifth of its time on the CPU, with the convolutions' ReLUs fused).
     */
    private static void finish(LayoutLMv2ForTokenClassification block, boolean trainable) {
        block.freezeBatchNorms();
        if (!trainable) {
            block.foldBatchNorms();
        }
    }

    private static void initialize(LayoutLMv2ForTokenClassification block, NDManager manager) {
        block.initialize(manager, DataType.FLOAT32, new Shape(1, 1), new Shape(1, 1, 4), new Shape(1, 1),
                new Shape(1, 3, LayoutLMv2Config.IMAGE_SIZE, LayoutLMv2Config.IMAGE_SIZE));
    }

    static boolean isIgnorable(String key) {
        return key.startsWith("cls.") || key.contains("pooler.") || key.endsWith("embeddings.position_ids")
                || key.endsWith("num_batches_tracked") || key.endsWith("visual.pixel_mean")
                || key.endsWith("visual.pixel_std");
    }

    /**
     * Refuses a model loaded for prediction only: its batch norms are folded into the
     * convolutions, so its weights are no longer the checkpoint's.
     */
    @Override
    public void save(Path folder) throws IOException {
        if (block.foldedBatchNorms()) {
            throw new IllegalStateException("this LayoutLMv2 model was loaded for prediction only (its batch norms"
                    + " are folded into its convolutions); load it trainable to save it");
        }
        super.save(folder);
    }

    /** 3 x 224 x 224: BGR, 0..255 ({@link PageImage}). */
    @Override
    public int[] pageShape() {
        return new int[] {3, PageImage.SIZE, PageImage.SIZE};
    }

    @Override
    public float[] preparePage(Path image) throws IOException {
        return PageImage.read(image, PageImage.SIZE);
    }

    /**
     * Inference on arrays already on this model's device; results belong to the inputs'
     * manager.
     *
     * @param tokenTypes may be null
     * @param stages     also return P2, the pooled features and every hidden state
     */
    public LayoutLMv2ForTokenClassification.Output predict(NDArray inputIds, NDArray bbox, NDArray attentionMask,
                                                           NDArray tokenTypes, NDArray image, boolean stages) {
        ParameterStore ps = new ParameterStore(inputIds.getManager(), false);
        return block.forward(ps, inputIds, bbox, attentionMask, tokenTypes, image, false, stages);
    }

    /**
     * The visual branch alone: backbone, P2, pooling (B, cells, channels). For measuring the
     * backbone's share of the time; {@link #predict} runs it as part of the forward pass.
     */
    public NDArray visualFeatures(NDArray image) {
        return block.visualFeatures(new ParameterStore(image.getManager(), false), image);
    }

    @Override
    public NDArray logits(NDArray inputIds, NDArray bbox, NDArray attentionMask, NDArray tokenTypes,
                          NDArray image) {
        return predict(inputIds, bbox, attentionMask, tokenTypes, image, false).logits();
    }

    @Override
    public NDArray logits(ParameterStore ps, NDArray inputIds, NDArray bbox, NDArray attentionMask,
                          NDArray tokenTypes, NDArray image, boolean training) {
        return block.forward(ps, inputIds, bbox, attentionMask, tokenTypes, image, training, false).logits();
    }

    @Override
    public NDArray logitsAt(NDArray inputIds, NDArray bbox, NDArray attentionMask, NDArray tokenTypes, NDArray image,
                            NDArray rows) {
        ParameterStore ps = new ParameterStore(inputIds.getManager(), false);
        return block.forward(ps, inputIds, bbox, attentionMask, tokenTypes, image, false, false, rows).logits();
    }
}
