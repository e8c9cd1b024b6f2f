package com.layoutlens.service;

import com.layoutlens.data.Dataset;
import com.layoutlens.data.HostileFiles;
import com.layoutlens.data.LabelSet;
import com.layoutlens.data.Problem;
import com.layoutlens.data.SampleReceipts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The app's model run with an image model when one scan declares far too many pixels. */
class PredictionRunImageTest {

    @Test
    void anImageOverThePixelBudgetCostsOnlyItsReceiptAndIsNamed(@TempDir Path tmp) throws Exception {
        Path data = SampleReceipts.copy(tmp.resolve("data"), 3);
        Files.delete(data.resolve("img/sample-003.jpg")); // its scan is the hostile PNG below
        HostileFiles.pngDeclaring(data.resolve("img/sample-003.png"), 25_000, 25_000);
        Dataset ds = Dataset.load(data);

        PredictionRun.Outcome out = PredictionRun.run(v2Model(tmp), ds, LabelSet.sroie(), "cpu", tmp.resolve("cache"),
                null, () -> false);

        assertEquals(List.of("sample-001", "sample-002"), List.copyOf(out.rows().keySet()));
        List<Problem> shown = new ArrayList<>(ds.problems()); // what the Problems panel lists
        shown.addAll(out.problems());
        assertTrue(shown.stream().anyMatch(p -> p.file().endsWith("sample-003.png") && p.message().contains("25000 x 25000")),
                shown.toString());
        assertTrue(out.problems().stream().anyMatch(p -> p.toString().contains("sample-003")), out.problems().toString());
    }

    private static Path v2Model(Path tmp) throws Exception {
        Path dir = tmp.resolve("model");
        Files.createDirectories(dir);
        Path v2 = Path.of(PredictionRunImageTest.class.getResource("/fixtures/layoutlmv2/tiny-a/config.json").toURI()).getParent();
        Path v1 = Path.of(PredictionRunImageTest.class.getResource("/fixtures/layoutlm/tiny-a/config.json").toURI()).getParent();
        Files.copy(v2.resolve("config.json"), dir.resolve("config.json"));
        Files.copy(v2.resolve("model.safetensors"), dir.resolve("model.safetensors"));
        Files.copy(v1.resolve("vocab.txt"), dir.resolve("vocab.txt"));
        Files.copy(v1.resolve("tokenizer_config.json"), dir.resolve("tokenizer_config.json"));
        return dir;
    }
}
