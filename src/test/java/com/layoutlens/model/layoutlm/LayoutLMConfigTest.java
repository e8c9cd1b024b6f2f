package com.layoutlens.model.layoutlm;

import com.layoutlens.model.ModelFolderException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LayoutLMConfigTest {

    @Test
    void emptyConfigTakesTheBaseDefaults() throws ModelFolderException {
        LayoutLMConfig c = LayoutLMConfig.parse("{}", "config.json");
        assertEquals(768, c.hiddenSize());
        assertEquals(12, c.numHiddenLayers());
        assertEquals(64, c.headSize());
        assertEquals(1024, c.max2dPositionEmbeddings());
        assertEquals(1e-12f, c.layerNormEps());
        assertEquals(List.of("LABEL_0", "LABEL_1"), c.labels());
    }

    @Test
    void labelsAreOrderedById() throws ModelFolderException {
        LayoutLMConfig c = LayoutLMConfig.parse(
                "{\"id2label\": {\"2\": \"DATE\", \"0\": \"O\", \"1\": \"TOTAL\"}, \"hidden_size\": 24,"
                        + " \"num_attention_heads\": 2}", "x");
        assertEquals(List.of("O", "TOTAL", "DATE"), c.labels());
        assertEquals(12, c.headSize());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            {"hidden_size": 30, "num_attention_heads": 4}   | not a multiple
            {"hidden_act": "swish"}                         | hidden_act 'swish' is not supported
            {"model_type": "layoutlmv2"}                    | expected 'layoutlm'
            {"id2label": {"0": "O", "2": "TOTAL"}}          | without gaps
            {"vocab_size": "many"}                          | vocab_size must be an integer
            {"num_labels": 3, "id2label": {"0": "O"}}       | num_labels 3 differs
            [1, 2]                                          | expected a JSON object
            {"hidden_size": 32,                             | not valid JSON
            """)
    void badConfigsAreExplained(String json, String message) {
        ModelFolderException e = assertThrows(ModelFolderException.class,
                () -> LayoutLMConfig.parse(json, "model/config.json"));
        assertTrue(e.getMessage().startsWith("model/config.json: "), e.getMessage());
        assertTrue(e.getMessage().contains(message), e.getMessage());
    }
}
