package com.layoutlens.train;

import com.layoutlens.model.family.ModelSize;

import java.util.List;
import java.util.Locale;

/**
 * Named model sizes for training from scratch: {@code tiny} and {@code small} train on a CPU
 * in minutes; {@code base} has the hub's base widths (768 hidden, 12 layers, 12 heads, 3072
 * feed-forward), for measuring speed at the size real checkpoints have. Fresh weights learn
 * far slower than a pre-trained model fine-tunes, hence a larger default learning rate.
 * The same size gives every family's configuration ({@code ModelFamily.freshConfig}): the
 * text encoder has these widths, and each family scales the rest (LayoutLMv2's visual
 * backbone) with the hidden width.
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
    /** The hub's base size ({@code bert-base}, {@code layoutlm-base}), at most BERT's 30,522 words. */
    public static final Preset BASE = new Preset("base", 768, 12, 12, 3072, 30522, 5e-5);

    public static List<Preset> all() {
        return List.of(TINY, SMALL, BASE);
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

    /** The widths every family makes a fresh model of this size with. */
    public ModelSize size() {
        return new ModelSize(hidden, layers, heads, intermediate);
    }
}
