package com.layoutlens.ui;

import com.layoutlens.data.LabelFile;
import com.layoutlens.data.LabelRow;
import com.layoutlens.data.LabelSet;
import com.layoutlens.data.TagProbabilities;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Sample receipts copied with two gold labels made wrong (a TOTAL word of the first receipt given
 * O, a COMPANY word of the second given O), and a prediction folder with probabilities that
 * knows the true labels: confident learning finds exactly those two words.
 */
final class SuspectsFixture {

    static final List<String> IDS = List.of("sample-001", "sample-002", "sample-003", "sample-004");

    final Path data;
    final Path pred;
    /** The wrong gold words: receipt, segment, word, and the true label. */
    final List<Object[]> flipped = new ArrayList<>();

    SuspectsFixture(Path tmp) throws IOException {
        LabelSet sroie = LabelSet.sroie();
        Path src = Path.of("sample-receipts");
        data = tmp.resolve("data");
        pred = tmp.resolve("pred");
        for (String sub : List.of("box", "img", "key", "labels")) {
            Files.createDirectories(data.resolve(sub));
        }
        Files.createDirectories(pred);
        for (int n = 0; n < IDS.size(); n++) {
            String id = IDS.get(n);
            Files.copy(src.resolve("box/" + id + ".csv"), data.resolve("box/" + id + ".csv"), StandardCopyOption.REPLACE_EXISTING);
            Files.copy(src.resolve("img/" + id + ".jpg"), data.resolve("img/" + id + ".jpg"), StandardCopyOption.REPLACE_EXISTING);
            Files.copy(src.resolve("key/" + id + ".json"), data.resolve("key/" + id + ".json"), StandardCopyOption.REPLACE_EXISTING);
            List<LabelRow> truth = LabelFile.readStrict(src.resolve("labels/" + id + ".csv"), sroie);
            List<LabelRow> gold = new ArrayList<>();
            List<LabelRow> predicted = new ArrayList<>();
            String flip = n == 0 ? "TOTAL" : n == 1 ? "COMPANY" : null;
            for (LabelRow t : truth) {
                double[] p = new double[sroie.tags().size()];
                java.util.Arrays.fill(p, 0.05 / (p.length - 1));
                p[sroie.tagIndex(t.label())] = 0.95;
                predicted.add(new LabelRow(t.segment(), t.word(), t.box(), t.text(), t.label(), 0.95,
                        new TagProbabilities(sroie.tags(), p)));
                if (flip != null && t.label().equals(flip)) {
                    gold.add(t.withLabel("O", null));
                    flipped.add(new Object[] {id, t.segment(), t.word(), flip});
                    flip = null;
                } else {
                    gold.add(t);
                }
            }
            LabelFile.write(data.resolve("labels/" + id + ".csv"), gold);
            LabelFile.write(pred.resolve(id + ".csv"), predicted);
        }
    }
}
