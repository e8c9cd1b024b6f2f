package com.layoutlens.ui;

import com.layoutlens.data.Dataset;
import com.layoutlens.data.LabelRow;
import com.layoutlens.data.LabelSet;
import com.layoutlens.data.Receipt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The receipt list's figures without any view. */
class DatasetViewModelTest {

    @Test
    void aReceiptWithoutUsableGoldIsNeitherScoredNorInTheGoldMap(@TempDir Path dir) throws Exception {
        Files.createDirectories(dir.resolve("box"));
        Files.createDirectories(dir.resolve("key"));
        for (String id : List.of("good", "nokey", "folderkey")) {
            Files.writeString(dir.resolve("box/" + id + ".csv"), "1,2,60,2,60,12,1,12,ACME\n1,20,60,20,60,30,1,30,9.90\n");
        }
        Files.writeString(dir.resolve("key/good.json"), "{\"company\":\"ACME\",\"total\":\"9.90\"}");
        Files.createDirectories(dir.resolve("key/folderkey.json"));
        LabelSet labels = LabelSet.sroie();
        DatasetViewModel vm = new DatasetViewModel(labels);
        Dataset ds = Dataset.load(dir);
        vm.accept(ds);

        // a model that is right on every receipt: COMPANY then TOTAL
        Map<String, List<LabelRow>> rows = new HashMap<>();
        for (Receipt r : ds.receipts()) {
            var words = r.words();
            rows.put(r.id(), List.of(LabelRow.of(words.get(0), "COMPANY", 0.9), LabelRow.of(words.get(1), "TOTAL", 0.9)));
        }
        var scores = vm.countErrors(new DatasetViewModel.Predictions("A", dir, rows));

        assertEquals(0, scores.get("good").errors());
        assertFalse(scores.containsKey("nokey"), "no gold: a right label must not count as an error against all-O");
        assertFalse(scores.containsKey("folderkey"));
        assertEquals(List.of("good"), List.copyOf(vm.goldMap().keySet()));
        assertTrue(vm.problems().stream().anyMatch(p -> p.file().endsWith("folderkey.json")
                && p.message().contains("a folder")), vm.problems().toString());
    }
}
