package com.layoutlens.model.layoutlmv3;

import ai.djl.Device;
import com.layoutlens.model.EncoderSettings;
import com.layoutlens.model.LoadOptions;
import com.layoutlens.model.ModelConfig;
import com.layoutlens.model.ModelFolderException;
import com.layoutlens.model.TokenClassifier;
import com.layoutlens.model.WeightLoader;
import com.layoutlens.model.checkpoint.Checkpoint;
import com.layoutlens.model.family.EncoderConfig;
import com.layoutlens.model.family.ModelFamily;
import com.layoutlens.model.family.ModelSize;
import com.layoutlens.model.family.PageGrid;
import com.layoutlens.model.forward.ForwardArchitecture;

import java.nio.file.Path;
import java.util.List;

/** LayoutLMv3: text, layout and the page as patches in one transformer; RoBERTa's byte-level BPE. */
public final class LayoutLMv3Family implements ModelFamily {

    @Override
    public String modelType() {
        return "layoutlmv3";
    }

    @Override
    public String displayName() {
        return "LayoutLMv3";
    }

    @Override
    public String summary() {
        return "text, layout and the page image as patches (224 x 224 RGB, 16-pixel patches)";
    }

    @Override
    public List<List<String>> tokenizerFiles() {
        return List.of(List.of("tokenizer.json"), List.of("vocab.json", "merges.txt"));
    }

    @Override
    public TokenizerKind tokenizerKind() {
        return TokenizerKind.BYTE_LEVEL_BPE;
    }

    @Override
    public ModelConfig readConfig(Path folder) throws ModelFolderException {
        return LayoutLMv3Config.read(folder);
    }

    @Override
    public WeightLoader.Plan check(ModelConfig config, Checkpoint source) {
        return LayoutLMv3Model.check((LayoutLMv3Config) config, source);
    }

    @Override
    public TokenClassifier load(Path folder, Device device, LoadOptions options) throws ModelFolderException {
        return LayoutLMv3Model.load(folder, device, options);
    }

    @Override
    public TokenClassifier create(ModelConfig config, Device device, boolean trainable) {
        return LayoutLMv3Model.create((LayoutLMv3Config) config, device, trainable);
    }

    /**
     * transformers' {@code LayoutLMv3Config} defaults at this size: RoBERTa's special ids (pad 1,
     * bos 0, eos 2) and 514 positions (512 text tokens after the padding id), 1024 coordinates, one
     * token type, LayerNorm eps 1e-5, both relative attention biases, the visual branch on a
     * 224-pixel page in 16-pixel patches; the hidden width split into four coordinate and two
     * shape embeddings as transformers requires.
     */
    @Override
    public LayoutLMv3Config freshConfig(ModelSize s, int vocabSize, List<String> labels) {
        return withEncoder(s.encoder(vocabSize, 514, 1, 1e-5f, 1), s, labels);
    }

    @Override
    public PageGrid pageGrid(ModelConfig config) {
        LayoutLMv3Config c = (LayoutLMv3Config) config;
        if (!c.visualEmbed()) {
            return null;
        }
        int n = c.patchGrid();
        return new PageGrid(c.inputSize(), n, "The page as LayoutLMv3 reads it: resized to " + c.inputSize() + " x "
                + c.inputSize() + " and cut into " + n + " x " + n + " patches of " + c.patchSize() + " pixels (input_size / "
                + "patch_size squared = " + n * n + " visual tokens, after the CLS token).");
    }

    @Override
    public List<String> encoderTypes() {
        return List.of("roberta");
    }

    @Override
    public LayoutLMv3Config configFromEncoder(EncoderConfig e, List<String> labels) {
        return withEncoder(e.settings(), e.size(), labels);
    }

    /**
     * The LayoutLMv3 parts of a configuration at this size around {@code encoder}: RoBERTa's bos
     * and eos ids, coordinate and shape widths, both relative attention biases, the visual branch
     * on a 224-pixel page in 16-pixel patches.
     */
    private static LayoutLMv3Config withEncoder(EncoderSettings encoder, ModelSize s, List<String> labels) {
        return new LayoutLMv3Config(encoder, 0, 2, labels, s.coordinateSize(), s.shapeSize(), true, 32, 128, true, 64,
                256, true, true, 224, 16, 3, null);
    }

    @Override
    public TokenClassifier loadEncoder(Path encoderFolder, ModelConfig config, Device device)
            throws ModelFolderException {
        return LayoutLMv3Model.loadEncoder(encoderFolder, (LayoutLMv3Config) config, device);
    }

    @Override
    public ForwardArchitecture forward(Path folder) throws ModelFolderException {
        return LayoutLMv3Forward.open(folder);
    }
}
