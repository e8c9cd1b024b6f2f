package com.layoutlens.train;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.layoutlens.model.ModelConfig;
import com.layoutlens.model.registry.ModelFamilies;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PresetTest {

    @Test
    void namesFindTheirPresets() {
        assertSame(Preset.TINY, Preset.named("tiny"));
        assertSame(Preset.SMALL, Preset.named("small"));
        assertSame(Preset.BASE, Preset.named(" Base "));
        assertNull(Preset.named("large"));
        assertEquals(List.of("tiny", "small", "base"), Preset.all().stream().map(Preset::name).toList());
    }

    /** Every family's fresh configuration at the base preset has the hub's base widths. */
    @Test
    void baseHasTheHubsBaseWidthsInEveryFamily() throws Exception {
        ObjectMapper json = new ObjectMapper();
        List<String> labels = List.of("O", "COMPANY", "DATE", "ADDRESS", "TOTAL");
        assertEquals(List.of("layoutlm", "layoutlmv2", "layoutlmv3"), TrainableModels.freshModelTypes());
        for (String type : TrainableModels.freshModelTypes()) {
            ModelConfig c = ModelFamilies.find(type).orElseThrow().freshConfig(Preset.BASE.size(), 30522, labels);
            JsonNode n = json.readTree(c.toJson());
            assertEquals(type, n.path("model_type").asText());
            assertEquals(768, n.path("hidden_size").asInt(), type);
            assertEquals(12, n.path("num_hidden_layers").asInt(), type);
            assertEquals(12, n.path("num_attention_heads").asInt(), type);
            assertEquals(3072, n.path("intermediate_size").asInt(), type);
            assertEquals(30522, c.vocabSize(), type);
        }
        assertTrue(Preset.BASE.maxVocab() <= 30522, "at most BERT's vocabulary");
    }
}
