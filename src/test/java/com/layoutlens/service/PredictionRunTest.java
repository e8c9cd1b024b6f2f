package com.layoutlens.service;

import com.layoutlens.data.Dataset;
import com.layoutlens.model.ModelFolderException;
import com.layoutlens.data.LabelSet;
import com.layoutlens.model.layoutlm.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PredictionRunTest {

    private static Path samples(Path tmp) throws Exception {
        Path src = Path.of("sample-receipts");
        Path dir = tmp.resolve("data");
        for (String sub : new String[] {"img", "box", "key"}) {
            Files.createDirectories(dir.resolve(sub));
        }
        for (int i = 1; i <= 3; i++) {
            String id = String.format("sample-%03d", i);
            Files.copy(src.resolve("img/" + id + ".jpg"), dir.resolve("img/" + id + ".jpg"));
            Files.copy(src.resolve("box/" + id + ".csv"), dir.resolve("box/" + id + ".csv"));
            Files.copy(src.resolve("key/" + id + ".json"), dir.resolve("key/" + id + ".json"));
        }
        return dir;
    }

    @Test
    void aSecondRunComesFromTheCacheAndAChangedReceiptIsPredictedAgain(@TempDir Path tmp) throws Exception {
        Path data = samples(tmp);
        Dataset ds = Dataset.load(data);
        Path cache = tmp.resolve("cache");
        PredictionRun.Outcome first = PredictionRun.run(Fixtures.folder("tiny-a"), ds, LabelSet.sroie(), "cpu", cache,
                null, () -> false);
        assertEquals(3, first.predicted());
        assertEquals(0, first.fromCache());
        assertEquals(3, first.rows().size());
        assertEquals(ds.receipts().get(0).words().size(), first.rows().get("sample-001").size());
        assertTrue(first.rows().get("sample-001").stream().allMatch(r -> r.score() != null));

        AtomicInteger lastDone = new AtomicInteger();
        PredictionRun.Outcome second = PredictionRun.run(Fixtures.folder("tiny-a"), ds, LabelSet.sroie(), "cpu", cache,
                (done, total) -> lastDone.set(done), () -> false);
        assertEquals(0, second.predicted());
        assertEquals(3, second.fromCache());
        assertEquals(3, lastDone.get());
        for (String id : first.rows().keySet()) {
            var a = first.rows().get(id);
            var b = second.rows().get(id);
            assertEquals(a.size(), b.size());
            for (int i = 0; i < a.size(); i++) {
                assertEquals(a.get(i).label(), b.get(i).label());
                assertEquals(a.get(i).score(), b.get(i).score(), 1e-6, "scores are cached with 6 decimals");
            }
        }

        // a box file edited after the run makes that receipt stale
        Path box = data.resolve("box/sample-002.csv");
        Files.setLastModifiedTime(box, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() + 60_000));
        PredictionRun.Outcome third = PredictionRun.run(Fixtures.folder("tiny-a"), Dataset.load(data), LabelSet.sroie(),
                "cpu", cache, null, () -> false);
        assertEquals(1, third.predicted());
        assertEquals(2, third.fromCache());
    }

    /** Runs tiny-a over a folder read by the format registry; returns how many receipts were predicted. */
    private static int predicted(Path data, Path cache) throws Exception {
        Dataset ds = com.layoutlens.data.formats.ReceiptFormats.load(data, "auto",
                com.layoutlens.data.formats.ReceiptReader.Options.defaults());
        return PredictionRun.run(Fixtures.folder("tiny-a"), ds, LabelSet.sroie(), "cpu", cache, null, () -> false)
                .predicted();
    }

    private static void touch(Path file) throws Exception {
        Files.setLastModifiedTime(file, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() + 60_000));
    }

    @Test
    void theCompetitionsTxtBoxFilesAreWhatACachedPredictionIsComparedWith(@TempDir Path tmp) throws Exception {
        Path data = samples(tmp);
        for (int i = 1; i <= 3; i++) {
            Path csv = data.resolve(String.format("box/sample-%03d.csv", i));
            Files.move(csv, csv.resolveSibling(csv.getFileName().toString().replace(".csv", ".txt")));
        }
        Path cache = tmp.resolve("cache");
        assertEquals(3, predicted(data, cache));
        assertEquals(0, predicted(data, cache));
        touch(data.resolve("box/sample-002.txt"));
        assertEquals(1, predicted(data, cache), "the edited .txt box file makes its receipt stale");
    }

    @Test
    void anHfReceiptIsStaleOnceItsDataFileOrImageChanges(@TempDir Path tmp) throws Exception {
        Dataset sroie = Dataset.load(samples(tmp));
        Path hf = tmp.resolve("hf");
        new com.layoutlens.data.formats.HfFormat().write(sroie.receipts(), LabelSet.sroie(), hf);
        Path cache = tmp.resolve("cache");
        assertEquals(3, predicted(hf, cache));
        assertEquals(0, predicted(hf, cache));
        touch(hf.resolve("images/sample-003.jpg"));
        assertEquals(1, predicted(hf, cache), "its image");
        touch(hf.resolve("data.jsonl"));
        assertEquals(3, predicted(hf, cache), "the file every receipt is read from");
    }

    @Test
    void anotherModelGetsItsOwnCache(@TempDir Path tmp) throws Exception {
        Path data = samples(tmp);
        Dataset ds = Dataset.load(data);
        Path a = PredictionRun.cacheDir(tmp, Fixtures.folder("tiny-a"), data);
        Path b = PredictionRun.cacheDir(tmp, Fixtures.folder("tiny-b"), data);
        assertTrue(!a.equals(b));
        Path copy = tmp.resolve("model");
        Files.createDirectories(copy);
        for (Path f : Files.list(Fixtures.folder("tiny-a")).toList()) {
            Files.copy(f, copy.resolve(f.getFileName()), StandardCopyOption.COPY_ATTRIBUTES);
        }
        assertEquals(PredictionRun.cacheDir(tmp, copy, data).getParent(), a.getParent(), "same receipt folder");
        Files.setLastModifiedTime(copy.resolve("model.safetensors"), java.nio.file.attribute.FileTime.fromMillis(1000));
        assertTrue(!PredictionRun.cacheDir(tmp, copy, data).getFileName().equals(
                PredictionRun.cacheDir(tmp, Fixtures.folder("tiny-a"), data).getFileName()), "new weights, new cache");
        assertEquals(3, ds.receipts().size());
    }

    @Test
    void weightsRewrittenInPlaceWithTheirSizeAndTimeKeptGetANewCache(@TempDir Path tmp) throws Exception {
        Path data = samples(tmp);
        Path copy = tmp.resolve("model");
        Files.createDirectories(copy);
        for (Path f : Files.list(Fixtures.folder("tiny-a")).toList()) {
            Files.copy(f, copy.resolve(f.getFileName()), StandardCopyOption.COPY_ATTRIBUTES);
        }
        Path weights = copy.resolve("model.safetensors");
        Path before = PredictionRun.cacheDir(tmp, copy, data);
        // other values in the last tensor, same size, the old time put back (as cp -p or touch -r do)
        var time = Files.getLastModifiedTime(weights);
        byte[] bytes = Files.readAllBytes(weights);
        for (int i = bytes.length - 16; i < bytes.length; i++) {
            bytes[i] ^= 0x11;
        }
        Thread.sleep(20);
        Files.write(weights, bytes);
        Files.setLastModifiedTime(weights, time);
        assertEquals(time, Files.getLastModifiedTime(weights));
        assertTrue(!before.equals(PredictionRun.cacheDir(tmp, copy, data)), "other weights, other cache");
    }

    @Test
    void anImageReplacedWithItsOldTimePutBackIsPredictedAgain(@TempDir Path tmp) throws Exception {
        Path data = samples(tmp);
        Path cache = tmp.resolve("cache");
        assertEquals(3, predicted(data, cache));
        // same words, another scan (which LayoutLMv2 and v3 read), its time set back as cp -p does
        Path image = data.resolve("img/sample-002.jpg");
        var time = Files.getLastModifiedTime(image);
        Thread.sleep(20);
        Files.copy(data.resolve("img/sample-003.jpg"), image, StandardCopyOption.REPLACE_EXISTING);
        Files.setLastModifiedTime(image, time);
        assertEquals(1, predicted(data, cache), "the receipt with the new scan only");
    }

    @Test
    void aLayoutLMv2FolderRunsThroughTheSamePath(@TempDir Path tmp) throws Exception {
        Path data = samples(tmp);
        Path model = Files.createDirectories(tmp.resolve("v2"));
        Path v2 = Path.of(getClass().getResource("/fixtures/layoutlmv2/tiny-a/config.json").toURI()).getParent();
        for (String f : new String[] {"config.json", "model.safetensors"}) {
            Files.copy(v2.resolve(f), model.resolve(f));
        }
        for (String f : new String[] {"vocab.txt", "tokenizer_config.json"}) {
            Files.copy(Fixtures.folder("tiny-a").resolve(f), model.resolve(f));
        }
        PredictionRun.Outcome out = PredictionRun.run(model, Dataset.load(data), LabelSet.sroie(), "cpu",
                tmp.resolve("cache"), null, () -> false);
        assertEquals(3, out.predicted(), out.problems().toString());
        assertEquals(Dataset.load(data).receipts().get(0).words().size(), out.rows().get("sample-001").size());
    }

    @Test
    void aFolderThatIsNoModelFailsBeforeAnyWork(@TempDir Path tmp) throws Exception {
        Path data = samples(tmp);
        Path notModel = Files.createDirectories(tmp.resolve("empty"));
        ModelFolderException e = assertThrows(ModelFolderException.class, () -> PredictionRun.run(notModel,
                Dataset.load(data), LabelSet.sroie(), "cpu", tmp.resolve("cache"), null, () -> false));
        assertTrue(e.getMessage().contains("no config.json"), e.getMessage());
        Path broken = Files.createDirectories(tmp.resolve("broken"));
        Files.copy(Fixtures.folder("tiny-a").resolve("config.json"), broken.resolve("config.json"));
        Files.write(broken.resolve("model.safetensors"), new byte[] {1, 2, 3});
        assertThrows(Exception.class, () -> PredictionRun.run(broken, Dataset.load(data), LabelSet.sroie(), "cpu",
                tmp.resolve("cache"), null, () -> false));
    }
}
