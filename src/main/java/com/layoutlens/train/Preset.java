package com.layoutlens.train;

import com.layoutlens.model.layoutlm.LayoutLMConfig;
import com.layoutlens.model.layoutlmv2.BackboneConfig;
import com.layoutlens.model.layoutlmv2.LayoutLMv2Config;

import java.util.List;
import java.util.Locale;

/**
 * Named model sizes for training from scratch on a CPU in minutes. Fresh weights learn
 * far slower than a pre-trained model fine-tunes, hence a larger default learning rate.
 * The same size gives a LayoutLM and a LayoutLMv2 configuration; v2's text encoder has the
 * same widths, and its visual backbone is scaled down with the hidden width (see
 * {@link #layoutlmv2}).
 *
 * @param name          what {@code --config} calls it
 * @param hidden        hidden width
 * @param layers        encoder layers
 * @param heads         attention heads
 * @param intermediate  feed-forward width
 * @param maxVocab      the most WordPiece entries built from the training words
 * @param learningRate  the default peak learning rate for this size
 */
public record Preset(String name, int hidden, int layers, int heads, int intermediate, int maxVocab,
                     double learningRate) {

    public static final Preset TINY = new Preset("tiny", 64, 2, 2, 256, 4000, 1e-3);
    public static final Preset SMALL = new Preset("small", 128, 4, 4, 512, 8000, 5e-4);

    public static List<Preset> all() {
        return List.of(TINY, SMALL);
    }

    /** The preset of a name, or null. */
    public static Preset named(String name) {
        for (Preset p : all()) {
            if (p.name.equals(name.trim().toLowerCase(Locale.ROOT))) {
                return p;
            }
        }
        return null;
    }

    /** LayoutLM's configuration at this size: 512 positions, 1024 coordinates, gelu, dropout 0.1. */
    public LayoutLMConfig layoutlm(int vocabSize, List<String> labels) {
        return new LayoutLMConfig(vocabSize, hidden, layers, heads, intermediate, "gelu", 0.1f, 0.1f, 512, 1024, 2,
                0.02f, 1e-12f, 0, labels);
    }

    /**
     * LayoutLMv2's configuration at this size: the text encoder of {@link #layoutlm} (512
     * positions, 1024 coordinates, gelu, dropout 0.1) with transformers' defaults for the
     * relative and spatial attention biases and the fused qkv projection; the hidden width
     * is split into four coordinate and two shape embeddings as transformers requires
     * ({@code 4 coordinate_size + 2 shape_size = hidden_size}).
     *
     * <p>The visual backbone keeps the structure of the real models (a detectron2
     * ResNet-50 bottleneck network over res2..res5 with an FPN, frozen batch norms, a
     * 224-pixel page, a 7x7 pooled grid), but narrow: bottleneck width {@code hidden/8} in
     * res2, stem {@code hidden/4}, res2 and FPN {@code hidden/2} channels (tiny: 8, 16, 32,
     * 32), so that it costs a few hundred thousand weights rather than the 60 million of
     * the hub's ResNeXt-101. transformers builds it from the same arguments.
     */
    public LayoutLMv2Config layoutlmv2(int vocabSize, List<String> labels) {
        int shape = hidden / 6;
        while ((hidden - 2 * shape) % 4 != 0) {
            shape--;
        }
        int coordinate = (hidden - 2 * shape) / 4;
        int width = Math.max(1, hidden / 8);
        BackboneConfig backbone = BackboneConfig.resnetFpn(50, 1, width, 2 * width, 4 * width, 4 * width);
        return new LayoutLMv2Config(vocabSize, hidden, layers, heads, intermediate, "gelu", 0.1f, 0.1f, 512, 1024, 2,
                0.02f, 1e-12f, 0, labels, coordinate, shape, true, 32, 128, true, 64, 256, true, false, 7, 7,
                backbone);
    }
}
