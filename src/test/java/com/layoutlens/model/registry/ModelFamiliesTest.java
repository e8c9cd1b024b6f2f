package com.layoutlens.model.registry;

import com.layoutlens.model.ModelConfig;
import com.layoutlens.model.ModelFolderException;
import com.layoutlens.model.family.ModelFamily;
import com.layoutlens.model.family.ModelSize;
import com.layoutlens.model.family.PageGrid;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ModelFamiliesTest {

    private static final List<String> LABELS = List.of("O", "COMPANY", "DATE", "ADDRESS", "TOTAL");

    @Test
    void listsTheThreeFamiliesInOrder() {
        assertEquals(List.of("layoutlm", "layoutlmv2", "layoutlmv3"), ModelFamilies.modelTypes());
        assertEquals(List.of("LayoutLM", "LayoutLMv2", "LayoutLMv3"),
                ModelFamilies.all().stream().map(ModelFamily::displayName).toList());
        assertEquals(ModelFamilies.modelTypes(), TokenClassifiers.TYPES);
    }

    @Test
    void unknownTypesAreNamedWithTheKnownOnes() {
        assertTrue(ModelFamilies.find("layoutxlm").isEmpty());
        assertEquals("layoutxlm", ModelFamilies.displayName("layoutxlm"));
        assertEquals("unknown (no model_type)", ModelFamilies.displayName(""));
        ModelFolderException e = assertThrows(ModelFolderException.class, () -> ModelFamilies.of("bert", "c.json"));
        assertEquals("c.json: model_type 'bert' is not supported (use one of layoutlm, layoutlmv2, layoutlmv3)",
                e.getMessage());
    }

    @Test
    void aFolderWithoutModelTypeIsLayoutLM(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("config.json"), "{\"num_labels\": 2}");
        assertEquals("layoutlm", ModelFamilies.of(dir).modelType());
    }

    @Test
    void everyFamilysFreshConfigurationReadsBackAsWritten(@TempDir Path dir) throws Exception {
        for (ModelFamily f : ModelFamilies.all()) {
            ModelConfig c = f.freshConfig(new ModelSize(64, 2, 2, 256), 700, LABELS);
            assertEquals(f.modelType(), c.modelType());
            assertEquals(LABELS, c.labels());
            assertEquals(700, c.vocabSize());
            Path folder = Files.createDirectories(dir.resolve(f.modelType()));
            Files.writeString(folder.resolve("config.json"), c.toJson());
            assertEquals(c.toJson(), f.readConfig(folder).toJson(), f.modelType());
            assertEquals(512, c.maxTextLength(), f.modelType());
        }
    }

    @Test
    void tokenizerFilesIncludeEachFamilysOwn() {
        List<String> names = ModelFamilies.tokenizerFileNames();
        assertTrue(names.containsAll(List.of("tokenizer.json", "vocab.txt", "vocab.json", "merges.txt")), names.toString());
        assertFalse(ModelFamilies.find("layoutlmv3").orElseThrow().tokenizerFiles().contains(List.of("vocab.txt")));
    }

    @Test
    void theModelInputTabsPageGridIsTheFamilysOwn() {
        ModelSize tiny = new ModelSize(64, 2, 2, 256);
        ModelFamily v1 = ModelFamilies.find("layoutlm").orElseThrow();
        ModelFamily v2 = ModelFamilies.find("layoutlmv2").orElseThrow();
        ModelFamily v3 = ModelFamilies.find("layoutlmv3").orElseThrow();
        assertEquals(null, v1.pageGrid(v1.freshConfig(tiny, 100, LABELS)));
        PageGrid g2 = v2.pageGrid(v2.freshConfig(tiny, 100, LABELS));
        assertEquals(List.of(224, 7), List.of(g2.side(), g2.cells()));
        PageGrid g3 = v3.pageGrid(v3.freshConfig(tiny, 100, LABELS));
        assertEquals(List.of(224, 14), List.of(g3.side(), g3.cells()));
        assertTrue(g3.caption().contains("14 x 14 patches of 16 pixels"), g3.caption());
    }
}
