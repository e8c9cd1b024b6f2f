package com.layoutlens.model.layoutlm;

import com.layoutlens.model.family.EncoderConfig;
import com.layoutlens.model.family.DeclaredFamily;
import com.layoutlens.model.family.ModelSize;

import java.util.List;

/** LayoutLM (v1): text and layout, BERT's WordPiece vocabulary. */
public final class LayoutLMFamily extends DeclaredFamily<LayoutLMConfig> {

    public LayoutLMFamily() {
        super(new Description("layoutlm", "LayoutLM", "text and 2D layout", TokenizerKind.WORDPIECE,
                        List.of(List.of("tokenizer.json"), List.of("vocab.txt")), List.of("bert")),
                new Parts<>(LayoutLMConfig.class, LayoutLMConfig::read, LayoutLMModel::check, LayoutLMModel::load,
                        LayoutLMModel::create, LayoutLMModel::loadEncoder, LayoutLMForward::new));
    }

    /** 512 positions, 1024 coordinates, gelu, dropout 0.1. */
    @Override
    public LayoutLMConfig freshConfig(ModelSize s, int vocabSize, List<String> labels) {
        return new LayoutLMConfig(s.encoder(vocabSize, 512, 2, 1e-12f, 0), labels);
    }

    @Override
    public LayoutLMConfig configFromEncoder(EncoderConfig e, List<String> labels) {
        return new LayoutLMConfig(e.settings(), labels);
    }
}
