package com.layoutlens.model;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.NDManager;
import com.layoutlens.data.AtomicFiles;
import com.layoutlens.model.checkpoint.Checkpoints;
import com.layoutlens.model.checkpoint.SafetensorsWriter;
import com.layoutlens.model.checkpoint.Tensor;
import com.layoutlens.model.nn.HfModule;
import com.layoutlens.model.nn.WeightSlot;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What every family's loaded model shares: the DJL model that owns the weights, the block and
 * the configuration it was built from (which answers the padding id, the longest text and
 * whether the page is read), the load's report and the folder, and saving as a Hugging Face
 * folder.
 *
 * @param <C> the family's configuration
 * @param <B> the family's token classification block
 */
public abstract class FamilyModel<C extends TransformerConfig, B extends HfModule> implements TokenClassifier {

    protected final Model model;
    protected final B block;
    private final C config;
    private final WeightLoader.Report report;
    private final Path folder;

    protected FamilyModel(Model model, B block, C config, WeightLoader.Report report, Path folder) {
        this.model = model;
        this.block = block;
        this.config = config;
        this.report = report;
        this.folder = folder;
    }

    /** The configuration the block was built from. */
    public C config() {
        return config;
    }

    @Override
    public int padTokenId() {
        return config.padTokenId();
    }

    @Override
    public int maxTextLength() {
        return config.maxTextLength();
    }

    @Override
    public int typeVocabSize() {
        return config.typeVocabSize();
    }

    @Override
    public ForwardShape forwardShape() {
        return new ForwardShape(config.numAttentionHeads(), config.intermediateSize(), config.visualTokens());
    }

    @Override
    public boolean needsImage() {
        return config.needsImage();
    }

    public B block() {
        return block;
    }

    /** The folder it was loaded from, or null. */
    @Override
    public Path folder() {
        return folder;
    }

    /** The DJL model that owns the weights (for a trainer). */
    public Model djlModel() {
        return model;
    }

    @Override
    public List<String> labels() {
        return config().labels();
    }

    @Override
    public NDManager manager() {
        return model.getNDManager();
    }

    @Override
    public Device device() {
        return model.getNDManager().getDevice();
    }

    /** What the load found: tensors loaded, fresh, ignored, unexpected. */
    @Override
    public WeightLoader.Report report() {
        return report;
    }

    /**
     * Writes this model as a Hugging Face folder: {@code config.json} and
     * {@code model.safetensors} with transformers' tensor names (buffers loaded as weights
     * included), so that it loads back here and in Python ({@code from_pretrained}; transformers
     * then initialises an unused pooler afresh). Tokenizer files are the caller's to copy. Both
     * files are replaced atomically.
     */
    @Override
    public void save(Path folder) throws IOException {
        Files.createDirectories(folder);
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        for (WeightSlot slot : block.weightSlots("")) {
            float[] values = slot.parameter().getArray().toFloatArray();
            tensors.put(slot.name(), Tensor.of(values, slot.shape().getShape()));
        }
        SafetensorsWriter.write(folder.resolve(Checkpoints.SAFETENSORS), tensors, Map.of("format", "pt"));
        AtomicFiles.writeString(folder.resolve("config.json"), config().toJson());
    }

    @Override
    public List<WeightSlot> trainableWeights() {
        return block.weightSlots("").stream().filter(s -> s.parameter().requiresGradient()).toList();
    }

    @Override
    public void close() {
        model.close();
    }
}
