package com.layoutlens.model.layoutlmv2;

import com.layoutlens.model.ModelFolderException;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LayoutLMv2ConfigTest {

    private static LayoutLMv2Config parse(String json) throws ModelFolderException {
        return LayoutLMv2Config.parse(json, "config.json");
    }

    private static String failure(String json) {
        return assertThrows(ModelFolderException.class, () -> parse(json)).getMessage();
    }

    @Test
    void absentKeysTakeTransformersDefaultsIncludingTheResNeXt101Backbone() throws ModelFolderException {
        LayoutLMv2Config c = parse("{\"model_type\": \"layoutlmv2\"}");
        assertEquals(768, c.hiddenSize());
        assertEquals(128, c.layout().coordinateSize());
        assertTrue(c.fastQkv() && c.layout().hasRelativeAttentionBias() && c.layout().hasSpatialAttentionBias());
        assertFalse(c.hasVisualSegmentEmbedding());
        assertEquals(32, c.layout().relPosBins());
        assertEquals(256, c.layout().maxRel2dPos());
        assertEquals(49, c.visualTokens());
        BackboneConfig b = c.backbone();
        assertEquals(101, b.depth());
        assertEquals(32, b.numGroups());
        assertEquals(8, b.widthPerGroup());
        assertFalse(b.strideIn1x1());
        assertEquals(4, b.stages());
        assertEquals(List.of(2, 3, 4, 5), b.fpnLevels());
        assertEquals(256, b.fpnOutChannels());
        assertEquals("FrozenBN", b.norm());
        assertArrayEquals(new float[] {103.53f, 116.28f, 123.675f}, b.pixelMean());
        assertArrayEquals(new float[] {57.375f, 57.12f, 58.395f}, b.pixelStd());
    }

    @Test
    void givenArgumentsApplyOverDetectron2sDefaults() throws ModelFolderException {
        // detectron2's own defaults: ResNet-50, stride in the 1x1, res4 only unless told
        LayoutLMv2Config c = parse("{\"model_type\": \"layoutlmv2\", \"image_feature_pool_shape\": [7, 7, 256],"
                + " \"detectron2_config_args\": {\"MODEL.BACKBONE.NAME\": \"build_resnet_fpn_backbone\","
                + " \"MODEL.RESNETS.OUT_FEATURES\": [\"res2\", \"res3\"], \"MODEL.FPN.IN_FEATURES\": [\"res2\", \"res3\"],"
                + " \"MODEL.ANCHOR_GENERATOR.SIZES\": [[32]]}}");
        BackboneConfig b = c.backbone();
        assertEquals(50, b.depth());
        assertEquals(1, b.numGroups());
        assertEquals(64, b.widthPerGroup());
        assertTrue(b.strideIn1x1());
        assertEquals(2, b.stages());
        assertArrayEquals(new float[] {1f, 1f, 1f}, b.pixelStd());
    }

    @Test
    void twoEntryPoolShapeTakesTheFpnChannels() throws ModelFolderException {
        LayoutLMv2Config c = parse("{\"model_type\": \"layoutlmv2\", \"image_feature_pool_shape\": [3, 5]}");
        assertEquals(3, c.poolRows());
        assertEquals(5, c.poolCols());
        assertEquals(15, c.visualTokens());
    }

    @Test
    void unsupportedOrInconsistentSettingsAreNamed() {
        assertTrue(failure("{\"model_type\": \"layoutlm\"}").contains("expected 'layoutlmv2'"));
        assertTrue(failure("{\"model_type\": \"layoutlmv2\", \"coordinate_size\": 100}").contains("shape_size"));
        assertTrue(failure("{\"model_type\": \"layoutlmv2\", \"image_feature_pool_shape\": [7, 7, 128]}")
                .contains("channels"));
        assertTrue(failure("{\"model_type\": \"layoutlmv2\", \"detectron2_config_args\": {"
                + "\"MODEL.BACKBONE.NAME\": \"build_resnet_fpn_backbone\", \"MODEL.FPN.IN_FEATURES\": [\"res2\"],"
                + "\"MODEL.RESNETS.OUT_FEATURES\": [\"res2\"], \"MODEL.RESNETS.DEFORM_ON_PER_STAGE\": [false, true, false, false]}}")
                .contains("DEFORM_ON_PER_STAGE"));
        assertTrue(failure("{\"model_type\": \"layoutlmv2\", \"detectron2_config_args\": {"
                + "\"MODEL.BACKBONE.NAME\": \"build_resnet_fpn_backbone\", \"MODEL.FPN.IN_FEATURES\": [\"res3\", \"res4\"],"
                + "\"MODEL.RESNETS.OUT_FEATURES\": [\"res4\"]}}").contains("res2"));
        assertTrue(failure("{\"model_type\": \"layoutlmv2\", \"detectron2_config_args\": {"
                + "\"MODEL.BACKBONE.NAME\": \"build_resnet_fpn_backbone\", \"MODEL.FPN.IN_FEATURES\": [\"res2\"],"
                + "\"MODEL.RESNETS.OUT_FEATURES\": [\"res2\"], \"MODEL.RESNETS.DEPTH\": 18}}").contains("RES2_OUT_CHANNELS"));
        assertTrue(failure("{\"model_type\": \"layoutlmv2\", \"detectron2_config_args\": {"
                + "\"MODEL.BACKBONE.NAME\": \"build_resnet_backbone\"}}").contains("build_resnet_fpn_backbone"));
        assertTrue(failure("{\"model_type\": \"layoutlmv2\", \"max_position_embeddings\": 40}").contains("visual cells"));
    }

    @Test
    void gridBoxesTileThePageRowMajor() {
        long[] b = com.layoutlens.model.nn.LayoutTables.gridBoxes(7, 7);
        assertArrayEquals(new long[] {0, 0, 142, 142}, java.util.Arrays.copyOfRange(b, 0, 4));
        assertArrayEquals(new long[] {142, 0, 285, 142}, java.util.Arrays.copyOfRange(b, 4, 8));
        assertArrayEquals(new long[] {857, 857, 1000, 1000}, java.util.Arrays.copyOfRange(b, 48 * 4, 49 * 4));
        long[] r = com.layoutlens.model.nn.LayoutTables.gridBoxes(2, 3); // rows, cols
        assertArrayEquals(new long[] {0, 500, 333, 1000}, java.util.Arrays.copyOfRange(r, 3 * 4, 4 * 4));
    }
}
