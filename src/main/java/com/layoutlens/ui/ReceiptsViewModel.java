package com.layoutlens.ui;

import com.layoutlens.data.Dataset;
import com.layoutlens.data.formats.ReceiptFormats;
import com.layoutlens.data.formats.ReceiptReader;
import com.layoutlens.data.LabelDocument;
import com.layoutlens.data.LabelRow;
import com.layoutlens.data.LabelSet;
import com.layoutlens.data.OcrCorrections;
import com.layoutlens.data.Problem;
import com.layoutlens.data.Receipt;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;

import java.io.IOException;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * The Receipts screen's state and commands: the open folder ({@link DatasetViewModel}), the
 * receipt on screen ({@link ReceiptViewModel}), which model's prediction it shows, the
 * folder and prediction loading, the per-receipt scores in the list, and the status line.
 */
final class ReceiptsViewModel implements ModelRunViewModel.Listener {

    private final LabelSet labelSet;
    private final DatasetViewModel datasets;
    private final ReceiptViewModel receipt;
    private final Worker background;
    private final Executor ui;
    private final StatusLine status;
    private final ObjectProperty<Slot> shown = new SimpleObjectProperty<>(Slot.A);
    private final ObjectProperty<ReceiptItem> selected = new SimpleObjectProperty<>();
    private final Map<Slot, Path> modelFolders = new EnumMap<>(Slot.class);
    private final ObjectProperty<Path> shownModelFolder = new SimpleObjectProperty<>();
    private Runnable onGoldEdited = () -> { };
    /** A model's rows of a receipt as it gave them, and the OCR corrections of the words it labelled. */
    private record Seen(List<LabelRow> rows, List<OcrCorrections.Edit> edits) {
    }

    /** Per slot, the receipts whose OCR was corrected since the model labelled them: what it saw. */
    private final Map<Slot, Map<String, Seen>> seen = new EnumMap<>(Slot.class);
    /** The OCR corrections of each receipt corrected since the folder was opened, as they are now. */
    private final Map<String, List<OcrCorrections.Edit>> editsNow = new java.util.HashMap<>();
    private String shownId;
    /** The slots whose per-receipt figures are counted again once an OCR edit's gold rows are recorded. */
    private final java.util.Set<Slot> rescore = java.util.EnumSet.noneOf(Slot.class);
    private List<OcrCorrections.Edit> shownEdits = List.of();

    ReceiptsViewModel(DatasetViewModel datasets, ReceiptViewModel receipt, Worker background, Executor ui,
                      StatusLine status) {
        this.labelSet = datasets.labelSet();
        this.datasets = datasets;
        this.receipt = receipt;
        this.background = background;
        this.ui = ui;
        this.status = status;
        useTokenizerOf(TokenizerPieces.DEMO);
        for (Slot slot : Slot.values()) {
            seen.put(slot, new java.util.HashMap<>());
        }
        shown.addListener(o -> refreshPrediction());
        shown.addListener(o -> updateShownModelFolder());
        receipt.receiptProperty().addListener((o, old, now) -> {
            List<OcrCorrections.Edit> edits = receipt.correctionEdits();
            if (old != null && now != null && now.id().equals(shownId) && !edits.equals(shownEdits)) {
                ocrCorrected(now, edits);
            }
            shownId = now == null ? null : now.id();
            shownEdits = edits;
        });
        Consumer<LabelDocument> onEdit = d -> ui.execute(() -> {
            Receipt r = receipt.receiptProperty().get();
            if (r != null) {
                datasets.updateGold(r.id(), d.rows());
                onGoldEdited.run();
                for (Slot slot : rescore) {
                    DatasetViewModel.Predictions p = datasets.modelProperty(slot).get();
                    background.execute(() -> {
                        Map<String, DatasetViewModel.ReceiptScore> scores = datasets.countErrors(p);
                        ui.execute(() -> showScores(scores, slot));
                    });
                }
                rescore.clear();
            }
        });
        receipt.goldProperty().addListener((o, old, doc) -> {
            if (old != null) {
                old.removeListener(onEdit);
            }
            if (doc != null) {
                doc.addListener(onEdit);
            }
        });
    }

    /** What to run after a gold label was edited and recorded (the evaluation's recompute). */
    void onGoldEdited(Runnable action) {
        this.onGoldEdited = action;
    }

    /** Shows a receipt of the list (null: nothing changes). */
    void select(ReceiptItem item) {
        selected.set(item);
        if (item == null) {
            return;
        }
        try {
            receipt.show(item.receipt(), datasets.labelsDir(), shownRows(item.id()), datasets.goldRowsCached(item.receipt()));
            status.say(item.id() + (item.receipt().image() == null ? " (no image)" : ""));
        } catch (IOException e) {
            error(e);
        }
    }

    /**
     * Reads a receipt folder in the background; the status bar shows its progress, problems
     * go to the problems panel, and {@code then} runs on the UI thread once it is shown.
     */
    void open(Path dir, Consumer<Dataset> then) {
        status.busy("Reading " + dir);
        background.execute(() -> {
            try {
                // the app's label edits are saved in DIR/labels whatever the format: read back over its own
                Dataset ds = ReceiptFormats.load(dir, ReceiptFormats.AUTO, new ReceiptReader.Options(labelSet,
                        dir.resolve(Dataset.LABELS), false, (done, total) -> ui.execute(() -> status.progress(done, total))));
                ui.execute(() -> {
                    status.idle();
                    seen.values().forEach(Map::clear);
                    editsNow.clear();
                    shownId = null; // a receipt of the same name in another folder is no correction
                    datasets.accept(ds);
                    status.say(ds.receipts().size() + " receipts from " + dir
                            + (ds.problems().isEmpty() ? "" : ", " + ds.problems().size() + " problem(s)"));
                    then.accept(ds);
                });
            } catch (IOException | RuntimeException e) {
                error(e);
            }
        });
    }

    /**
     * The words of a receipt were corrected (an OCR edit, its undo or redo): the folder's receipt
     * is replaced, so that a model run labels the corrected words, and each model's labels of it
     * follow the words as gold labels do (a split half gets the word's label, merged words the
     * one that is not O, an added word O), marked stale until the model labels the receipt again.
     * Undone back to the words the model saw, its own labels return; undone past them, the
     * receipt has no prediction until the model runs again.
     */
    private void ocrCorrected(Receipt now, List<OcrCorrections.Edit> edits) {
        datasets.replaceReceipt(now);
        String id = now.id();
        editsNow.put(id, edits);
        for (Slot slot : Slot.values()) {
            DatasetViewModel.Predictions p = datasets.modelProperty(slot).get();
            if (p == null) {
                continue;
            }
            Seen s = seen.get(slot).get(id);
            if (s == null) {
                List<LabelRow> rows = p.rows().get(id);
                if (rows == null) {
                    continue;
                }
                s = new Seen(rows, shownEdits);
                seen.get(slot).put(id, s);
            }
            List<LabelRow> carried = carry(s, edits);
            Map<String, List<LabelRow>> rows = new java.util.LinkedHashMap<>(p.rows());
            if (carried == null) {
                rows.remove(id);
            } else {
                rows.put(id, carried);
            }
            datasets.modelProperty(slot).set(new DatasetViewModel.Predictions(p.name(), p.dir(), rows));
            rescore.add(slot); // once the gold rows of the corrected words are recorded
            if (isStale(slot, id)) {
                String what = staleMessageStart(slot) + id + " before its OCR corrections; "
                        + (carried == null ? "it has no labels for them" : "its labels follow the corrected words")
                        + " until it labels the receipt again (Models > Run model as " + slot + ")";
                status.say("OCR corrected: " + what);
                if (datasets.problems().stream().noneMatch(x -> x.file().equals(id) && x.message().equals(what))) {
                    datasets.problems().add(Problem.warning(id, 0, what));
                }
            }
        }
        refreshPrediction();
    }

    /**
     * A model's labels carried from the words it saw to the words after {@code edits}, edit by
     * edit; null when {@code edits} do not continue the corrections of the words it saw (undone
     * past them).
     */
    private List<LabelRow> carry(Seen s, List<OcrCorrections.Edit> edits) {
        int n = s.edits().size();
        List<com.layoutlens.data.Segment> original = receipt.originalSegments();
        if (original == null || edits.size() < n || !edits.subList(0, n).equals(s.edits())) {
            return null;
        }
        List<LabelRow> rows = s.rows();
        for (int i = n; i < edits.size(); i++) {
            OcrCorrections.Applied a = OcrCorrections.apply(original, edits.subList(0, i + 1), "corrections");
            if (a.applied() <= i) {
                return null;
            }
            rows = OcrCorrections.remap(rows, a.changes().get(i), a.segments(), labelSet.outside());
        }
        return rows;
    }

    /** New predictions in a slot: nothing of it is stale any more, and Problems no longer says so. */
    private void forgetStale(Slot slot) {
        seen.get(slot).clear();
        String said = staleMessageStart(slot);
        datasets.problems().removeIf(x -> !x.isError() && x.message().startsWith(said));
    }

    private static String staleMessageStart(Slot slot) {
        return "model " + slot + " labelled the words of ";
    }

    /** Whether a model's labels of a receipt were given to other words than the receipt has now. */
    boolean isStale(Slot slot, String id) {
        Seen s = seen.get(slot).get(id);
        return s != null && !s.edits().equals(editsNow.get(id));
    }

    /** Reads a folder of prediction label files as model A or B in the background and scores each receipt. */
    void openPredictions(Path dir, Slot slot) {
        background.execute(() -> {
            try {
                DatasetViewModel.Predictions p = datasets.readPredictions(dir);
                Map<String, DatasetViewModel.ReceiptScore> scores = datasets.countErrors(p);
                ui.execute(() -> {
                    forgetStale(slot);
                    datasets.modelProperty(slot).set(p);
                    refreshPrediction();
                    showScores(scores, slot);
                    int total = scores.values().stream().mapToInt(DatasetViewModel.ReceiptScore::errors).sum();
                    status.say("Model " + slot + ": " + dir + " (" + total + " disagreeing words)");
                });
            } catch (IOException | RuntimeException e) {
                error(e);
            }
        });
    }

    /** Shows a model's predictions as A or B and scores each receipt in the background. */
    void setPredictions(DatasetViewModel.Predictions p, Slot slot) {
        forgetStale(slot);
        datasets.modelProperty(slot).set(p);
        refreshPrediction();
        background.execute(() -> {
            Map<String, DatasetViewModel.ReceiptScore> scores = datasets.countErrors(p);
            ui.execute(() -> showScores(scores, slot));
        });
    }

    /** Puts a model's per-receipt errors and F1 into the receipt list (-1 where it has no prediction). */
    void showScores(Map<String, DatasetViewModel.ReceiptScore> scores, Slot slot) {
        for (ReceiptItem i : datasets.items()) {
            DatasetViewModel.ReceiptScore sc = scores.get(i.id());
            (slot == Slot.A ? i.errorsAProperty() : i.errorsBProperty()).set(sc == null ? -1 : sc.errors());
            (slot == Slot.A ? i.f1AProperty() : i.f1BProperty()).set(sc == null ? -1 : sc.f1());
        }
    }

    /** The shown model's rows of a receipt, or null. */
    List<LabelRow> shownRows(String id) {
        DatasetViewModel.Predictions p = datasets.modelProperty(shown.get()).get();
        return p == null ? null : p.rows().get(id);
    }

    private void refreshPrediction() {
        ReceiptItem sel = selected.get();
        if (sel != null) {
            receipt.setPrediction(shownRows(sel.id()));
        }
    }

    @Override
    public void warning(Problem problem) {
        datasets.problems().add(problem);
    }

    /** A model run finished: its problems are listed, its predictions shown in its slot. */
    @Override
    public void finished(Slot slot, Path modelDir, DatasetViewModel.Predictions predictions,
                         com.layoutlens.service.PredictionRun.Outcome outcome, String statusLine) {
        datasets.problems().addAll(outcome.problems());
        modelFolders.put(slot, modelDir);
        if (slot == Slot.A) {
            useTokenizerOf(modelDir);
        }
        setPredictions(predictions, slot);
        updateShownModelFolder();
        status.say(statusLine);
    }

    @Override
    public void say(String statusLine) {
        status.say(statusLine);
    }

    @Override
    public void failed(Throwable error) {
        error(error);
    }

    /**
     * Words that look misread because the tokenizer breaks them into many pieces are found with
     * this folder's tokenizer (model A's; the demo vocabulary until one runs); a folder without
     * one keeps the tokenizer in use.
     */
    void useTokenizerOf(Path folder) {
        TokenizerPieces now = receipt.piecesProperty().get();
        if (now != null && folder != null && now.folder().toAbsolutePath().normalize()
                .equals(folder.toAbsolutePath().normalize())) {
            return;
        }
        TokenizerPieces t = TokenizerPieces.of(folder);
        if (t != null) {
            receipt.piecesProperty().set(t);
            if (now != null) {
                now.close();
            }
        }
    }

    /** The model folder of the shown slot, else A's: the one the Model input tab reads with. */
    private void updateShownModelFolder() {
        Path p = modelFolders.get(shown.get());
        shownModelFolder.set(p != null ? p : modelFolders.get(Slot.A));
    }

    /** Switches the receipt view between A's and B's prediction. */
    void toggleShown() {
        shown.set(shown.get().other());
    }

    /** Selects the next disagreement; its index, or -1 (and the status bar says so). */
    int nextError() {
        int i = receipt.selectNextError();
        if (i < 0) {
            status.say("No disagreements on this receipt");
        }
        return i;
    }

    /** The line under the receipt: the hovered word's text, labels and score, or the receipt's summary. */
    String hoverText() {
        int h = receipt.hoveredProperty().get();
        List<LabelRow> rows = receipt.goldRows();
        if (h < 0 || h >= rows.size()) {
            Receipt r = receipt.receiptProperty().get();
            return r == null ? " " : r.id() + ": " + rows.size() + " words, " + receipt.errors().size()
                    + " disagreement(s) with model " + shown.get() + "; hover a box for details";
        }
        LabelRow g = rows.get(h);
        LabelRow p = receipt.predictionOf(g);
        return String.format("'%s'   gold: %s   model " + shown.get() + ": %s%s   segment %d, word %d", g.text(), g.label(),
                p == null ? "-" : p.label(), p == null || p.score() == null ? "" : String.format(" (%.3f)", p.score()),
                g.segment(), g.word());
    }

    /** The index in the gold rows of a word, or -1. */
    int indexOf(int segment, int word) {
        List<LabelRow> rows = receipt.goldRows();
        for (int i = 0; i < rows.size(); i++) {
            if (rows.get(i).segment() == segment && rows.get(i).word() == word) {
                return i;
            }
        }
        return -1;
    }

    /** Shows an error: in the status bar, and in the problems panel. */
    void error(Throwable ex) {
        ui.execute(() -> {
            status.idle();
            String msg = ex.getMessage() == null ? ex.toString() : ex.getMessage();
            status.say("Error: " + msg);
            datasets.problems().add(Problem.error("(app)", 0, msg));
        });
    }

    LabelSet labelSet() {
        return labelSet;
    }

    DatasetViewModel datasets() {
        return datasets;
    }

    ReceiptViewModel receipt() {
        return receipt;
    }

    StatusLine status() {
        return status;
    }

    ObjectProperty<Slot> shownProperty() {
        return shown;
    }

    ObjectProperty<Path> shownModelFolderProperty() {
        return shownModelFolder;
    }

    ObjectProperty<ReceiptItem> selectedProperty() {
        return selected;
    }
}
