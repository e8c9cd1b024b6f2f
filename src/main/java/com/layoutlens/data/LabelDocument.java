package com.layoutlens.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The editable labels of one receipt, bound to its label file.
 *
 * <p>Every change is an undoable edit and, with autosave on (the default), is written
 * to the file at once with an atomic replace, so killing the application loses at most
 * the edit being written. Before each write the file is compared with what this
 * document last read or wrote: a change made outside (another tool, another window) is
 * never overwritten blindly; {@link #save()} throws {@link ExternalChangeException} and
 * the caller offers to reload or to overwrite.
 *
 * <p>Corrected words lose their score: a score belongs to a prediction, a correction
 * is gold.
 */
public final class LabelDocument {

    /** Thrown when the file changed on disk since this document last read or wrote it. */
    public static final class ExternalChangeException extends IOException {
        public ExternalChangeException(Path file) {
            super(file + " was changed outside LayoutLens since it was opened; reload it or overwrite it");
        }
    }

    /**
     * One undoable change: the rows at {@code indices} before and after; or, for an edit of the
     * words themselves (an OCR correction), all rows before and after and the companion state
     * (the corrections) that goes with each.
     */
    private record Edit(int[] indices, LabelRow[] before, LabelRow[] after, String description,
                        List<LabelRow> allBefore, List<LabelRow> allAfter, Object stateBefore, Object stateAfter) {
        Edit(int[] indices, LabelRow[] before, LabelRow[] after, String description) {
            this(indices, before, after, description, null, null, null, null);
        }
    }

    /**
     * What else changes with an edit that replaces the words (the OCR corrections file): applied
     * with the state after the edit, and with the state before it on undo, before the rows are saved.
     */
    public interface Companion {
        void apply(Object state) throws IOException;
    }

    private final Path file;
    private final LabelSet labelSet;
    private final List<LabelRow> rows;
    private final Deque<Edit> undo = new ArrayDeque<>();
    private final Deque<Edit> redo = new ArrayDeque<>();
    private final List<Consumer<LabelDocument>> listeners = new CopyOnWriteArrayList<>();
    private byte[] knownDigest; // digest of the file as last read or written; null when it did not exist
    private boolean dirty;
    private boolean autosave = true;
    private IOException lastSaveError;
    private Companion companion;
    private IOException companionError;

    private LabelDocument(Path file, LabelSet labelSet, List<LabelRow> rows, byte[] knownDigest, boolean dirty) {
        this.file = file;
        this.labelSet = labelSet;
        this.rows = new ArrayList<>(rows);
        this.knownDigest = knownDigest;
        this.dirty = dirty;
    }

    /**
     * Opens the label file, or starts from {@code initial} (for example labels aligned
     * from the key file) when it does not exist yet; the file is then only created by
     * the first edit or an explicit save.
     */
    public static LabelDocument open(Path file, LabelSet labelSet, List<LabelRow> initial) throws IOException {
        if (Files.isRegularFile(file)) {
            byte[] bytes = readLimited(file);
            List<Problem> problems = new ArrayList<>();
            List<LabelRow> rows = LabelFile.parse(TextFiles.decode(bytes).text(), file.toString(), labelSet, problems);
            for (Problem p : problems) {
                if (p.isError()) {
                    throw new IOException(p.toString());
                }
            }
            return new LabelDocument(file, labelSet, rows, Sha256.of(bytes), false);
        }
        return new LabelDocument(file, labelSet, initial == null ? List.of() : initial, null, false);
    }

    public Path file() {
        return file;
    }

    public LabelSet labelSet() {
        return labelSet;
    }

    /** The current rows (a snapshot). */
    public synchronized List<LabelRow> rows() {
        return List.copyOf(rows);
    }

    public synchronized LabelRow row(int index) {
        return rows.get(index);
    }

    public synchronized int size() {
        return rows.size();
    }

    /** Whether there are edits not yet written to the file. */
    public synchronized boolean isDirty() {
        return dirty;
    }

    public synchronized boolean canUndo() {
        return !undo.isEmpty();
    }

    public synchronized boolean canRedo() {
        return !redo.isEmpty();
    }

    /** The error of the last automatic save, or null when it succeeded. */
    public synchronized IOException lastSaveError() {
        return lastSaveError;
    }

    public synchronized void setAutosave(boolean on) {
        this.autosave = on;
    }

    /** Sets what applies the companion state of word edits ({@link #replaceRows}). */
    public synchronized void setCompanion(Companion c) {
        this.companion = c;
    }

    /**
     * Replaces every row (the words themselves changed: an OCR correction) as one undoable edit,
     * with the companion state before and after it; the companion is applied first, then the
     * rows are saved.
     */
    public boolean replaceRows(List<LabelRow> after, String description, Object stateBefore, Object stateAfter) {
        synchronized (this) {
            Edit e = new Edit(new int[0], new LabelRow[0], new LabelRow[0], description, List.copyOf(rows),
                    List.copyOf(after), stateBefore, stateAfter);
            apply(e, false);
            undo.push(e);
            redo.clear();
        }
        afterChange();
        return true;
    }

    public void addListener(Consumer<LabelDocument> l) {
        listeners.add(l);
    }

    public void removeListener(Consumer<LabelDocument> l) {
        listeners.remove(l);
    }

    /**
     * Sets the label of the rows at the given indices. Rows that already have it are left
     * alone; nothing happens (no edit is recorded) when none changes. With a BIO or IOBES schema
     * the receipt's tags stay well formed: a type given ({@code TOTAL}) or {@code O} is set, then the tags are read as
     * seqeval reads them, the words set joining a same-typed entity next to them, and written
     * again in the scheme ({@link Chunks#convert}); every row whose tag changes is in the edit.
     *
     * @return whether anything changed
     */
    public boolean setLabel(int[] indices, String label) {
        if (!labelSet.contains(label)) {
            throw new IllegalArgumentException("unknown label '" + label + "'");
        }
        synchronized (this) {
            java.util.Map<Integer, String> target = new java.util.TreeMap<>();
            for (int i : indices) {
                target.put(i, label);
            }
            if (labelSet.scheme() != Scheme.IO) {
                List<String> tags = new ArrayList<>(rows.size());
                for (LabelRow r : rows) {
                    tags.add(r.label());
                }
                for (int i : indices) {
                    tags.set(i, label);
                }
                List<String> encoded = Chunks.convert(tags, labelSet, labelSet);
                target.clear();
                for (int i = 0; i < rows.size(); i++) {
                    if (!encoded.get(i).equals(rows.get(i).label())) {
                        target.put(i, encoded.get(i));
                    }
                }
                for (int i : indices) {
                    target.put(i, encoded.get(i));
                }
            }
            List<Integer> changed = new ArrayList<>();
            for (java.util.Map.Entry<Integer, String> t : target.entrySet()) {
                LabelRow r = rows.get(t.getKey());
                if (!r.label().equals(t.getValue()) || r.score() != null) {
                    changed.add(t.getKey());
                }
            }
            if (changed.isEmpty()) {
                return false;
            }
            int[] idx = changed.stream().mapToInt(Integer::intValue).toArray();
            LabelRow[] before = new LabelRow[idx.length];
            LabelRow[] after = new LabelRow[idx.length];
            for (int k = 0; k < idx.length; k++) {
                before[k] = rows.get(idx[k]);
                after[k] = before[k].withLabel(target.get(idx[k]), null);
            }
            Edit e = new Edit(idx, before, after, idx.length + " word" + (idx.length == 1 ? "" : "s") + " -> " + label);
            apply(e, false);
            undo.push(e);
            redo.clear();
        }
        afterChange();
        return true;
    }

    public boolean undo() {
        synchronized (this) {
            if (undo.isEmpty()) {
                return false;
            }
            Edit e = undo.pop();
            apply(e, true);
            redo.push(e);
        }
        afterChange();
        return true;
    }

    public boolean redo() {
        synchronized (this) {
            if (redo.isEmpty()) {
                return false;
            }
            Edit e = redo.pop();
            apply(e, false);
            undo.push(e);
        }
        afterChange();
        return true;
    }

    /** A short description of what undo would revert, or null. */
    public synchronized String undoDescription() {
        return undo.isEmpty() ? null : undo.peek().description();
    }

    private void apply(Edit e, boolean reverse) {
        if (e.allBefore() != null) {
            if (companion != null) {
                try {
                    companion.apply(reverse ? e.stateBefore() : e.stateAfter());
                    companionError = null;
                } catch (IOException ex) {
                    companionError = ex;
                }
            }
            rows.clear();
            rows.addAll(reverse ? e.allBefore() : e.allAfter());
            dirty = true;
            return;
        }
        LabelRow[] src = reverse ? e.before() : e.after();
        for (int k = 0; k < e.indices().length; k++) {
            rows.set(e.indices()[k], src[k]);
        }
        dirty = true;
    }

    private void afterChange() {
        boolean save;
        synchronized (this) {
            save = autosave;
        }
        if (save) {
            try {
                save();
                synchronized (this) {
                    lastSaveError = companionError;
                }
            } catch (IOException ex) {
                synchronized (this) {
                    lastSaveError = ex;
                }
            }
        }
        fire();
    }

    /**
     * Writes the rows atomically, unless the file was changed outside since it was last
     * read or written.
     */
    public void save() throws IOException {
        synchronized (this) {
            if (hasExternalChange()) {
                throw new ExternalChangeException(file);
            }
            writeNow();
        }
        fire();
    }

    /** Writes the rows even if the file was changed outside (the user chose to keep this version). */
    public void overwrite() throws IOException {
        synchronized (this) {
            writeNow();
            lastSaveError = null;
        }
        fire();
    }

    private void writeNow() throws IOException {
        String text = LabelFile.format(rows);
        byte[] bytes = text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        AtomicFiles.write(file, bytes);
        knownDigest = Sha256.of(bytes);
        dirty = false;
    }

    /** Whether the file on disk differs from what this document last read or wrote. */
    public synchronized boolean hasExternalChange() throws IOException {
        if (!Files.exists(file)) {
            return knownDigest != null; // deleted outside
        }
        if (Files.isDirectory(file)) {
            // nothing to compare, and nothing can be written there: said as a failed write says it
            throw new java.nio.file.FileSystemException(file.toString(), null, "Is a directory");
        }
        byte[] now = Sha256.of(readLimited(file));
        return knownDigest == null || !Arrays.equals(now, knownDigest);
    }

    /** Replaces the rows with the file's content, dropping unsaved edits and the history. */
    public void reload() throws IOException {
        synchronized (this) {
            byte[] bytes = readLimited(file);
            List<Problem> problems = new ArrayList<>();
            List<LabelRow> fresh = LabelFile.parse(TextFiles.decode(bytes).text(), file.toString(), labelSet, problems);
            for (Problem p : problems) {
                if (p.isError()) {
                    throw new IOException(p.toString());
                }
            }
            rows.clear();
            rows.addAll(fresh);
            knownDigest = Sha256.of(bytes);
            undo.clear();
            redo.clear();
            dirty = false;
            lastSaveError = null;
        }
        fire();
    }

    private void fire() {
        for (Consumer<LabelDocument> l : listeners) {
            l.accept(this);
        }
    }

    /** The file's bytes, refused (with the file named) when it is no regular file or over the label-file limit. */
    private static byte[] readLimited(Path file) throws IOException {
        try {
            return TextFiles.readBytes(file, InputLimits.MAX_LABEL_BYTES);
        } catch (TextFiles.Unusable e) {
            throw new IOException(Printable.of(file.toString()) + ": label file " + e.getMessage(), e);
        }
    }
}
