package com.layoutlens.model.layoutlm;

import ai.djl.Device;
import com.layoutlens.model.LoadOptions;
import com.layoutlens.model.ModelConfig;
import com.layoutlens.model.ModelFolderException;
import com.layoutlens.model.TokenClassifier;
import com.layoutlens.model.WeightLoader;
import com.layoutlens.model.checkpoint.Checkpoint;
import com.layoutlens.model.family.EncoderConfig;
import com.layoutlens.model.family.ModelFamily;
import com.layoutlens.model.family.ModelSize;
import com.layoutlens.model.forward.ForwardArchitecture;

import java.nio.file.Path;
import java.util.List;

/** LayoutLM (v1): text and layout, BERT's WordPiece vocabulary. */
public final class LayoutLMFamily implements ModelFamily {

    @Override
    public String modelType() {
        return "layoutlm";
    }

    @Override
    public String displayName() {
        return "LayoutLM";
    }

    @Override
    public String summary() {
        return "text and 2D layout";
    }

    @Override
    public List<List<String>> tokenizerFiles() {
        return List.of(List.of("tokenizer.json"), List.of("vocab.txt"));
    }

    @Override
    public TokenizerKind tokenizerKind() {
        return TokenizerKind.WORDPIECE;
    }

    @Override
    public ModelConfig readConfig(Path folder) throws ModelFolderException {
        return LayoutLMConfig.read(folder);
    }

    @Override
    public WeightLoader.Plan check(ModelConfig config, Checkpoint source) {
        return LayoutLMModel.check((LayoutLMConfig) config, source);
    }

    @Override
    public TokenClassifier load(Path folder, Device device, LoadOptions options) throws ModelFolderException {
        return LayoutLMModel.load(folder, device, options);
    }

    @Override
    public TokenClassifier create(ModelConfig config, Device device, boolean trainable) {
        return LayoutLMModel.create((LayoutLMConfig) config, device, trainable);
    }

    /** 512 positions, 1024 coordinates, gelu, dropout 0.1. */
    @Override
    public LayoutLMConfig freshConfig(ModelSize s, int vocabSize, List<String> labels) {
        return new LayoutLMConfig(s.encoder(vocabSize, 512, 2, 1e-12f, 0), labels);
    }

    @Override
    public List<String> encoderTypes() {
        return List.of("bert");
    }

    @Override
    public LayoutLMConfig configFromEncoder(EncoderConfig e, List<String> labels) {
        return new LayoutLMConfig(e.settings(), labels);
    }

    @Override
    public TokenClassifier loadEncoder(Path encoderFolder, ModelConfig config, Device device)
            throws ModelFolderException {
        return LayoutLMModel.loadEncoder(encoderFolder, (LayoutLMConfig) config, device);
    }

    @Override
    public ForwardArchitecture forward(Path folder) throws ModelFolderException {
        return LayoutLMForward.open(folder);
    }
}
