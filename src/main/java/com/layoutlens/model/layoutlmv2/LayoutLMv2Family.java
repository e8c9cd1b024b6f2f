package com.layoutlens.model.layoutlmv2;

import com.layoutlens.model.EncoderSettings;
import com.layoutlens.model.LayoutSettings;
import com.layoutlens.model.ModelConfig;
import com.layoutlens.model.family.EncoderConfig;
import com.layoutlens.model.family.DeclaredFamily;
import com.layoutlens.model.family.ModelSize;
import com.layoutlens.model.family.PageGrid;

import java.util.List;

/** LayoutLMv2: text, layout and the page through a detectron2 ResNet + FPN backbone. */
public final class LayoutLMv2Family extends DeclaredFamily<LayoutLMv2Config> {

    public LayoutLMv2Family() {
        super(new Description("layoutlmv2", "LayoutLMv2",
                        "text, layout and the page image (ResNet backbone, 224 x 224 BGR)", TokenizerKind.WORDPIECE,
                        List.of(List.of("tokenizer.json"), List.of("vocab.txt")), List.of("bert")),
                new Parts<>(LayoutLMv2Config.class, LayoutLMv2Config::read, LayoutLMv2Model::check,
                        LayoutLMv2Model::load, LayoutLMv2Model::create, LayoutLMv2Model::loadEncoder, LayoutLMv2Forward::new));
    }

    /**
     * The text encoder of LayoutLM at this size (512 positions, 1024 coordinates, gelu, dropout
     * 0.1) with transformers' defaults for the relative and spatial attention biases and the
     * fused qkv projection; the hidden width is split into four coordinate and two shape
     * embeddings as transformers requires ({@code 4 coordinate_size + 2 shape_size = hidden_size}).
     *
     * <p>The visual backbone keeps the structure of the real models (a detectron2 ResNet-50
     * bottleneck network over res2..res5 with an FPN, frozen batch norms, a 224-pixel page, a 7x7
     * pooled grid), but narrow: bottleneck width {@code hidden/8} in res2, stem {@code hidden/4},
     * res2 and FPN {@code hidden/2} channels (tiny: 8, 16, 32, 32), so that it costs a few hundred
     * thousand weights rather than the 60 million of the hub's ResNeXt-101. transformers builds it
     * from the same arguments.
     */
    @Override
    public LayoutLMv2Config freshConfig(ModelSize s, int vocabSize, List<String> labels) {
        return withEncoder(s.encoder(vocabSize, 512, 2, 1e-12f, 0), s, labels, true);
    }

    @Override
    public PageGrid pageGrid(ModelConfig config) {
        LayoutLMv2Config c = own(config);
        return new PageGrid(LayoutLMv2Config.IMAGE_SIZE, c.poolRows(), "The page as LayoutLMv2's visual branch sees it: "
                + "resized to 224 x 224 and pooled into the " + c.poolRows() + " x " + c.poolCols()
                + " grid of visual tokens.");
    }

    @Override
    public LayoutLMv2Config configFromEncoder(EncoderConfig e, List<String> labels) {
        // separate q, k, v projections, as BERT's layers have them
        return withEncoder(e.settings(), e.size(), labels, false);
    }

    /**
     * The LayoutLMv2 parts of a configuration at this size around {@code encoder}: coordinate
     * and shape widths, transformers' relative and spatial attention biases, a 7x7 pooled grid
     * and the narrow backbone {@link #freshConfig} describes.
     */
    private static LayoutLMv2Config withEncoder(EncoderSettings encoder, ModelSize s, List<String> labels,
                                                boolean fastQkv) {
        int width = Math.max(1, s.hidden() / 8);
        BackboneConfig backbone = BackboneConfig.resnetFpn(50, 1, width, 2 * width, 4 * width, 4 * width);
        return new LayoutLMv2Config(encoder, labels, LayoutSettings.defaults(s.coordinateSize(), s.shapeSize()),
                fastQkv, false, 7, 7, backbone);
    }
}
