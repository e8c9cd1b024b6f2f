package com.layoutlens.ui;

import com.layoutlens.data.Dataset;
import com.layoutlens.data.GoldAligner;
import com.layoutlens.data.LabelFile;
import com.layoutlens.data.LabelFolder;
import com.layoutlens.data.LabelRow;
import com.layoutlens.data.LabelSet;
import com.layoutlens.data.Problem;
import com.layoutlens.data.Receipt;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.collections.transformation.FilteredList;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The opened receipt folder: its receipts as list items (filterable), the problems found
 * while reading, and the prediction folders shown as models A and B.
 */
final class DatasetViewModel {

    /** A model's predictions: a name and label rows by receipt id. */
    record Predictions(String name, Path dir, Map<String, List<LabelRow>> rows) {
    }

    private final LabelSet labelSet;
    private final ObjectProperty<Dataset> dataset = new SimpleObjectProperty<>();
    private final ObservableList<ReceiptItem> items = FXCollections.observableArrayList();
    private final FilteredList<ReceiptItem> filtered = new FilteredList<>(items, x -> true);
    private final StringProperty filter = new SimpleStringProperty("");
    private final ObservableList<Problem> problems = FXCollections.observableArrayList();
    private final ObjectProperty<Predictions> modelA = new SimpleObjectProperty<>();
    private final ObjectProperty<Predictions> modelB = new SimpleObjectProperty<>();
    private final Map<String, List<LabelRow>> goldCache = new java.util.concurrent.ConcurrentHashMap<>();

    DatasetViewModel(LabelSet labelSet) {
        this.labelSet = labelSet;
        filter.addListener((o, a, f) -> {
            String q = f == null ? "" : f.trim().toLowerCase(Locale.ROOT);
            filtered.setPredicate(q.isEmpty() ? x -> true : x -> matches(x, q));
        });
    }

    private static boolean matches(ReceiptItem item, String q) {
        if (q.startsWith("errors")) {
            return item.errorsAProperty().get() > 0 || item.errorsBProperty().get() > 0;
        }
        if (q.startsWith("problems")) {
            return item.problems() > 0;
        }
        return item.id().toLowerCase(Locale.ROOT).contains(q);
    }

    /** Shows a read folder (on the FX thread). */
    void accept(Dataset ds) {
        Map<String, Integer> perReceipt = new HashMap<>();
        for (Problem p : ds.problems()) {
            String name = Path.of(p.file()).getFileName().toString();
            int dot = name.lastIndexOf('.');
            perReceipt.merge(dot > 0 ? name.substring(0, dot) : name, 1, Integer::sum);
        }
        List<ReceiptItem> list = new ArrayList<>(ds.receipts().size());
        for (Receipt r : ds.receipts()) {
            list.add(new ReceiptItem(r, perReceipt.getOrDefault(r.id(), 0)));
        }
        modelA.set(null);
        modelB.set(null);
        goldCache.clear();
        problems.setAll(ds.problems());
        items.setAll(list);
        dataset.set(ds);
    }

    /** Reads a folder of prediction label files as model A or B; problems are added to the panel. */
    Predictions readPredictions(Path dir) throws IOException {
        LabelFolder f = LabelFolder.read(dir, labelSet);
        List<Problem> ps = new ArrayList<>(f.problems());
        Dataset ds = dataset.get();
        if (ds != null) {
            int missing = 0;
            for (Receipt r : ds.receipts()) {
                if (!f.files().containsKey(r.id())) {
                    missing++;
                }
            }
            if (missing > 0) {
                ps.add(Problem.warning(dir.toString(), 0, missing + " receipt(s) have no prediction file here"));
            }
        }
        Background.fx(() -> problems.addAll(ps));
        return new Predictions(dir.getFileName() == null ? dir.toString() : dir.getFileName().toString(), dir, f.files());
    }

    /** A model's figures on one receipt: words it gets wrong, and its word-level micro F1. */
    record ReceiptScore(int errors, double f1) {
    }

    /**
     * For every receipt, the words where the model disagrees with the gold labels (the saved
     * label file, or the alignment when there is none) and its micro F1 over the entity
     * labels. Heavy: run in the background.
     */
    Map<String, ReceiptScore> countErrors(Predictions p) {
        Map<String, ReceiptScore> out = new HashMap<>();
        Dataset ds = dataset.get();
        if (ds == null || p == null) {
            return out;
        }
        Map<String, List<LabelRow>> golds = goldMap();
        for (Receipt r : ds.receipts()) {
            List<LabelRow> pred = p.rows().get(r.id());
            if (pred == null) {
                continue;
            }
            List<LabelRow> gold = golds.get(r.id());
            if (gold == null) {
                continue; // no gold labels: its errors are not known, never counted against all-O
            }
            Map<Long, String> pl = new HashMap<>();
            for (LabelRow x : pred) {
                pl.put(x.key(), x.label());
            }
            int errors = 0;
            int tp = 0;
            int fp = 0;
            int fn = 0;
            String o = labelSet.outside();
            for (LabelRow g : gold) {
                String l = pl.get(g.key());
                if (l == null) {
                    continue;
                }
                if (!l.equals(g.label())) {
                    errors++;
                    if (!l.equals(o)) {
                        fp++;
                    }
                    if (!g.label().equals(o)) {
                        fn++;
                    }
                } else if (!l.equals(o)) {
                    tp++;
                }
            }
            double f1 = tp == 0 ? 0 : 2.0 * tp / (2.0 * tp + fp + fn);
            out.put(r.id(), new ReceiptScore(errors, tp + fp + fn == 0 ? 1.0 : f1));
        }
        return out;
    }

    /**
     * Gold rows of every receipt that has gold labels, by id (cached; edits are put back with
     * {@link #updateGold}). A receipt without gold (no usable label file, no usable key file)
     * is absent, so it is left out of every figure. Heavy on first use: call off the FX thread.
     */
    Map<String, List<LabelRow>> goldMap() {
        Dataset ds = dataset.get();
        Map<String, List<LabelRow>> out = new java.util.LinkedHashMap<>();
        if (ds == null) {
            return out;
        }
        GoldAligner aligner = new GoldAligner(labelSet);
        for (Receipt r : ds.receipts()) {
            List<LabelRow> rows = goldCache.computeIfAbsent(r.id(), id -> goldRows(r, aligner));
            if (rows != null) {
                out.put(r.id(), rows);
            }
        }
        return out;
    }

    /** The cached gold rows of one receipt (aligning it on first use); null when it has no gold. */
    List<LabelRow> goldRowsCached(Receipt r) {
        return goldCache.computeIfAbsent(r.id(), id -> goldRows(r, new GoldAligner(labelSet)));
    }

    /**
     * Puts a receipt read anew (its OCR corrected in the app) in place of the folder's one, so
     * that model runs of the folder label the words it has now.
     */
    void replaceReceipt(Receipt r) {
        Dataset ds = dataset.get();
        if (ds == null || ds.receipt(r.id()) == null) {
            return;
        }
        List<Receipt> list = new ArrayList<>(ds.receipts().size());
        for (Receipt x : ds.receipts()) {
            list.add(x.id().equals(r.id()) ? r : x);
        }
        dataset.set(ds.withReceipts(list));
        for (ReceiptItem item : items) {
            if (item.id().equals(r.id())) {
                item.replace(r);
            }
        }
    }

    /** Records the edited gold rows of a receipt. */
    void updateGold(String id, List<LabelRow> rows) {
        goldCache.put(id, rows);
    }

    /**
     * The gold rows of a receipt as saved, else as its format read them, else as aligned from its
     * key file; null when it has
     * neither (a label file that exists but cannot be used, or no usable key file): aligning
     * nothing would make every word O and count a model's right labels as errors.
     */
    List<LabelRow> goldRows(Receipt r, GoldAligner aligner) {
        Path f = labelsDir().resolve(r.id() + ".csv");
        if (Files.exists(f) || Files.isSymbolicLink(f)) {
            try {
                LabelFile.ReadResult read = LabelFile.read(f, labelSet);
                return read.usable() ? read.rows() : null;
            } catch (IOException e) {
                return null; // the problem was reported when the folder was read
            }
        }
        Dataset ds = dataset.get();
        if (r.labels() != null && ds != null && !ds.format().equals(Dataset.FORMAT)) {
            return r.labels(); // a folder of another format: its own labels
        }
        if (r.keys() != null) {
            return aligner.align(r).rows();
        }
        return null;
    }

    /** The open receipt folder, or null. */
    Path folder() {
        Dataset ds = dataset.get();
        return ds == null ? null : ds.dir();
    }

    Path labelsDir() {
        Dataset ds = dataset.get();
        return ds == null ? Path.of(Dataset.LABELS) : ds.dir().resolve(Dataset.LABELS);
    }

    LabelSet labelSet() {
        return labelSet;
    }

    ObjectProperty<Dataset> datasetProperty() {
        return dataset;
    }

    ObservableList<ReceiptItem> items() {
        return items;
    }

    FilteredList<ReceiptItem> filtered() {
        return filtered;
    }

    StringProperty filterProperty() {
        return filter;
    }

    ObservableList<Problem> problems() {
        return problems;
    }

    /** The predictions shown as model A or B, or null. */
    ObjectProperty<Predictions> modelProperty(Slot slot) {
        return slot == Slot.A ? modelA : modelB;
    }

    ObjectProperty<Predictions> modelAProperty() {
        return modelA;
    }

    ObjectProperty<Predictions> modelBProperty() {
        return modelB;
    }
}
