package com.layoutlens.model.layoutlmv2;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.layoutlens.model.ConfigJson;
import com.layoutlens.model.EncoderSettings;
import com.layoutlens.model.LayoutSettings;
import com.layoutlens.model.ModelFolderException;
import com.layoutlens.model.TransformerConfig;
import com.layoutlens.model.nn.TransformerLayer;

import java.nio.file.Path;
import java.util.List;

import static com.layoutlens.model.ConfigJson.boolOf;
import static com.layoutlens.model.EncoderSettings.check;
import static com.layoutlens.model.ConfigJson.labelsOf;

/**
 * The hyper-parameters of a LayoutLMv2 token classifier from a Hugging Face
 * {@code config.json}; absent keys take the defaults of transformers' {@code LayoutLMv2Config}.
 *
 * @param encoder                    the keys every family's encoder shares; its hidden width equals
 *                                   4 coordinate_size + 2 shape_size, and its 1D positions count text
 *                                   tokens and visual cells each from 0
 * @param labels                     class names by id
 * @param layout                     the 2D position table widths and the relative attention biases, as
 *                                   LayoutLMv3 has them too
 * @param fastQkv                    one bias-free qkv projection with q and v biases (else separate q, k, v)
 * @param hasVisualSegmentEmbedding  a learnt vector added to every visual embedding
 * @param poolRows                   rows of the pooled image grid
 * @param poolCols                   columns of the pooled image grid
 * @param backbone                   the visual backbone
 */
public record LayoutLMv2Config(EncoderSettings encoder, List<String> labels, LayoutSettings layout, boolean fastQkv,
                               boolean hasVisualSegmentEmbedding, int poolRows, int poolCols,
                               BackboneConfig backbone) implements TransformerConfig {

    /** The image side the processor resizes every page to. */
    public static final int IMAGE_SIZE = 224;

    public LayoutLMv2Config {
        labels = List.copyOf(labels);
        layout.checkWidths(encoder);
        check(encoder.max2dPositionEmbeddings() > 1000,
                "max_2d_position_embeddings must exceed 1000 (the grid's boxes reach it)");
        check(poolRows > 0 && poolCols > 0, "image_feature_pool_shape must be positive");
        check(encoder.maxPositionEmbeddings() >= poolRows * poolCols, "max_position_embeddings "
                + encoder.maxPositionEmbeddings() + " is smaller than the " + poolRows * poolCols + " visual cells");
        check(!labels.isEmpty(), "the model needs at least one label");
    }

    /** Visual tokens appended after the text: the pooled grid's cells. */
    @Override
    public int visualTokens() {
        return poolRows * poolCols;
    }

    @Override
    public String modelType() {
        return "layoutlmv2";
    }

    @Override
    public int maxTextLength() {
        return maxPositionEmbeddings();
    }

    @Override
    public boolean needsImage() {
        return true;
    }

    /** The sizes of one encoder layer. */
    public TransformerLayer.Settings layerSettings() {
        return encoder.layerSettings(fastQkv, true);
    }

    /** The same model with another label set (a fresh head). */
    public LayoutLMv2Config withLabels(List<String> newLabels) {
        return new LayoutLMv2Config(encoder, newLabels, layout, fastQkv, hasVisualSegmentEmbedding, poolRows,
                poolCols, backbone);
    }

    /**
     * The {@code config.json} text: every field this class reads, under transformers' keys,
     * so that {@link #parse} and transformers' {@code LayoutLMv2Config} both rebuild this
     * configuration from it (the backbone as {@code detectron2_config_args}, the pooled grid
     * with its channel count as {@code image_feature_pool_shape}).
     */
    public String toJson() {
        ObjectNode root = ConfigJson.newConfig("LayoutLMv2ForTokenClassification", "layoutlmv2");
        encoder.put(root);
        layout.put(root);
        root.put("fast_qkv", fastQkv);
        root.put("has_visual_segment_embedding", hasVisualSegmentEmbedding);
        root.putArray("image_feature_pool_shape").add(poolRows).add(poolCols).add(backbone.fpnOutChannels());
        root.set("detectron2_config_args", backbone.toArgs());
        return ConfigJson.write(root, labels);
    }

    /** Reads {@code config.json} from a model folder, or the given file. */
    public static LayoutLMv2Config read(Path folderOrFile) throws ModelFolderException {
        return ConfigJson.read(folderOrFile, LayoutLMv2Config::parse);
    }

    /**
     * Parses the text of a {@code config.json}.
     *
     * @param source the file name used in error messages
     */
    public static LayoutLMv2Config parse(String json, String source) throws ModelFolderException {
        return ConfigJson.parse(json, source, "layoutlmv2", "", LayoutLMv2Config::fromJson);
    }

    /** The configuration a parsed {@code config.json} describes; IllegalArgumentException for a bad value. */
    private static LayoutLMv2Config fromJson(JsonNode root) {
        BackboneConfig backbone = BackboneConfig.parse(root.get("detectron2_config_args"));
        int rows = 7;
        int cols = 7;
        JsonNode pool = root.get("image_feature_pool_shape");
        if (pool != null && !pool.isNull()) {
            if (!pool.isArray() || (pool.size() != 2 && pool.size() != 3)) {
                throw new IllegalArgumentException("image_feature_pool_shape must be [rows, cols] or "
                        + "[rows, cols, channels]");
            }
            rows = pool.get(0).asInt();
            cols = pool.get(1).asInt();
            if (pool.size() == 3 && pool.get(2).asInt() != backbone.fpnOutChannels()) {
                throw new IllegalArgumentException("image_feature_pool_shape has " + pool.get(2).asInt()
                        + " channels, the backbone's FPN gives " + backbone.fpnOutChannels());
            }
        } else if (backbone.fpnOutChannels() != 256) {
            throw new IllegalArgumentException("the default image_feature_pool_shape [7, 7, 256] does not match "
                    + "the FPN's " + backbone.fpnOutChannels() + " channels");
        }
        return new LayoutLMv2Config(
                EncoderSettings.parse(root, 30522, 1e-12f, 0),
                labelsOf(root),
                LayoutSettings.parse(root),
                boolOf(root, "fast_qkv", true),
                boolOf(root, "has_visual_segment_embedding", false),
                rows, cols, backbone);
    }
}
