package com.layoutlens.ui;

import com.layoutlens.data.Box;
import com.layoutlens.data.Dataset;
import com.layoutlens.data.LabelRow;
import com.layoutlens.data.LabelSet;
import com.layoutlens.data.Problem;
import com.layoutlens.data.Receipt;
import com.layoutlens.data.Segment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.nio.file.Files;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

/** The open folder's state without the toolkit: items, filter, problems, per-receipt scores. */
class DatasetViewModelTest {

    @TempDir
    Path dir;

    private static Receipt receipt(String id) {
        return new Receipt(id, null, 300, 100, List.of(
                Segment.of(0, new Box(10, 10, 110, 25), "ACME SDN BHD"),
                Segment.of(1, new Box(10, 40, 110, 55), "TOTAL 9.00")),
                Map.of("company", "ACME SDN BHD", "total", "9.00"), null);
    }

    private DatasetViewModel open() {
        DatasetViewModel vm = new DatasetViewModel(LabelSet.sroie());
        vm.accept(new Dataset(dir, LabelSet.sroie(), List.of(receipt("r1"), receipt("r2")),
                List.of(Problem.warning(dir.resolve("box/r2.csv").toString(), 3, "broken line"))));
        return vm;
    }

    @Test
    void theFilterMatchesIdsErrorsAndProblems() {
        DatasetViewModel vm = open();
        assertEquals(List.of("r1", "r2"), vm.filtered().stream().map(ReceiptItem::id).toList());
        vm.filterProperty().set("R2");
        assertEquals(List.of("r2"), vm.filtered().stream().map(ReceiptItem::id).toList());
        vm.filterProperty().set("problems");
        assertEquals(List.of("r2"), vm.filtered().stream().map(ReceiptItem::id).toList(), "its box file has one");
        vm.items().get(0).errorsBProperty().set(2);
        vm.filterProperty().set("errors");
        assertEquals(List.of("r1"), vm.filtered().stream().map(ReceiptItem::id).toList());
    }

    @Test
    void eachReceiptIsScoredAgainstItsGoldLabels() {
        DatasetViewModel vm = open();
        List<LabelRow> gold = vm.goldMap().get("r1");
        List<LabelRow> wrong = new ArrayList<>();
        for (LabelRow g : gold) {
            wrong.add(g.text().equals("9.00") ? g.withLabel("O", 0.5) : g.withLabel(g.label(), 0.9));
        }
        var scores = vm.countErrors(new DatasetViewModel.Predictions("m", dir, Map.of("r1", wrong, "r2",
                vm.goldMap().get("r2"))));
        assertEquals(1, scores.get("r1").errors());
        assertEquals(2.0 * 3 / (2 * 3 + 1), scores.get("r1").f1(), 1e-9, "3 company words right, the total missed");
        assertEquals(new DatasetViewModel.ReceiptScore(0, 1.0), scores.get("r2"));
    }

    @Test
    void openingAFolderForgetsTheModels() {
        DatasetViewModel vm = open();
        vm.modelProperty(Slot.B).set(new DatasetViewModel.Predictions("m", dir, Map.of()));
        vm.accept(new Dataset(dir, LabelSet.sroie(), List.of(receipt("r3")), List.of()));
        assertNull(vm.modelProperty(Slot.B).get());
        assertEquals(List.of(), vm.problems());
        assertEquals(1, vm.items().size());
    }

    @Test
    void aReceiptWithoutUsableGoldIsNeitherScoredNorInTheGoldMap(@TempDir Path folder) throws Exception {
        Files.createDirectories(folder.resolve("box"));
        Files.createDirectories(folder.resolve("key"));
        for (String id : List.of("good", "nokey", "folderkey")) {
            Files.writeString(folder.resolve("box/" + id + ".csv"), "1,2,60,2,60,12,1,12,ACME\n1,20,60,20,60,30,1,30,9.90\n");
        }
        Files.writeString(folder.resolve("key/good.json"), "{\"company\":\"ACME\",\"total\":\"9.90\"}");
        Files.createDirectories(folder.resolve("key/folderkey.json"));
        LabelSet labels = LabelSet.sroie();
        DatasetViewModel vm = new DatasetViewModel(labels);
        Dataset ds = Dataset.load(folder);
        vm.accept(ds);

        // a model that is right on every receipt: COMPANY then TOTAL
        Map<String, List<LabelRow>> rows = new HashMap<>();
        for (Receipt r : ds.receipts()) {
            var words = r.words();
            rows.put(r.id(), List.of(LabelRow.of(words.get(0), "COMPANY", 0.9), LabelRow.of(words.get(1), "TOTAL", 0.9)));
        }
        var scores = vm.countErrors(new DatasetViewModel.Predictions("A", folder, rows));

        assertEquals(0, scores.get("good").errors());
        assertFalse(scores.containsKey("nokey"), "no gold: a right label must not count as an error against all-O");
        assertFalse(scores.containsKey("folderkey"));
        assertEquals(List.of("good"), List.copyOf(vm.goldMap().keySet()));
        assertTrue(vm.problems().stream().anyMatch(p -> p.file().endsWith("folderkey.json")
                && p.message().contains("a folder")), vm.problems().toString());
    }
}
