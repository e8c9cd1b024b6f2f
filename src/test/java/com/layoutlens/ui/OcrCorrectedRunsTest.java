package com.layoutlens.ui;

import com.layoutlens.data.Dataset;
import com.layoutlens.data.LabelRow;
import com.layoutlens.data.LabelSet;
import com.layoutlens.data.Problem;
import com.layoutlens.data.Receipt;
import com.layoutlens.data.Word;
import com.layoutlens.service.PredictionRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.framework.junit5.ApplicationExtension;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** After an OCR edit, a model run of the open folder labels the corrected words; until then its labels are stale. */
@ExtendWith(ApplicationExtension.class)
class OcrCorrectedRunsTest {

    @TempDir
    Path tmp;

    private final LabelSet labels = LabelSet.sroie();
    /** The words each run of the stand-in model was given, by receipt. */
    private final List<Map<String, List<String>>> runs = new ArrayList<>();

    /** A stand-in model: a word with a digit is TOTAL, a word of the first line COMPANY, others O. */
    private PredictionRun.Outcome label(Dataset ds) {
        Map<String, List<LabelRow>> rows = new LinkedHashMap<>();
        Map<String, List<String>> words = new LinkedHashMap<>();
        for (Receipt r : ds.receipts()) {
            List<LabelRow> out = new ArrayList<>();
            for (Word w : r.words()) {
                String l = w.text().chars().anyMatch(Character::isDigit) ? "TOTAL" : w.segment() == 0 ? "COMPANY" : "O";
                out.add(LabelRow.of(w, l, 0.9));
            }
            rows.put(r.id(), out);
            words.put(r.id(), r.words().stream().map(Word::text).toList());
        }
        runs.add(words);
        return new PredictionRun.Outcome(rows, List.of(), "cpu", 0, rows.size(), false, null);
    }

    private static List<String> labelled(List<LabelRow> rows) {
        return rows.stream().map(r -> r.text() + "=" + r.label()).toList();
    }

    @Test
    void aRunAfterAnOcrEditLabelsTheCorrectedWordsAndTheLabelsBeforeItAreStale() throws Exception {
        Path dir = OcrEditingViewModelTest.folder(tmp.resolve("data"));
        DatasetViewModel datasets = new DatasetViewModel(labels);
        ReceiptViewModel receipt = new ReceiptViewModel(labels);
        StatusLine status = new StatusLine();
        ReceiptsViewModel vm = new ReceiptsViewModel(datasets, receipt, Worker.direct(), Runnable::run, status);
        vm.open(dir, ds -> { });
        vm.select(datasets.items().get(0));
        ModelRunViewModel run = new ModelRunViewModel(Slot.A, labels, (m, ds, l, progress, cancelled, devices) -> label(ds),
                Worker.direct(), Runnable::run, vm);
        Path model = tmp.resolve("model");

        run.start(model, datasets.datasetProperty().get());
        assertEquals(List.of("D.T.Y.", "(M)", "SDN", "BHD", "TOTAL:25.00", "THANK", "YOU"), runs.get(0).get("001"));
        assertEquals("TOTAL:25.00=TOTAL", labelled(receipt.predictionProperty().get()).get(4));
        assertFalse(vm.isStale(Slot.A, "001"));

        assertEquals(0, datasets.items().get(0).errorsAProperty().get());
        assertTrue(receipt.labelWord(5, "ADDRESS")); // THANK: gold ADDRESS, model A says O

        // split: the model's labels follow the words (both halves get the word's), marked stale
        int wordsBefore = datasets.items().get(0).words();
        assertTrue(receipt.split(4, 6));
        assertEquals(wordsBefore + 1, datasets.items().get(0).words(), "the receipt list counts the corrected words");
        assertEquals(wordsBefore + 1, datasets.items().get(0).receipt().segments().stream()
                .mapToInt(s -> s.words().size()).sum());
        assertEquals(1, datasets.items().get(0).errorsAProperty().get(), "the receipt's figures counted again");
        assertEquals(List.of("TOTAL:=TOTAL", "25.00=TOTAL"), labelled(receipt.predictionProperty().get()).subList(4, 6));
        assertTrue(vm.isStale(Slot.A, "001"));
        assertTrue(datasets.problems().stream().anyMatch(p -> p.file().equals("001") && !p.isError()
                && p.message().contains("model A labelled the words of 001 before its OCR corrections")),
                datasets.problems().toString());
        assertEquals(8, datasets.datasetProperty().get().receipt("001").words().size(),
                "the folder's receipt has the corrected words");

        // a run now labels the corrected words
        run.start(model, datasets.datasetProperty().get());
        assertEquals(List.of("D.T.Y.", "(M)", "SDN", "BHD", "TOTAL:", "25.00", "THANK", "YOU"), runs.get(1).get("001"));
        assertEquals(List.of("TOTAL:=O", "25.00=TOTAL"), labelled(receipt.predictionProperty().get()).subList(4, 6));
        assertFalse(vm.isStale(Slot.A, "001"));

        // undone: these labels name words that are gone; redone: they are back
        assertTrue(receipt.undo());
        assertNull(receipt.predictionProperty().get(), "no labels for the words before the split until it runs again");
        assertNull(datasets.modelProperty(Slot.A).get().rows().get("001"));
        assertTrue(vm.isStale(Slot.A, "001"));
        assertEquals(7, datasets.datasetProperty().get().receipt("001").words().size());
        assertTrue(receipt.redo());
        assertEquals(List.of("TOTAL:=O", "25.00=TOTAL"), labelled(receipt.predictionProperty().get()).subList(4, 6));
        assertFalse(vm.isStale(Slot.A, "001"));
        assertTrue(datasets.problems().stream().noneMatch(p -> p.file().equals("001") && p.isError()),
                datasets.problems().toString());
        run.start(model, datasets.datasetProperty().get());
        assertTrue(datasets.problems().stream().noneMatch(p -> p.message().contains("before its OCR corrections")),
                "labelled again: nothing stale left in Problems");
    }
}
