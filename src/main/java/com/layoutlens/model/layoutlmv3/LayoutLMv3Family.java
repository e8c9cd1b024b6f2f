package com.layoutlens.model.layoutlmv3;

import com.layoutlens.model.EncoderSettings;
import com.layoutlens.model.LayoutSettings;
import com.layoutlens.model.ModelConfig;
import com.layoutlens.model.family.EncoderConfig;
import com.layoutlens.model.family.DeclaredFamily;
import com.layoutlens.model.family.ModelSize;
import com.layoutlens.model.family.PageGrid;

import java.util.List;

/** LayoutLMv3: text, layout and the page as patches in one transformer; RoBERTa's byte-level BPE. */
public final class LayoutLMv3Family extends DeclaredFamily<LayoutLMv3Config> {

    public LayoutLMv3Family() {
        super(new Description("layoutlmv3", "LayoutLMv3",
                        "text, layout and the page image as patches (224 x 224 RGB, 16-pixel patches)",
                        TokenizerKind.BYTE_LEVEL_BPE, List.of(List.of("tokenizer.json"),
                        List.of("vocab.json", "merges.txt")), List.of("roberta")),
                new Parts<>(LayoutLMv3Config.class, LayoutLMv3Config::read, LayoutLMv3Model::check,
                        LayoutLMv3Model::load, LayoutLMv3Model::create, LayoutLMv3Model::loadEncoder, LayoutLMv3Forward::new));
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
        LayoutLMv3Config c = own(config);
        if (!c.visualEmbed()) {
            return null;
        }
        int n = c.patchGrid();
        return new PageGrid(c.inputSize(), n, "The page as LayoutLMv3 reads it: resized to " + c.inputSize() + " x "
                + c.inputSize() + " and cut into " + n + " x " + n + " patches of " + c.patchSize() + " pixels (input_size / "
                + "patch_size squared = " + n * n + " visual tokens, after the CLS token).");
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
        return new LayoutLMv3Config(encoder, 0, 2, labels, LayoutSettings.defaults(s.coordinateSize(),
                s.shapeSize()), true, true, 224, 16, 3, null);
    }
}
