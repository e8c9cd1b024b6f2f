package com.layoutlens.ui;

import com.layoutlens.data.BoxFile;
import com.layoutlens.data.Box;
import com.layoutlens.data.GoldAligner;
import com.layoutlens.data.OcrCorrections;
import com.layoutlens.data.OcrSuggestions;
import com.layoutlens.data.Segment;
import com.layoutlens.data.Word;
import com.layoutlens.data.LabelDocument;
import com.layoutlens.data.LabelRow;
import com.layoutlens.data.LabelSet;
import com.layoutlens.data.Receipt;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
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
import com.layoutlens.eval.ErrorCause;
import com.layoutlens.eval.ErrorCauses;
import com.layoutlens.eval.ReceiptPair;

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
    private final BooleanProperty diffByCause = new SimpleBooleanProperty(false);
    private final BooleanProperty showSegments = new SimpleBooleanProperty(false);
    private final ReadOnlyIntegerWrapper revision = new ReadOnlyIntegerWrapper();
    private final ReadOnlyStringWrapper saveState = new ReadOnlyStringWrapper("");
    private final BooleanProperty showOriginal = new SimpleBooleanProperty(false);
    private final ReadOnlyStringWrapper ocrMessage = new ReadOnlyStringWrapper("");
    private final ReadOnlyObjectWrapper<List<Integer>> splitHalves = new ReadOnlyObjectWrapper<>(List.of());
    /** The kind of words that look misread that Tab walks and the receipt view shows; null: every kind. */
    private final ObjectProperty<OcrSuggestions.Kind> suggestionKind = new SimpleObjectProperty<>();
    /** The tokenizer whose piece counts find words broken into many pieces; null: none. */
    private final ObjectProperty<TokenizerPieces> pieces = new SimpleObjectProperty<>();
    private Map<Long, LabelRow> predictionByKey = Map.of();
    private Map<Long, ErrorCause> causesByKey = Map.of();
    private int causesRevision = -1;
    /** The box file's segments and the corrections file of the receipt shown; null when it has no box file on disk. */
    private List<Segment> originalSegments;
    private Path correctionsFile;
    private OcrCorrections.Corrections corrections;

    ReceiptViewModel(LabelSet labelSet) {
        this.labelSet = labelSet;
        showGold.addListener(o -> bump());
        showPrediction.addListener(o -> bump());
        diffMode.addListener(o -> bump());
        diffByCause.addListener(o -> bump());
        showSegments.addListener(o -> bump());
        showOriginal.addListener(o -> bump());
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
        r = readOcr(r, labelsDir.toAbsolutePath().getParent());
        if (aligned == null && r.keys() != null && r.ocrCorrected()) {
            initial = new GoldAligner(labelSet).align(r).rows();
        }
        LabelDocument doc = LabelDocument.open(labelsDir.resolve(r.id() + ".csv"), labelSet, initial);
        doc.addListener(this::documentChanged);
        doc.setCompanion(this::applyCorrections);
        selection.clear();
        hovered.set(-1);
        splitHalves.set(List.of());
        receipt.set(r);
        gold.set(doc);
        setPrediction(predicted);
        updateSaveState();
        bump();
    }

    /**
     * The receipt's words as its box file and corrections file on disk give them now (the list
     * may hold the words as read when the folder was opened, before later corrections).
     */
    private Receipt readOcr(Receipt r, Path dataDir) {
        originalSegments = null;
        correctionsFile = null;
        corrections = new OcrCorrections.Corrections(List.of(), null);
        ocrMessage.set("");
        if (dataDir == null) {
            return r;
        }
        Path box = dataDir.resolve(com.layoutlens.data.Dataset.BOX).resolve(r.id() + ".csv");
        if (!java.nio.file.Files.isRegularFile(box)) {
            box = dataDir.resolve(com.layoutlens.data.Dataset.BOX).resolve(r.id() + ".txt");
        }
        if (!java.nio.file.Files.isRegularFile(box)) {
            return r;
        }
        try {
            originalSegments = BoxFile.read(box).segments();
            correctionsFile = OcrCorrections.file(dataDir, r.id());
            String sha = com.layoutlens.data.Sha256.hexOf(box);
            corrections = new OcrCorrections.Corrections(List.of(), sha);
            if (java.nio.file.Files.isRegularFile(correctionsFile)) {
                OcrCorrections.ReadResult cr = OcrCorrections.read(correctionsFile);
                if (cr.corrections() != null) {
                    corrections = new OcrCorrections.Corrections(cr.corrections().edits(),
                            cr.corrections().boxSha256() != null ? cr.corrections().boxSha256() : sha);
                }
            }
            OcrCorrections.Applied a = OcrCorrections.apply(originalSegments, corrections.edits(), correctionsFile.toString());
            if (a.applied() < corrections.edits().size()) {
                corrections = new OcrCorrections.Corrections(corrections.edits().subList(0, a.applied()),
                        corrections.boxSha256());
            }
            if (corrections.edits().isEmpty() && !r.ocrCorrected()) {
                return r;
            }
            ocrMessage.set(corrections.edits().isEmpty() ? "" : "OCR corrected (" + corrections.edits().size()
                    + " correction" + (corrections.edits().size() == 1 ? "" : "s") + "; box file unchanged)");
            return r.withSegments(a.segments(), a.applied());
        } catch (IOException | RuntimeException e) {
            originalSegments = null;
            ocrMessage.set("OCR corrections not available: " + e.getMessage());
            return r;
        }
    }

    /** The companion of word edits: writes the corrections and shows the words they give. */
    private void applyCorrections(Object state) throws IOException {
        OcrCorrections.Corrections c = (OcrCorrections.Corrections) state;
        OcrCorrections.Applied a = OcrCorrections.apply(originalSegments, c.edits(), correctionsFile.toString());
        corrections = c;
        Receipt r = receipt.get();
        receipt.set(r.withSegments(a.segments(), a.applied()));
        ocrMessage.set(c.edits().isEmpty() ? "" : "OCR corrected (" + c.edits().size() + " correction"
                + (c.edits().size() == 1 ? "" : "s") + "; box file unchanged)");
        OcrCorrections.write(correctionsFile, c);
    }

    /** Whether the words of the receipt shown can be corrected (its box file was found). */
    boolean canCorrectOcr() {
        return originalSegments != null && gold.get() != null;
    }

    /**
     * Applies OCR corrections as one undoable step: the corrections file and the label file are
     * written at once, label rows follow their words.
     *
     * @return false (with {@link #ocrMessageProperty()} saying why) when an edit does not fit
     */
    boolean correct(List<OcrCorrections.Edit> edits, String description) {
        return correct(edits, description, false);
    }

    /**
     * As {@link #correct(List, String)}; the words a split makes keep the split word's label, or,
     * with {@code alignHalves}, take the labels the key file's alignment gives the corrected words
     * ({@code DATE:25/12/2018} split: {@code DATE:} O, {@code 25/12/2018} DATE). They are then
     * listed in {@link #splitHalvesProperty()}, for the user to label each.
     */
    boolean correct(List<OcrCorrections.Edit> edits, String description, boolean alignHalves) {
        if (!canCorrectOcr() || edits.isEmpty()) {
            return false;
        }
        OcrCorrections.Corrections before = corrections;
        List<OcrCorrections.Edit> all = new ArrayList<>(before.edits());
        List<LabelRow> rows = goldRows();
        java.util.Set<Long> halves = new java.util.LinkedHashSet<>();
        OcrCorrections.Applied a = null;
        for (OcrCorrections.Edit e : edits) {
            all.add(e);
            a = OcrCorrections.apply(originalSegments, all, correctionsFile.toString());
            if (!a.problems().isEmpty()) {
                ocrMessage.set(a.problems().get(0).message());
                return false;
            }
            OcrCorrections.Change c = a.changes().get(a.changes().size() - 1);
            rows = OcrCorrections.remap(rows, c, a.segments(), labelSet.outside());
            java.util.Set<Long> carried = new java.util.LinkedHashSet<>();
            for (long k : halves) {
                if (!c.removed().contains(k)) {
                    carried.add(c.moved().getOrDefault(k, k));
                }
            }
            if (e instanceof OcrCorrections.Split) {
                for (Map.Entry<Long, Long> n : c.added().entrySet()) {
                    carried.add(n.getValue());
                    carried.add(n.getKey());
                }
            }
            halves = carried;
        }
        Receipt r = receipt.get();
        if (alignHalves && !halves.isEmpty() && r != null && r.keys() != null) {
            Map<Long, String> aligned = new HashMap<>();
            for (LabelRow x : new GoldAligner(labelSet).align(r.withSegments(a.segments(), a.applied())).rows()) {
                aligned.put(x.key(), x.label());
            }
            List<LabelRow> relabelled = new ArrayList<>(rows.size());
            for (LabelRow x : rows) {
                String l = halves.contains(x.key()) ? aligned.get(x.key()) : null;
                relabelled.add(l == null || l.equals(x.label()) ? x : x.withLabel(l, null));
            }
            rows = relabelled;
        }
        selection.clear();
        hovered.set(-1);
        gold.get().replaceRows(rows, description, before, new OcrCorrections.Corrections(all, before.boxSha256()));
        List<Integer> made = new ArrayList<>();
        List<LabelRow> now = goldRows();
        for (int i = 0; i < now.size(); i++) {
            if (halves.contains(now.get(i).key())) {
                made.add(i);
            }
        }
        splitHalves.set(List.copyOf(made));
        bump();
        return true;
    }

    /**
     * The gold-row indices of the words the last correction made by splitting (each to be labelled
     * on its own); empty after any other correction, an undo or redo, or another receipt.
     */
    ReadOnlyObjectProperty<List<Integer>> splitHalvesProperty() {
        return splitHalves.getReadOnlyProperty();
    }

    /** Sets the label of one word (a split half), as one undoable label edit. */
    boolean labelWord(int index, String label) {
        LabelDocument d = gold.get();
        return d != null && index >= 0 && index < d.rows().size() && d.setLabel(new int[] {index}, label);
    }

    private LabelRow row(int i) {
        List<LabelRow> rows = goldRows();
        return i >= 0 && i < rows.size() ? rows.get(i) : null;
    }

    /** Sets the text of a word; a text with spaces becomes several words (the word split there). */
    boolean editText(int index, String text) {
        LabelRow r = row(index);
        String t = text == null ? "" : text.strip();
        if (r == null || t.isEmpty()) {
            return false;
        }
        String[] parts = t.split("\\s+");
        List<OcrCorrections.Edit> edits = new ArrayList<>();
        edits.add(new OcrCorrections.SetText(r.segment(), r.word(), String.join("", parts)));
        int at = 0;
        for (int k = 0; k < parts.length - 1; k++) {
            at += parts[k].length();
            edits.add(new OcrCorrections.Split(r.segment(), r.word() + k, parts[k].length()));
        }
        if (parts.length == 1 && t.equals(r.text())) {
            return false;
        }
        if (!correct(edits, "text '" + r.text() + "' -> '" + t + "'")) {
            return false;
        }
        if (!splitHalves.get().isEmpty()) {
            // typed with a space: the first part is selected, for the number keys to label each part
            selection.add(splitHalves.get().get(0));
        }
        return true;
    }

    /** Splits a word before character {@code at}; both halves keep its label (see {@link #splitHalvesProperty()}). */
    boolean split(int index, int at) {
        LabelRow r = row(index);
        return r != null && correct(List.of(new OcrCorrections.Split(r.segment(), r.word(), at)),
                "split '" + r.text() + "'");
    }

    /**
     * Merges the selected words, in reading order (segment, then word). Within a segment they must
     * be neighbours; across segments the words of an earlier segment must end it and those of a
     * later one begin it (a line the OCR cut in two). The merged word goes into the first word's
     * segment; the others lose their words, and a segment left empty goes.
     */
    boolean mergeSelection() {
        int[] idx = selectedOrHovered();
        if (idx.length < 2) {
            ocrMessage.set("select two or more neighbouring words to merge");
            return false;
        }
        List<LabelRow> rows = goldRows();
        Map<Integer, Integer> sizes = new HashMap<>();
        for (LabelRow r : rows) {
            sizes.merge(r.segment(), 1, Integer::sum);
        }
        List<List<LabelRow>> groups = new ArrayList<>();
        for (int i : idx) {
            LabelRow r = row(i);
            List<LabelRow> g = groups.isEmpty() ? null : groups.get(groups.size() - 1);
            if (g != null && g.get(0).segment() == r.segment()) {
                if (r.word() != g.get(g.size() - 1).word() + 1) {
                    ocrMessage.set("only neighbouring words can be merged: '" + g.get(g.size() - 1).text()
                            + "' and '" + r.text() + "' have words between them");
                    return false;
                }
                g.add(r);
            } else {
                groups.add(new ArrayList<>(List.of(r)));
            }
        }
        for (int k = 0; k < groups.size(); k++) {
            List<LabelRow> g = groups.get(k);
            LabelRow first = g.get(0);
            LabelRow last = g.get(g.size() - 1);
            if (k > 0 && first.word() != 0 || k < groups.size() - 1 && last.word() != sizes.get(last.segment()) - 1) {
                ocrMessage.set("words of two segments merge only where one segment ends and the next begins");
                return false;
            }
        }
        LabelRow first = groups.get(0).get(0);
        List<OcrCorrections.Edit> edits = new ArrayList<>();
        for (int k = 1; k < groups.get(0).size(); k++) {
            edits.add(new OcrCorrections.Merge(first.segment(), first.word()));
        }
        for (int k = 1; k < groups.size(); k++) {
            for (int n = 0; n < groups.get(k).size(); n++) {
                edits.add(new OcrCorrections.Join(first.segment(), first.word(), groups.get(k).get(0).segment(), 0));
            }
        }
        return correct(edits, "merge " + idx.length + " words"
                + (groups.size() > 1 ? " of " + groups.size() + " segments" : ""));
    }

    /** Deletes the selected words (or the hovered one). */
    boolean deleteSelection() {
        int[] idx = selectedOrHovered();
        if (idx.length == 0) {
            return false;
        }
        List<OcrCorrections.Edit> edits = new ArrayList<>();
        for (int k = idx.length - 1; k >= 0; k--) {
            LabelRow r = row(idx[k]);
            edits.add(new OcrCorrections.DeleteWord(r.segment(), r.word()));
        }
        return correct(edits, "delete " + idx.length + " word" + (idx.length == 1 ? "" : "s"));
    }

    /** Deletes the whole segment of a word. */
    boolean deleteSegment(int index) {
        LabelRow r = row(index);
        return r != null && correct(List.of(new OcrCorrections.DeleteSegment(r.segment())),
                "delete segment " + r.segment());
    }

    /** Adds a word the OCR missed: a new segment, or joining {@code segment} when it is &gt;= 0. */
    boolean addWord(Box box, String text, int segment) {
        String t = text == null ? "" : text.strip();
        if (t.isEmpty() || t.chars().anyMatch(Character::isWhitespace)) {
            ocrMessage.set("a new word needs a text without spaces");
            return false;
        }
        return correct(List.of(new OcrCorrections.AddWord(segment, box, t)), "add '" + t + "'");
    }

    /**
     * Adds a drawn word: it joins the segment on its line that it touches or nearly touches (a gap
     * of at most its own height, more than half of its height overlapping), else it is a new segment.
     */
    boolean addDrawnWord(Box box, String text) {
        Receipt r = receipt.get();
        int join = -1;
        if (r != null) {
            int bestGap = Integer.MAX_VALUE;
            for (Segment s : r.segments()) {
                Box b = s.box();
                if (b.verticalOverlap(box) * 2 <= Math.min(box.height(), b.height())) {
                    continue;
                }
                int gap = Math.max(0, Math.max(b.x0() - box.x1(), box.x0() - b.x1()));
                if (gap <= Math.max(1, box.height()) && gap < bestGap) {
                    bestGap = gap;
                    join = s.index();
                }
            }
        }
        return addWord(box, text, join);
    }

    /** Moves a word's box (edges or corners dragged). */
    boolean setBox(int index, Box box) {
        LabelRow r = row(index);
        return r != null && !box.equals(r.box())
                && correct(List.of(new OcrCorrections.SetBox(r.segment(), r.word(), box)), "box of '" + r.text() + "'");
    }

    /** The suggestions for the receipt shown (words that look misread), in reading order, of every kind. */
    List<OcrSuggestions.Suggestion> suggestions() {
        Receipt r = receipt.get();
        return r == null || !canCorrectOcr() ? List.of() : OcrSuggestions.of(r, labelSet, pieces.get());
    }

    /** The suggestions of the kind chosen ({@link #suggestionKindProperty()}), or of every kind. */
    private List<OcrSuggestions.Suggestion> chosenSuggestions() {
        OcrSuggestions.Kind k = suggestionKind.get();
        return suggestions().stream().filter(s -> k == null || s.kind() == k).toList();
    }

    /** How many words of the receipt shown look misread, by kind (every kind listed). */
    Map<OcrSuggestions.Kind, Integer> suggestionCounts() {
        Map<OcrSuggestions.Kind, Integer> out = new java.util.EnumMap<>(OcrSuggestions.Kind.class);
        for (OcrSuggestions.Kind k : OcrSuggestions.Kind.values()) {
            out.put(k, 0);
        }
        for (OcrSuggestions.Suggestion s : suggestions()) {
            out.merge(s.kind(), 1, Integer::sum);
        }
        return out;
    }

    /**
     * Shows one kind of words that look misread (null: every kind): its words are selected, and
     * Tab walks only them until another kind is chosen.
     */
    void chooseSuggestionKind(OcrSuggestions.Kind kind) {
        suggestionKind.set(kind);
        selection.clear();
        if (kind == null) {
            ocrMessage.set("");
            return;
        }
        List<OcrSuggestions.Suggestion> all = chosenSuggestions();
        for (OcrSuggestions.Suggestion s : all) {
            int i = indexOf(s.word());
            if (i >= 0) {
                selection.add(i);
            }
        }
        String source = kind == OcrSuggestions.Kind.PIECES
                ? (pieces.get() == null ? " (no tokenizer)" : " (tokenizer of " + pieces.get().name() + ")") : "";
        ocrMessage.set(all.size() + " word" + (all.size() == 1 ? "" : "s") + ": " + kind.why() + source
                + (all.isEmpty() ? "" : "   Tab: walk them, Enter: accept or type the correction"));
    }

    ObjectProperty<OcrSuggestions.Kind> suggestionKindProperty() {
        return suggestionKind;
    }

    /** The tokenizer of the "many pieces" kind: model A's, else the demo vocabulary's (null: that kind finds none). */
    ObjectProperty<TokenizerPieces> piecesProperty() {
        return pieces;
    }

    /** Selects the word of the next suggestion after the selection; returns it, or null when there is none. */
    OcrSuggestions.Suggestion selectNextSuggestion() {
        List<OcrSuggestions.Suggestion> all = chosenSuggestions();
        if (all.isEmpty()) {
            return null;
        }
        int after = selection.size() != 1 ? -1 : selection.iterator().next();
        OcrSuggestions.Suggestion pick = null;
        for (OcrSuggestions.Suggestion s : all) {
            if (indexOf(s.word()) > after) {
                pick = s;
                break;
            }
        }
        if (pick == null) {
            pick = all.get(0);
        }
        selection.clear();
        int i = indexOf(pick.word());
        if (i >= 0) {
            selection.add(i);
        }
        ocrMessage.set(pick.describe() + (pick.edits().isEmpty() ? "   Enter: type the correction" : "   Enter: accept")
                + ", Tab: next, Esc: leave");
        return pick;
    }

    /** Applies a suggestion as one undoable step; the halves of a split take the key file's alignment. */
    boolean accept(OcrSuggestions.Suggestion s) {
        return s != null && correct(s.edits(), s.kind().name().toLowerCase(java.util.Locale.ROOT) + " '"
                + s.word().text() + "' -> '" + s.text() + "'", s.kind() == OcrSuggestions.Kind.GLUED);
    }

    private int indexOf(Word w) {
        List<LabelRow> rows = goldRows();
        for (int i = 0; i < rows.size(); i++) {
            if (rows.get(i).segment() == w.segment() && rows.get(i).word() == w.index()) {
                return i;
            }
        }
        return -1;
    }

    /** The words as the box file gives them (for the original-versus-corrected view); empty when unknown. */
    List<Word> originalWords() {
        List<Word> out = new ArrayList<>();
        if (originalSegments != null) {
            for (Segment s : originalSegments) {
                out.addAll(s.words());
            }
        }
        return out;
    }

    /** The box file's segments of the receipt shown, or null when it has no box file on disk. */
    List<Segment> originalSegments() {
        return originalSegments;
    }

    /** The OCR corrections of the receipt shown, in order (empty when none). */
    List<OcrCorrections.Edit> correctionEdits() {
        return corrections.edits();
    }

    /** Whether a gold row's word was changed by the corrections (its segment was edited or added). */
    boolean corrected(LabelRow row) {
        Receipt r = receipt.get();
        if (r == null || !r.ocrCorrected()) {
            return false;
        }
        for (Segment s : r.segments()) {
            if (s.index() == row.segment()) {
                return s.corrected();
            }
        }
        return false;
    }

    BooleanProperty showOriginalProperty() {
        return showOriginal;
    }

    ReadOnlyStringProperty ocrMessageProperty() {
        return ocrMessage.getReadOnlyProperty();
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

    /**
     * Sets the label of the selected words (or of the hovered word when nothing is selected). When
     * the selection is one of the words the last split made, the next of them is selected, so the
     * number keys label the halves one after the other (a key that repeats a half's label keeps it).
     */
    boolean labelSelection(String label) {
        LabelDocument d = gold.get();
        if (d == null) {
            return false;
        }
        int[] idx = selectedOrHovered();
        if (idx.length == 0) {
            return false;
        }
        boolean changed = d.setLabel(idx, label);
        List<Integer> halves = splitHalves.get();
        int at = selection.size() == 1 ? halves.indexOf(idx[0]) : -1;
        if (at >= 0) {
            selection.clear();
            if (at + 1 < halves.size()) {
                selection.add(halves.get(at + 1));
            }
        }
        return changed;
    }

    /** Closes the label choice of the words the last split made (they keep the labels they have). */
    void closeSplitHalves() {
        splitHalves.set(List.of());
    }

    int[] selectedOrHovered() {
        if (!selection.isEmpty()) {
            return selection.stream().mapToInt(Integer::intValue).sorted().toArray();
        }
        return hovered.get() >= 0 ? new int[] {hovered.get()} : new int[0];
    }

    boolean undo() {
        splitHalves.set(List.of());
        return gold.get() != null && gold.get().undo();
    }

    boolean redo() {
        splitHalves.set(List.of());
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

    /**
     * Why the prediction of a gold row is wrong ({@link ErrorCauses}, with the receipt's key
     * values), or null when it is right or the receipt has no complete prediction.
     */
    ErrorCause cause(LabelRow g) {
        if (causesRevision != revision.get()) {
            causesByKey = causes();
            causesRevision = revision.get();
        }
        return causesByKey.get(g.key());
    }

    private Map<Long, ErrorCause> causes() {
        Map<Long, ErrorCause> out = new HashMap<>();
        Receipt r = receipt.get();
        List<LabelRow> g = goldRows();
        if (r == null || g.isEmpty() || prediction.get() == null) {
            return out;
        }
        List<LabelRow> p = new ArrayList<>(g.size());
        for (LabelRow row : g) {
            LabelRow q = predictionOf(row);
            if (q == null) {
                return out;
            }
            p.add(q);
        }
        ErrorCause[] c = ErrorCauses.classify(new ReceiptPair(r.id(), g, p, r.keys()), labelSet);
        for (int i = 0; i < c.length; i++) {
            if (c[i] != null) {
                out.put(g.get(i).key(), c[i]);
            }
        }
        return out;
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

    /** In diff mode, colour the disagreements by their cause instead of by false positive / negative / type. */
    BooleanProperty diffByCauseProperty() {
        return diffByCause;
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
