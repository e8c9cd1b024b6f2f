package com.layoutlens.service;

import com.layoutlens.data.Dataset;
import com.layoutlens.data.LabelRow;
import com.layoutlens.data.LabelSet;
import com.layoutlens.data.Receipt;
import com.layoutlens.data.Word;
import com.layoutlens.model.layoutlm.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The app's prediction cache never hands back a result the receipt no longer supports. */
class PredictionCacheTest {

    @TempDir
    Path tmp;

    /** Three sample receipts; box files under the competition's {@code .txt} name when asked. */
    private Path data(String boxExt) throws Exception {
        Path src = Path.of("sample-receipts");
        Path dir = tmp.resolve("data");
        for (String sub : new String[] {"img", "box", "key"}) {
            Files.createDirectories(dir.resolve(sub));
        }
        for (int i = 1; i <= 3; i++) {
            String id = String.format("sample-%03d", i);
            Files.copy(src.resolve("img/" + id + ".jpg"), dir.resolve("img/" + id + ".jpg"));
            Files.copy(src.resolve("box/" + id + ".csv"), dir.resolve("box/" + id + boxExt));
            Files.copy(src.resolve("key/" + id + ".json"), dir.resolve("key/" + id + ".json"));
        }
        return dir;
    }

    private Path v2Model() throws Exception {
        Path model = Files.createDirectories(tmp.resolve("v2"));
        Path v2 = Path.of(getClass().getResource("/fixtures/layoutlmv2/tiny-a/config.json").toURI()).getParent();
        for (String f : new String[] {"config.json", "model.safetensors"}) {
            Files.copy(v2.resolve(f), model.resolve(f));
        }
        for (String f : new String[] {"vocab.txt", "tokenizer_config.json"}) {
            Files.copy(Fixtures.folder("tiny-a").resolve(f), model.resolve(f));
        }
        return model;
    }

    private static void touchLater(Path file) throws Exception {
        Files.setLastModifiedTime(file, FileTime.fromMillis(System.currentTimeMillis() + 60_000));
    }

    @Test
    void aChangedTxtBoxFileMakesItsCachedResultStale() throws Exception {
        Path data = data(".txt");
        Path cache = tmp.resolve("cache");
        PredictionRun.Outcome first = PredictionRun.run(Fixtures.folder("tiny-a"), Dataset.load(data),
                LabelSet.sroie(), "cpu", cache, null, () -> false);
        assertEquals(3, first.predicted(), first.problems().toString());
        touchLater(data.resolve("box/sample-002.txt"));
        PredictionRun.Outcome second = PredictionRun.run(Fixtures.folder("tiny-a"), Dataset.load(data),
                LabelSet.sroie(), "cpu", cache, null, () -> false);
        assertEquals(1, second.predicted());
        assertEquals(2, second.fromCache());
    }

    @Test
    void aReceiptThatCanNoLongerBeLabelledLeavesNoCachedResultBehind() throws Exception {
        Path data = data(".csv");
        Path model = v2Model();
        Path cache = tmp.resolve("cache");
        PredictionRun.Outcome first = PredictionRun.run(model, Dataset.load(data), LabelSet.sroie(), "cpu", cache,
                null, () -> false);
        assertEquals(3, first.predicted(), first.problems().toString());
        Path cached = first.cacheDir().resolve("sample-002.csv");
        assertTrue(Files.isRegularFile(cached));

        // the page LayoutLMv2 reads is replaced by something that is no image
        Path image = data.resolve("img/sample-002.jpg");
        Files.writeString(image, "not an image");
        touchLater(image);
        PredictionRun.Outcome second = PredictionRun.run(model, Dataset.load(data), LabelSet.sroie(), "cpu", cache,
                null, () -> false);
        assertFalse(second.rows().containsKey("sample-002"), "no prediction from the old page");
        assertFalse(Files.exists(cached), "the old result is gone from the cache");
        assertTrue(second.problems().stream().anyMatch(p -> p.file().equals("sample-002")
                && p.message().contains("earlier cached prediction was removed")), second.problems().toString());

        PredictionRun.Outcome third = PredictionRun.run(model, Dataset.load(data), LabelSet.sroie(), "cpu", cache,
                null, () -> false);
        assertFalse(third.rows().containsKey("sample-002"));
        assertEquals(2, third.fromCache());
    }

    @Test
    void aCachedResultIsUsedOnlyForTheWordsTheReceiptHasNowOcrCorrectionsIncluded() throws Exception {
        Path data = data(".csv");
        Path cache = tmp.resolve("cache");
        PredictionRun.Outcome first = PredictionRun.run(Fixtures.folder("tiny-a"), Dataset.load(data),
                LabelSet.sroie(), "cpu", cache, null, () -> false);
        assertEquals(3, first.predicted(), first.problems().toString());
        Receipt before = Dataset.load(data).receipt("sample-002");
        Word w = before.words().stream().filter(x -> x.text().length() > 3).findFirst().orElseThrow();

        // the app splits a word: the box file is untouched, only the corrections file is new
        Path corrections = com.layoutlens.data.OcrCorrections.file(data, "sample-002");
        com.layoutlens.data.OcrCorrections.write(corrections, new com.layoutlens.data.OcrCorrections.Corrections(
                List.of(new com.layoutlens.data.OcrCorrections.Split(w.segment(), w.index(), 2)), null));
        Dataset corrected = Dataset.load(data);
        PredictionRun.Outcome second = PredictionRun.run(Fixtures.folder("tiny-a"), corrected, LabelSet.sroie(),
                "cpu", cache, null, () -> false);
        assertEquals(1, second.predicted(), "the corrected receipt is labelled again");
        assertEquals(2, second.fromCache());
        List<LabelRow> rows = second.rows().get("sample-002");
        assertEquals(corrected.receipt("sample-002").words().size(), rows.size());
        assertEquals(before.words().size() + 1, rows.size(), "the split word is two words now");
        assertTrue(rows.stream().anyMatch(r -> r.text().equals(w.text().substring(2))), rows.toString());

        // undone: the corrections file goes, and the cached result of the corrected words is not used either
        Files.delete(corrections);
        PredictionRun.Outcome third = PredictionRun.run(Fixtures.folder("tiny-a"), Dataset.load(data),
                LabelSet.sroie(), "cpu", cache, null, () -> false);
        assertEquals(1, third.predicted());
        assertEquals(before.words().size(), third.rows().get("sample-002").size());
    }
}
