package com.layoutlens.ui;

import com.layoutlens.data.GoldAligner;
import com.layoutlens.data.LabelDocument;
import com.layoutlens.data.LabelRow;
import com.layoutlens.data.LabelSet;
import com.layoutlens.data.Receipt;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableSet;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The state of the receipt on screen: its gold labels (an editable {@link LabelDocument}),
 * the prediction shown beside them, the selection and the overlay switches. No nodes: the
 * view observes {@link #revisionProperty()} and redraws.
 */
final class ReceiptViewModel {

    /** How a word's prediction relates to its gold label. */
    enum Diff { AGREE, FALSE_POSITIVE, FALSE_NEGATIVE, WRONG_TYPE, NO_PREDICTION }

    private final LabelSet labelSet;
    private final ObjectProperty<Receipt> receipt = new SimpleObjectProperty<>();
    private final ObjectProperty<LabelDocument> gold = new SimpleObjectProperty<>();
    private final ObjectProperty<List<LabelRow>> prediction = new SimpleObjectProperty<>();
    private final ObservableSet<Integer> selection = FXCollections.observableSet();
    private final IntegerProperty hovered = new SimpleIntegerProperty(-1);
    private final BooleanProperty showGold = new SimpleBooleanProperty(true);
    private final BooleanProperty showPrediction = new SimpleBooleanProperty(true);
    private final BooleanProperty diffMode = new SimpleBooleanProperty(false);
    private final BooleanProperty showSegments = new SimpleBooleanProperty(false);
    private final ReadOnlyIntegerWrapper revision = new ReadOnlyIntegerWrapper();
    private final ReadOnlyStringWrapper saveState = new ReadOnlyStringWrapper("");
    private Map<Long, LabelRow> predictionByKey = Map.of();

    ReceiptViewModel(LabelSet labelSet) {
        this.labelSet = labelSet;
        showGold.addListener(o -> bump());
        showPrediction.addListener(o -> bump());
        diffMode.addListener(o -> bump());
        showSegments.addListener(o -> bump());
        hovered.addListener(o -> bump());
        selection.addListener((javafx.collections.SetChangeListener<Integer>) c -> bump());
    }

    /**
     * Shows a receipt. Its gold labels come from {@code labelsDir/ID.csv} when that exists,
     * otherwise they are aligned from the key file (the file is then written by the first
     * edit only).
     */
    void show(Receipt r, Path labelsDir, List<LabelRow> predicted) throws IOException {
        show(r, labelsDir, predicted, null);
    }

    /** As {@link #show(Receipt, Path, List)}, with the aligned gold rows when the caller has them cached. */
    void show(Receipt r, Path labelsDir, List<LabelRow> predicted, List<LabelRow> aligned) throws IOException {
        LabelDocument old = gold.get();
        if (old != null) {
            old.removeListener(this::documentChanged);
        }
        List<LabelRow> initial = aligned != null ? aligned : r.keys() != null ? new GoldAligner(labelSet).align(r).rows()
                : r.words().stream().map(w -> LabelRow.of(w, labelSet.outside(), null)).toList();
        LabelDocument doc = LabelDocument.open(labelsDir.resolve(r.id() + ".csv"), labelSet, initial);
        doc.addListener(this::documentChanged);
        selection.clear();
        hovered.set(-1);
        receipt.set(r);
        gold.set(doc);
        setPrediction(predicted);
        updateSaveState();
        bump();
    }

    void setPrediction(List<LabelRow> rows) {
        prediction.set(rows);
        Map<Long, LabelRow> m = new HashMap<>();
        if (rows != null) {
            for (LabelRow p : rows) {
                m.put(p.key(), p);
            }
        }
        predictionByKey = m;
        bump();
    }

    private void documentChanged(LabelDocument d) {
        Background.fx(() -> {
            updateSaveState();
            bump();
        });
    }

    private void updateSaveState() {
        LabelDocument d = gold.get();
        if (d == null) {
            saveState.set("");
        } else if (d.lastSaveError() instanceof LabelDocument.ExternalChangeException) {
            saveState.set("changed outside: reload or overwrite");
        } else if (d.lastSaveError() != null) {
            saveState.set("not saved: " + com.layoutlens.data.WriteErrors.cannotWrite(d.file(), d.lastSaveError()));
        } else if (d.isDirty()) {
            saveState.set("unsaved");
        } else if (!d.file().toFile().exists() && receipt.get() != null && receipt.get().keys() == null) {
            saveState.set("no gold labels (" + receipt.get().keyIssue() + "): left out of the figures until labelled");
        } else if (!d.file().toFile().exists()) {
            saveState.set("labels aligned from key file (not yet saved)");
        } else {
            saveState.set("saved");
        }
    }

    /** Sets the label of the selected words (or of the hovered word when nothing is selected). */
    boolean labelSelection(String label) {
        LabelDocument d = gold.get();
        if (d == null) {
            return false;
        }
        int[] idx = selectedOrHovered();
        if (idx.length == 0) {
            return false;
        }
        return d.setLabel(idx, label);
    }

    int[] selectedOrHovered() {
        if (!selection.isEmpty()) {
            return selection.stream().mapToInt(Integer::intValue).sorted().toArray();
        }
        return hovered.get() >= 0 ? new int[] {hovered.get()} : new int[0];
    }

    boolean undo() {
        return gold.get() != null && gold.get().undo();
    }

    boolean redo() {
        return gold.get() != null && gold.get().redo();
    }

    void reloadFromDisk() throws IOException {
        if (gold.get() != null) {
            gold.get().reload();
        }
    }

    void overwriteDisk() throws IOException {
        if (gold.get() != null) {
            gold.get().overwrite();
        }
    }

    /** The gold rows now shown (empty when no receipt). */
    List<LabelRow> goldRows() {
        LabelDocument d = gold.get();
        return d == null ? List.of() : d.rows();
    }

    /** The prediction of gold row {@code i}, or null. */
    LabelRow predictionOf(LabelRow goldRow) {
        return predictionByKey.get(goldRow.key());
    }

    Diff diff(LabelRow g) {
        LabelRow p = predictionOf(g);
        if (p == null) {
            return Diff.NO_PREDICTION;
        }
        String o = labelSet.outside();
        if (p.label().equals(g.label())) {
            return Diff.AGREE;
        }
        if (g.label().equals(o)) {
            return Diff.FALSE_POSITIVE;
        }
        if (p.label().equals(o)) {
            return Diff.FALSE_NEGATIVE;
        }
        return Diff.WRONG_TYPE;
    }

    /** Indices of the gold rows whose prediction disagrees, in order. */
    List<Integer> errors() {
        List<Integer> out = new ArrayList<>();
        List<LabelRow> rows = goldRows();
        for (int i = 0; i < rows.size(); i++) {
            Diff d = diff(rows.get(i));
            if (d != Diff.AGREE && d != Diff.NO_PREDICTION) {
                out.add(i);
            }
        }
        return out;
    }

    /** Selects the next disagreeing word after the current selection; returns its index or -1. */
    int selectNextError() {
        List<Integer> errs = errors();
        if (errs.isEmpty()) {
            return -1;
        }
        int after = selection.isEmpty() ? -1 : selection.stream().mapToInt(Integer::intValue).max().orElse(-1);
        int next = errs.stream().filter(i -> i > after).findFirst().orElse(errs.get(0));
        selection.clear();
        selection.add(next);
        return next;
    }

    private void bump() {
        revision.set(revision.get() + 1);
    }

    LabelSet labelSet() {
        return labelSet;
    }

    ObjectProperty<Receipt> receiptProperty() {
        return receipt;
    }

    ObjectProperty<LabelDocument> goldProperty() {
        return gold;
    }

    ObjectProperty<List<LabelRow>> predictionProperty() {
        return prediction;
    }

    ObservableSet<Integer> selection() {
        return selection;
    }

    IntegerProperty hoveredProperty() {
        return hovered;
    }

    BooleanProperty showGoldProperty() {
        return showGold;
    }

    BooleanProperty showPredictionProperty() {
        return showPrediction;
    }

    BooleanProperty diffModeProperty() {
        return diffMode;
    }

    BooleanProperty showSegmentsProperty() {
        return showSegments;
    }

    ReadOnlyIntegerProperty revisionProperty() {
        return revision.getReadOnlyProperty();
    }

    ReadOnlyStringProperty saveStateProperty() {
        return saveState.getReadOnlyProperty();
    }
}
