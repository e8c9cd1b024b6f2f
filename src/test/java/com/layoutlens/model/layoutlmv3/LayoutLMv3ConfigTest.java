package com.layoutlens.model.layoutlmv3;

import com.layoutlens.model.ModelFolderException;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LayoutLMv3ConfigTest {

    private static LayoutLMv3Config parse(String json) throws ModelFolderException {
        return LayoutLMv3Config.parse(json, "config.json");
    }

    private static String failure(String json) {
        return assertThrows(ModelFolderException.class, () -> parse(json)).getMessage();
    }

    @Test
    void absentKeysTakeTheBaseModelsDefaults() throws ModelFolderException {
        LayoutLMv3Config c = parse("{\"model_type\": \"layoutlmv3\"}");
        assertEquals(50265, c.vocabSize());
        assertEquals(768, c.hiddenSize());
        assertEquals(1e-5f, c.layerNormEps());
        assertEquals(1, c.padTokenId());
        assertEquals(0, c.bosTokenId());
        assertEquals(2, c.eosTokenId());
        assertTrue(c.layout().hasRelativeAttentionBias() && c.layout().hasSpatialAttentionBias() && c.visualEmbed() && c.textEmbed());
        assertEquals(224, c.inputSize());
        assertEquals(16, c.patchSize());
        assertEquals(14, c.patchGrid());
        assertEquals(197, c.visualTokens());
        assertEquals(510, c.maxTextLength()); // text positions start at pad_token_id + 1 = 2
        assertNull(c.classifierDropout());
        assertFalse(c.twoLayerHead());
    }

    @Test
    void theBaseCheckpointsPositionTableGives512Tokens() throws ModelFolderException {
        LayoutLMv3Config c = parse("{\"model_type\": \"layoutlmv3\", \"max_position_embeddings\": 514}");
        assertEquals(512, c.maxTextLength());
    }

    @Test
    void tenLabelsOrMoreTakeTheTwoLayerHead() throws ModelFolderException {
        assertFalse(parse("{\"model_type\": \"layoutlmv3\", \"num_labels\": 9}").twoLayerHead());
        assertTrue(parse("{\"model_type\": \"layoutlmv3\", \"num_labels\": 10}").twoLayerHead());
    }

    @Test
    void aPatchSizePairOfEqualSidesIsOneSide() throws ModelFolderException {
        assertEquals(8, parse("{\"model_type\": \"layoutlmv3\", \"patch_size\": [8, 8]}").patchSize());
        assertTrue(failure("{\"model_type\": \"layoutlmv3\", \"patch_size\": [8, 16]}").contains("patch_size"));
    }

    @Test
    void writtenJsonReadsBackTheSame() throws ModelFolderException {
        LayoutLMv3Config c = parse("{\"model_type\": \"layoutlmv3\", \"hidden_size\": 24, \"num_attention_heads\": 3,"
                + " \"coordinate_size\": 4, \"shape_size\": 4, \"pad_token_id\": 0, \"visual_embed\": false,"
                + " \"has_spatial_attention_bias\": false, \"rel_pos_bins\": 16, \"max_rel_pos\": 40,"
                + " \"input_size\": 48, \"patch_size\": 8, \"num_channels\": 1, \"classifier_dropout\": 0.2,"
                + " \"layer_norm_eps\": 1e-6, \"id2label\": {\"0\": \"O\", \"1\": \"TOTAL\"}}");
        LayoutLMv3Config back = parse(c.toJson());
        assertEquals(c, back);
        assertEquals(List.of("O", "TOTAL"), back.labels());
        assertEquals(0.2f, back.classifierDropout());
        assertEquals(c.withLabels(List.of("O", "A", "B")).labels(), List.of("O", "A", "B"));
    }

    @Test
    void unsupportedOrInconsistentSettingsAreNamed() {
        assertTrue(failure("{\"model_type\": \"layoutlmv2\"}").contains("expected 'layoutlmv3'"));
        assertTrue(failure("{\"model_type\": \"layoutlmv3\", \"coordinate_size\": 100}").contains("shape_size"));
        assertTrue(failure("{\"model_type\": \"layoutlmv3\", \"text_embed\": false}").contains("text_embed"));
        assertTrue(failure("{\"model_type\": \"layoutlmv3\", \"hidden_act\": \"swish\"}").contains("swish"));
        assertTrue(failure("{\"model_type\": \"layoutlmv3\", \"max_position_embeddings\": 2}")
                .contains("pad_token_id"));
    }
}
