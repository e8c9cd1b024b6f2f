package com.layoutlens.ui;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.layoutlens.data.Dataset;
import com.layoutlens.data.LabelFolder;
import com.layoutlens.data.LabelRow;
import com.layoutlens.data.LabelSet;
import com.layoutlens.data.Problem;
import com.layoutlens.eval.ConfidentLearning;
import com.layoutlens.eval.Matcher;
import com.layoutlens.eval.SuspectedErrors;
import com.layoutlens.service.CrossValidation;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
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
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * The Suspects screen's state and commands: the open folder's gold words whose label is probably
 * wrong, by confident learning ({@link SuspectedErrors}, as {@code suspects} finds them) on a
 * prediction folder with probabilities, most likely first, filterable by label; opening a
 * suspect's receipt with the word selected, accepting its suggestion (an ordinary label edit of
 * the receipt: undoable, saved) and dismissing it (remembered for the folder, {@link SuspectDismissals}).
 *
 * <p>The predictions: the folder chosen; else the out-of-fold folder of the cross-validation the
 * Training tab finished last; else the newest cross-validation of this receipt folder under
 * {@code models/} (its {@code folds.json} names the folder); else model A's or B's run, whose
 * results carry the probabilities.
 */
final class SuspectsViewModel {

    /** What the list does to the receipts: the Receipts screen's own paths. */
    interface Receipts {

        /** Shows the receipt with the word selected; false when the open folder has no such word. */
        boolean open(String receipt, int segment, int word);

        /** Sets a word's label as the label keys do (one undoable edit, saved); false when nothing changed. */
        boolean label(String receipt, int segment, int word, String label);
    }

    /**
     * One suspect.
     *
     * @param goldTag    the gold row's tag (the dismissal's key)
     * @param gold       its entity type (or O)
     * @param suggested  the type confident learning suggests
     * @param confidence one minus the word's probability of its gold type
     * @param context    the word's OCR line, the word in brackets
     */
    record Row(String receipt, int segment, int word, String text, String goldTag, String gold, String suggested,
               double confidence, String context) {
    }

    /** The filter's choice for every label. */
    static final String ALL = "all labels";

    private final DatasetViewModel datasets;
    private final LabelSet labelSet;
    private final Executor background;
    private final Executor ui;
    private final Receipts receipts;
    private final Consumer<Throwable> onError;
    private final ObjectProperty<Path> folder = new SimpleObjectProperty<>();
    private final StringProperty filter = new SimpleStringProperty(ALL);
    private final StringProperty status = new SimpleStringProperty(
            "Suspected label errors: load a prediction folder with probabilities (a cross-validation's out-of-fold/).");
    private final StringProperty source = new SimpleStringProperty("");
    private final BooleanProperty loading = new SimpleBooleanProperty(false);
    private final ObservableList<Row> all = FXCollections.observableArrayList();
    private final FilteredList<Row> shown = new FilteredList<>(all, r -> true);
    private final AtomicLong generation = new AtomicLong();
    private Path offered;
    /** The user chose the folder: a finished cross-validation does not replace it. */
    private boolean chosen;
    private Path modelsRoot = Path.of("models");
    private SuspectDismissals dismissals;
    private Dataset loadedFor;

    SuspectsViewModel(DatasetViewModel datasets, Executor background, Executor ui, Receipts receipts,
                      Consumer<Throwable> onError) {
        this.datasets = datasets;
        this.labelSet = datasets.labelSet();
        this.background = background;
        this.ui = ui;
        this.receipts = receipts;
        this.onError = onError;
        filter.addListener((o, a, f) -> shown.setPredicate(r -> f == null || f.equals(ALL) || r.gold().equals(f)
                || r.suggested().equals(f)));
        datasets.datasetProperty().addListener(o -> {
            generation.incrementAndGet();
            all.clear();
            loadedFor = null;
            dismissals = null;
            loading.set(false);
            source.set("");
        });
    }

    /** The filter's choices: every label, then each label of the schema (O included). */
    List<String> filterChoices() {
        List<String> c = new ArrayList<>();
        c.add(ALL);
        c.addAll(labelSet.labels());
        return c;
    }

    /** Where {@link #defaultFolder} looks for cross-validations of the open folder ({@code models/}). */
    void modelsRoot(Path root) {
        this.modelsRoot = root;
    }

    /** A finished cross-validation's out-of-fold folder: the default from now on, loaded when nothing else was chosen. */
    void offer(Path outOfFold) {
        if (outOfFold == null) {
            return;
        }
        offered = outOfFold;
        if (!chosen) {
            folder.set(outOfFold);
            loadedFor = null; // loaded again when shown
        }
    }

    /** Loads the list unless it is there for the open folder already. */
    void loadIfNeeded() {
        Dataset ds = datasets.datasetProperty().get();
        if (ds != null && ds != loadedFor && !loading.get()) {
            load();
        }
    }

    /** Chooses a prediction folder and loads it. */
    void choose(Path dir) {
        chosen = dir != null;
        folder.set(dir);
        load();
    }

    /**
     * The predictions to use when none was chosen: the offered out-of-fold folder, else the newest
     * cross-validation of the open folder under the models root; null when there is none.
     */
    Path defaultFolder(Path dataDir) {
        if (offered != null && Files.isDirectory(offered)) {
            return offered;
        }
        return latestCrossValidation(modelsRoot, dataDir);
    }

    /** The out-of-fold folder of the newest {@code ROOT/&#42;/folds.json} whose data folder is {@code dataDir}, or null. */
    static Path latestCrossValidation(Path root, Path dataDir) {
        if (root == null || !Files.isDirectory(root)) {
            return null;
        }
        Path best = null;
        long newest = Long.MIN_VALUE;
        try (Stream<Path> runs = Files.list(root)) {
            for (Path run : runs.toList()) {
                Path f = run.resolve(CrossValidation.FOLDS_FILE);
                Path oof = run.resolve(CrossValidation.OUT_OF_FOLD);
                if (!Files.isRegularFile(f) || !Files.isDirectory(oof)) {
                    continue;
                }
                try {
                    String data = new ObjectMapper().readTree(f.toFile()).path("data").asText("");
                    long t = Files.getLastModifiedTime(f).toMillis();
                    if (!data.isEmpty() && Files.isSameFile(Path.of(data), dataDir) && t > newest) {
                        newest = t;
                        best = oof;
                    }
                } catch (IOException | RuntimeException e) {
                    // not a cross-validation of this folder
                }
            }
        } catch (IOException e) {
            return null;
        }
        return best;
    }

    /** Finds the suspects of the open folder in the background; the newest request wins. */
    void load() {
        Dataset ds = datasets.datasetProperty().get();
        if (ds == null) {
            status.set("Open a receipt folder first: the suspects are its gold words.");
            return;
        }
        Path dir = folder.get();
        DatasetViewModel.Predictions run = null;
        if (dir == null) {
            dir = defaultFolder(ds.dir());
            folder.set(dir);
        }
        if (dir == null) {
            for (Slot slot : Slot.values()) {
                DatasetViewModel.Predictions p = datasets.modelProperty(slot).get();
                if (run == null && p != null && hasProbabilities(p.rows())) {
                    run = p;
                }
            }
        }
        if (dir == null && run == null) {
            status.set("No predictions with probabilities yet: run a cross-validation (Training tab, folds of 2 or "
                    + "more; or train --cross-val K), run a model as A, or choose a folder written by predict --probs.");
            return;
        }
        long gen = generation.incrementAndGet();
        loading.set(true);
        status.set("Finding suspected label errors...");
        Path predDir = dir;
        DatasetViewModel.Predictions model = run;
        String name = dir != null ? dir.toString() : "the run of " + run.name();
        background.execute(() -> {
            Outcome o = compute(ds, predDir, model);
            ui.execute(() -> {
                if (gen != generation.get()) {
                    return;
                }
                loading.set(false);
                loadedFor = ds;
                dismissals = o.dismissals();
                all.setAll(o.rows());
                source.set(name);
                status.set(o.message());
                if (o.error() != null) {
                    onError.accept(o.error());
                }
            });
        });
    }

    /** What a load found: the rows not dismissed, the dismissals, the status line, an error to report. */
    private record Outcome(List<Row> rows, SuspectDismissals dismissals, String message, Throwable error) {
    }

    private Outcome compute(Dataset ds, Path dir, DatasetViewModel.Predictions run) {
        SuspectDismissals d;
        Throwable error = null;
        try {
            d = SuspectDismissals.load(ds.dir());
        } catch (IOException e) {
            d = SuspectDismissals.empty(ds.dir());
            error = e;
        }
        Map<String, List<LabelRow>> gold = datasets.goldMap();
        Map<String, List<LabelRow>> pred;
        List<Problem> problems = new ArrayList<>();
        try {
            pred = run != null ? run.rows() : LabelFolder.read(dir, labelSet).files();
        } catch (IOException | RuntimeException e) {
            return new Outcome(List.of(), d, "Cannot read " + dir + ": " + e.getMessage(), e);
        }
        Matcher.Result m = Matcher.match(gold, pred, null, id -> id, id -> dir == null ? id
                : dir.resolve(id + ".csv").toString());
        problems.addAll(m.problems());
        SuspectedErrors.Result found = SuspectedErrors.find(labelSet, m.pairs());
        if (found.words() == 0) {
            return new Outcome(List.of(), d, m.pairs().isEmpty() ? "No receipt of the folder has a prediction in "
                    + (dir == null ? run.name() : dir) : "The predictions have no probability columns (p_TAG): write "
                    + "them with a cross-validation or predict --probs", error);
        }
        Map<String, List<LabelRow>> byReceipt = new java.util.HashMap<>();
        m.pairs().forEach(p -> byReceipt.put(p.id(), p.gold()));
        List<Row> rows = new ArrayList<>();
        int hidden = 0;
        for (ConfidentLearning.Suspect<SuspectedErrors.Word> s : found.suspects()) {
            SuspectedErrors.Word w = s.item().id();
            LabelRow g = w.gold();
            if (d.isDismissed(w.receipt(), g.segment(), g.word(), g.label())) {
                hidden++;
                continue;
            }
            rows.add(new Row(w.receipt(), g.segment(), g.word(), g.text(), g.label(), labelSet.label(s.item().given()),
                    labelSet.label(s.suggested()), s.confidence(), context(byReceipt.get(w.receipt()), g)));
        }
        String msg = String.format(Locale.ROOT, "%d suspected label errors among %d words (confident learning, by "
                        + "self-confidence)%s%s. A or Enter accepts the suggestion, Delete dismisses, double-click "
                        + "opens the receipt.", rows.size(), found.words(),
                hidden == 0 ? "" : "; " + hidden + " dismissed, hidden",
                m.problems().isEmpty() ? "" : "; " + m.problems().size() + " receipts not matched");
        return new Outcome(rows, d, msg, error);
    }

    private static boolean hasProbabilities(Map<String, List<LabelRow>> rows) {
        for (List<LabelRow> r : rows.values()) {
            return !r.isEmpty() && r.get(0).probs() != null;
        }
        return false;
    }

    /** The word's OCR line with the word in brackets. */
    static String context(List<LabelRow> rows, LabelRow word) {
        StringBuilder sb = new StringBuilder();
        for (LabelRow r : rows == null ? List.<LabelRow>of() : rows) {
            if (r.segment() == word.segment()) {
                sb.append(sb.length() == 0 ? "" : " ").append(r.word() == word.word() ? "[" + r.text() + "]" : r.text());
            }
        }
        return sb.toString();
    }

    /** Shows the suspect's receipt with its word selected. */
    boolean open(Row r) {
        if (r == null) {
            return false;
        }
        boolean ok = receipts.open(r.receipt(), r.segment(), r.word());
        if (!ok) {
            status.set("Cannot open " + r.receipt() + " segment " + r.segment() + " word " + r.word()
                    + ": the folder no longer has that word (reload the list)");
        }
        return ok;
    }

    /**
     * Accepts a suspect's suggestion: its receipt is opened and the word labelled as suggested, an
     * ordinary label edit (Ctrl+Z in the receipt undoes it; saved as every edit is); the suspect
     * leaves the list.
     */
    boolean accept(Row r) {
        if (r == null || !open(r)) {
            return false;
        }
        boolean changed = receipts.label(r.receipt(), r.segment(), r.word(), r.suggested());
        all.remove(r);
        status.set(changed ? String.format(Locale.ROOT, "Accepted: '%s' in %s is now %s (was %s); Ctrl+Z undoes it",
                r.text(), r.receipt(), r.suggested(), r.gold())
                : "'" + r.text() + "' in " + r.receipt() + " already has the label " + r.suggested());
        return changed;
    }

    /** Dismisses a suspect (its gold label is right): hidden now and whenever the folder is opened again. */
    void dismiss(Row r) {
        if (r == null || dismissals == null) {
            return;
        }
        all.remove(r);
        try {
            dismissals.dismiss(new SuspectDismissals.Dismissal(r.receipt(), r.segment(), r.word(), r.goldTag(),
                    r.suggested()));
            status.set("Dismissed: '" + r.text() + "' in " + r.receipt() + " keeps " + r.gold() + " (remembered in "
                    + dismissals.file().getFileName() + ")");
        } catch (IOException e) {
            status.set("Dismissed for now, not remembered: " + com.layoutlens.data.WriteErrors.cannotWrite(
                    dismissals.file(), e));
            onError.accept(e);
        }
    }

    ObjectProperty<Path> folderProperty() {
        return folder;
    }

    StringProperty filterProperty() {
        return filter;
    }

    StringProperty statusProperty() {
        return status;
    }

    StringProperty sourceProperty() {
        return source;
    }

    BooleanProperty loadingProperty() {
        return loading;
    }

    /** The suspects shown: not dismissed, not accepted, through the label filter, most likely first. */
    ObservableList<Row> rows() {
        return shown;
    }
}
