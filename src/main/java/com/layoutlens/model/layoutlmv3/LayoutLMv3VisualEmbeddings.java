package com.layoutlens.model.layoutlmv3;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.Initializer;
import com.layoutlens.model.nn.HfConv2d;
import com.layoutlens.model.nn.HfLayerNorm;
import com.layoutlens.model.nn.UnaryModule;

/**
 * The page as LayoutLMv3 reads it (the ViT-style part of transformers' {@code LayoutLMv3Model},
 * registered under {@code layoutlmv3.}): {@code patch_embed.proj}, a Conv2d with kernel and stride
 * {@code patch_size}, cuts the (B, C, H, W) page into a grid of patches; the learnt
 * {@code cls_token} goes in front, {@code pos_embed} (one row per token, CLS first) is added, and
 * {@code norm} (LayerNorm, epsilon 1e-6) closes it: (B, 1 + grid², hidden).
 *
 * <p>The page must be {@code input_size} pixels square (more precisely: give exactly
 * {@code input_size / patch_size} patches per side), since {@code pos_embed} is added as it is;
 * transformers fails on other sizes too.
 */
public final class LayoutLMv3VisualEmbeddings extends UnaryModule {

    private final LayoutLMv3Config config;
    private final HfConv2d proj;
    private final Parameter clsToken;
    private final Parameter posEmbed;
    private final HfLayerNorm norm;

    public LayoutLMv3VisualEmbeddings(LayoutLMv3Config config) {
        this.config = config;
        int hidden = config.hiddenSize();
        int grid = config.patchGrid();
        proj = child("patch_embed.proj", new HfConv2d(config.numChannels(), hidden, config.patchSize(),
                config.patchSize(), 0, 1, 1, true));
        // transformers starts both at zero
        clsToken = weight("cls_token", new Shape(1, 1, hidden), Parameter.Type.WEIGHT, Initializer.ZEROS);
        posEmbed = weight("pos_embed", new Shape(1, 1L + (long) grid * grid, hidden), Parameter.Type.WEIGHT,
                Initializer.ZEROS);
        norm = child("norm", new HfLayerNorm(hidden, LayoutLMv3Config.PATCH_NORM_EPS));
    }

    /**
     * Checks a page's shape against the configuration.
     *
     * @throws IllegalArgumentException naming the expected shape
     */
    public static void checkShape(LayoutLMv3Config config, Shape pixels, long batch) {
        int p = config.patchSize();
        int grid = config.patchGrid();
        if (pixels.dimension() != 4 || pixels.get(0) != batch || pixels.get(1) != config.numChannels()
                || pixels.get(2) / p != grid || pixels.get(3) / p != grid) {
            throw new IllegalArgumentException("pixel_values must be (" + batch + ", " + config.numChannels()
                    + ", " + config.inputSize() + ", " + config.inputSize() + ") (input_size " + config.inputSize()
                    + ", patch_size " + p + "), got " + pixels);
        }
    }

    /** (B, C, H, W) float32 -> (B, 1 + grid², hidden). */
    @Override
    public NDArray apply(ParameterStore ps, NDArray pixels, boolean training) {
        NDArray patches = proj.apply(ps, pixels, training); // (B, hidden, grid, grid)
        Shape s = patches.getShape();
        long batch = s.get(0);
        long hidden = s.get(1);
        patches = patches.reshape(batch, hidden, s.get(2) * s.get(3)).transpose(0, 2, 1);
        NDArray cls = ps.getValue(clsToken, pixels.getDevice(), training);
        NDArray clsRows = cls.broadcast(new Shape(batch, 1, hidden));
        clsRows.attach(pixels.getManager()); // a view of the model's weight: it must not stay with the model
        NDArray tokens = clsRows.concat(patches, 1).add(ps.getValue(posEmbed, pixels.getDevice(), training));
        return norm.apply(ps, tokens, training);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {new Shape(inputShapes[0].get(0), config.visualTokens(), config.hiddenSize())};
    }
}
