package com.layoutlens.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.layoutlens.model.nn.RelativeBiases;

import static com.layoutlens.model.ConfigJson.boolOf;
import static com.layoutlens.model.ConfigJson.intOf;
import static com.layoutlens.model.EncoderSettings.check;

/**
 * The {@code config.json} keys LayoutLMv2 and LayoutLMv3 share beyond the encoder's
 * ({@link EncoderSettings}): the widths of the concatenated 2D position tables and the bucketed
 * relative attention biases, read, checked and written in one place. Absent keys take
 * transformers' defaults, which are the same in both families.
 *
 * @param coordinateSize           width of the x and y tables
 * @param shapeSize                width of the h and w tables
 * @param hasRelativeAttentionBias add the bucketed 1D relative position bias to the attention scores
 * @param relPosBins               its buckets
 * @param maxRelPos                distance at which its buckets saturate
 * @param hasSpatialAttentionBias  add the bucketed 2D (x of x0, y of y1) relative bias
 * @param rel2dPosBins             its buckets
 * @param maxRel2dPos              distance at which its buckets saturate
 */
public record LayoutSettings(int coordinateSize, int shapeSize, boolean hasRelativeAttentionBias, int relPosBins,
                             int maxRelPos, boolean hasSpatialAttentionBias, int rel2dPosBins, int maxRel2dPos) {

    public LayoutSettings {
        check(!hasRelativeAttentionBias || (relPosBins >= 4 && maxRelPos > relPosBins / 4),
                "rel_pos_bins / max_rel_pos out of range");
        check(!hasSpatialAttentionBias || (rel2dPosBins >= 4 && maxRel2dPos > rel2dPosBins / 4),
                "rel_2d_pos_bins / max_rel_2d_pos out of range");
    }

    /** transformers' defaults (both biases, 32 buckets up to 128, 64 up to 256) with these table widths. */
    public static LayoutSettings defaults(int coordinateSize, int shapeSize) {
        return new LayoutSettings(coordinateSize, shapeSize, true, 32, 128, true, 64, 256);
    }

    /**
     * The shared keys of a parsed {@code config.json}.
     *
     * @throws IllegalArgumentException for a value of the wrong kind or out of range
     */
    public static LayoutSettings parse(JsonNode root) {
        return new LayoutSettings(
                intOf(root, "coordinate_size", 128),
                intOf(root, "shape_size", 128),
                boolOf(root, "has_relative_attention_bias", true),
                intOf(root, "rel_pos_bins", 32),
                intOf(root, "max_rel_pos", 128),
                boolOf(root, "has_spatial_attention_bias", true),
                intOf(root, "rel_2d_pos_bins", 64),
                intOf(root, "max_rel_2d_pos", 256));
    }

    /** Writes the shared keys, in transformers' order. */
    public void put(ObjectNode root) {
        root.put("coordinate_size", coordinateSize);
        root.put("shape_size", shapeSize);
        root.put("has_relative_attention_bias", hasRelativeAttentionBias);
        root.put("rel_pos_bins", relPosBins);
        root.put("max_rel_pos", maxRelPos);
        root.put("has_spatial_attention_bias", hasSpatialAttentionBias);
        root.put("rel_2d_pos_bins", rel2dPosBins);
        root.put("max_rel_2d_pos", maxRel2dPos);
    }

    /**
     * Checks the table widths against the encoder: the six concatenated lookups
     * ({@code x0 y0 x1 y1} at the coordinate width, {@code h w} at the shape width) must fill
     * the hidden width.
     *
     * @throws IllegalArgumentException when they do not
     */
    public void checkWidths(EncoderSettings encoder) {
        int hiddenSize = encoder.hiddenSize();
        check(4 * coordinateSize + 2 * shapeSize == hiddenSize, "4 coordinate_size + 2 shape_size ("
                + (4 * coordinateSize + 2 * shapeSize) + ") must equal hidden_size " + hiddenSize);
    }

    /** The bias tables these settings ask for, {@code heads} columns each, freshly drawn with {@code std}. */
    public RelativeBiases biases(int heads, float std) {
        return new RelativeBiases(heads, std, hasRelativeAttentionBias, relPosBins, maxRelPos,
                hasSpatialAttentionBias, rel2dPosBins, maxRel2dPos);
    }
}
