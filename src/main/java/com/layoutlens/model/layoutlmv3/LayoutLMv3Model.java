package com.layoutlens.model.layoutlmv3;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import com.layoutlens.data.AtomicFiles;
import com.layoutlens.model.LoadOptions;
import com.layoutlens.model.ModelLoading;
import com.layoutlens.model.ModelFolderException;
import com.layoutlens.model.FamilyModel;
import com.layoutlens.model.checkpoint.Checkpoint;
import com.layoutlens.model.checkpoint.CheckpointException;
import com.layoutlens.model.checkpoint.Checkpoints;
import com.layoutlens.model.WeightLoader;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A LayoutLMv3 token classifier loaded from a Hugging Face model folder onto a device.
 *
 * <p>Checkpoint keys are transformers' ({@code layoutlmv3.embeddings.*}, {@code layoutlmv3.patch_embed.proj.*},
 * {@code layoutlmv3.cls_token}, {@code layoutlmv3.pos_embed}, {@code layoutlmv3.norm.*},
 * {@code layoutlmv3.LayerNorm.*}, {@code layoutlmv3.encoder.*}, {@code classifier.*}). Accepted
 * variations: a base {@code LayoutLMv3Model} checkpoint without the {@code layoutlmv3.} prefix (its
 * head then starts fresh only when the options ask for it) and the legacy LayerNorm names
 * {@code gamma}/{@code beta}. Ignored on purpose: the {@code position_ids} buffer, and the
 * visual branch's weights in a folder whose configuration turns it off.
 */
public final class LayoutLMv3Model extends FamilyModel<LayoutLMv3Config, LayoutLMv3ForTokenClassification> {

    private final LayoutLMv3ImageProcessor pages;

    private LayoutLMv3Model(Model model, LayoutLMv3ForTokenClassification block, WeightLoader.Report report,
                            Path folder, LayoutLMv3ImageProcessor pages) {
        super(model, block, block.config(), report, folder);
        this.pages = pages;
    }

    /** Loads a folder ({@code config.json} and {@code model.safetensors} or {@code pytorch_model.bin}) for inference. */
    public static LayoutLMv3Model load(Path folder, Device device) throws ModelFolderException {
        return load(folder, device, LoadOptions.inference());
    }

    public static LayoutLMv3Model load(Path folder, Device device, LoadOptions options) throws ModelFolderException {
        return ModelLoading.load(folder, options, LayoutLMv3Config::read,
                (config, source) -> load(config, source, device, options, folder));
    }

    /** Loads weights from an open checkpoint for the given configuration. */
    public static LayoutLMv3Model load(LayoutLMv3Config config, Checkpoint source, Device device, LoadOptions options,
                                       Path folder) throws ModelFolderException {
        LayoutLMv3ImageProcessor pages = pageProcessor(config, folder);
        LayoutLMv3ForTokenClassification block = new LayoutLMv3ForTokenClassification(config);
        ModelLoading.Loaded loaded = ModelLoading.build("layoutlmv3", device, block,
                () -> plan(block, config, source, options), m -> initialize(block, m), options.trainable(), null);
        return new LayoutLMv3Model(loaded.model(), block, loaded.report(), folder, pages);
    }

    /**
     * Matches a checkpoint's header against the weights a block of this configuration needs
     * (names and shapes, no data read): what a load checks before it reads anything, and what
     * {@code models list} reports.
     */
    public static WeightLoader.Plan check(LayoutLMv3Config config, Checkpoint source) {
        return plan(new LayoutLMv3ForTokenClassification(config), config, source, LoadOptions.inference());
    }

    private static WeightLoader.Plan plan(LayoutLMv3ForTokenClassification block, LayoutLMv3Config config,
                                          Checkpoint source, LoadOptions options) {
        boolean visual = config.visualEmbed();
        return ModelLoading.plan(block.weightSlots(""), source, "layoutlmv3.", k -> !k.startsWith("classifier."),
                key -> isIgnorable(key, visual), options);
    }

    /** A model with every weight freshly drawn (the engine's random seed decides them), frozen. */
    public static LayoutLMv3Model create(LayoutLMv3Config config, Device device) {
        return create(config, device, false);
    }

    /** A model with every weight freshly drawn (the engine's random seed decides them). */
    public static LayoutLMv3Model create(LayoutLMv3Config config, Device device, boolean trainable) {
        LayoutLMv3ForTokenClassification block = new LayoutLMv3ForTokenClassification(config);
        try {
            ModelLoading.Loaded made = ModelLoading.build("layoutlmv3", device, block, null,
                    m -> initialize(block, m), trainable, null);
            return new LayoutLMv3Model(made.model(), block, made.report(), null,
                    LayoutLMv3ImageProcessor.defaults(config.inputSize()));
        } catch (ModelFolderException e) {
            throw new IllegalStateException(e); // nothing is read from a folder
        }
    }

    /**
     * The folder's {@code preprocessor_config.json} (transformers' defaults at {@code input_size}
     * without it); its size must be the model's {@code input_size}.
     */
    private static LayoutLMv3ImageProcessor pageProcessor(LayoutLMv3Config config, Path folder)
            throws ModelFolderException {
        if (folder == null) {
            return LayoutLMv3ImageProcessor.defaults(config.inputSize());
        }
        LayoutLMv3ImageProcessor p = LayoutLMv3ImageProcessor.read(folder, config.inputSize());
        if (config.visualEmbed() && p.size() / config.patchSize() != config.patchGrid()) {
            throw new ModelFolderException(folder.resolve(LayoutLMv3ImageProcessor.FILE) + ": pages of " + p.size()
                    + " pixels do not give the " + config.patchGrid() + " x " + config.patchGrid()
                    + " patches of input_size " + config.inputSize());
        }
        return p;
    }

    /**
     * A trainable model started from a plain text encoder folder: its embeddings and encoder layers
     * loaded under {@code layoutlmv3.}, everything else fresh (see {@code ModelLoading.encoderPlan}).
     */
    public static LayoutLMv3Model loadEncoder(Path encoderFolder, LayoutLMv3Config config, Device device) throws ModelFolderException {
        LayoutLMv3ForTokenClassification block = new LayoutLMv3ForTokenClassification(config);
        try (Checkpoint source = Checkpoints.open(encoderFolder)) {
            ModelLoading.Loaded loaded = ModelLoading.build("layoutlmv3", device, block,
                    () -> ModelLoading.encoderPlan(block.weightSlots(""), source, "layoutlmv3."), m -> initialize(block, m),
                    true, null);
            return new LayoutLMv3Model(loaded.model(), block, loaded.report(), null, LayoutLMv3ImageProcessor.defaults(config.inputSize()));
        } catch (CheckpointException e) {
            throw new ModelFolderException(e.getMessage(), e);
        }
    }

    private static void initialize(LayoutLMv3ForTokenClassification block, NDManager manager) {
        // every weight's shape comes from the configuration: the input shapes are placeholders
        block.initialize(manager, DataType.FLOAT32, new Shape(1, 1), new Shape(1, 1, 4), new Shape(1, 1));
    }

    /** Buffers, and the visual branch of a checkpoint loaded with {@code visual_embed} false. */
    static boolean isIgnorable(String key, boolean visual) {
        if (key.endsWith("embeddings.position_ids")) {
            return true;
        }
        if (!visual) {
            String k = key.startsWith("layoutlmv3.") ? key.substring("layoutlmv3.".length()) : key;
            return k.startsWith("patch_embed.") || k.equals("cls_token") || k.equals("pos_embed")
                    || k.startsWith("norm.") || k.startsWith("LayerNorm.");
        }
        return false;
    }

    /** LayoutLMv3's processor boxes {@code <s>} and {@code </s>} with zeros. */
    @Override
    public long[][] specialTokenBoxes() {
        return new long[][] {{0, 0, 0, 0}, {0, 0, 0, 0}};
    }

    /** 3 x size x size, RGB, normalised ({@link LayoutLMv3ImageProcessor}). */
    @Override
    public int[] pageShape() {
        return new int[] {3, pages.size(), pages.size()};
    }

    @Override
    public float[] preparePage(Path image) throws IOException {
        return pages.read(image);
    }

    /** How this model's pages are prepared. */
    public LayoutLMv3ImageProcessor pageProcessor() {
        return pages;
    }

    /**
     * Inference on arrays already on this model's device; results belong to the inputs' manager.
     *
     * @param tokenTypes may be null
     * @param pixels     (B, C, input_size, input_size) as the image processor makes it (normalised), or null
     * @param stages     also return every hidden state
     */
    public LayoutLMv3ForTokenClassification.Output predict(NDArray inputIds, NDArray bbox, NDArray attentionMask,
                                                           NDArray tokenTypes, NDArray pixels, boolean stages) {
        ParameterStore ps = new ParameterStore(inputIds.getManager(), false);
        return block.forward(ps, inputIds, bbox, attentionMask, tokenTypes, pixels, false, stages);
    }

    /** {@code image}: the normalised page, or null to read the text alone. */
    @Override
    public NDArray logits(NDArray inputIds, NDArray bbox, NDArray attentionMask, NDArray tokenTypes,
                          NDArray image) {
        return predict(inputIds, bbox, attentionMask, tokenTypes, image, false).logits();
    }

    /**
     * Writes this model as a Hugging Face folder: {@code config.json} and {@code model.safetensors}
     * under transformers' tensor names, so that it loads back here and in Python
     * ({@code LayoutLMv3ForTokenClassification.from_pretrained}), with the page settings as
     * {@code preprocessor_config.json} when the model reads the page. Tokenizer files are the
     * caller's to copy. Every file is replaced atomically.
     */
    @Override
    public void save(Path folder) throws IOException {
        super.save(folder);
        if (config().visualEmbed()) {
            AtomicFiles.writeString(folder.resolve(LayoutLMv3ImageProcessor.FILE), pages.toJson());
        }
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
