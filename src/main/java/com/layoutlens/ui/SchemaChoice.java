package com.layoutlens.ui;

import com.layoutlens.data.LabelSet;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * The window's label schema and when to change it, without the toolkit: what File > Schema
 * offers, using a chosen schema for a folder (remembered for it, see {@link AppSchema}), and
 * whether a folder being opened has another schema. Who rebuilds the window over another
 * schema is told through {@link #onChange}; without one the window keeps its schema whatever
 * the folder.
 */
final class SchemaChoice {

    /** File > Schema's last choice: a schema file instead of a built-in one. */
    static final String FROM_FILE = "a schema file (JSON)...";

    /** A model run asked for in a window that is being rebuilt over the model's schema. */
    record ModelRun(Path model, Slot slot) {
    }

    private final LabelSet current;
    private BiConsumer<Path, LabelSet> onChange;
    private ModelRun pending;

    SchemaChoice(LabelSet current) {
        this.current = current;
    }

    /** The window's schema. */
    LabelSet current() {
        return current;
    }

    /** Who rebuilds the window over another schema for a folder (null: nobody). */
    void onChange(BiConsumer<Path, LabelSet> then) {
        onChange = then;
    }

    /** The built-in schemas, then {@link #FROM_FILE}. */
    List<String> choices() {
        List<String> choices = new ArrayList<>(LabelSet.BUILT_IN);
        choices.add(FROM_FILE);
        return choices;
    }

    /** The choice shown first: the current schema when it is built in, else the first. */
    String preselected() {
        List<String> choices = choices();
        return choices.contains(current.name()) ? current.name() : choices.get(0);
    }

    /** The question File > Schema asks about a folder. */
    String header(Path folder) {
        return "The label schema of " + folder + " (now " + current + ")";
    }

    /**
     * Uses a schema ({@code --schema} value: a built-in name or a file) for a folder: remembered
     * for it, and the window is rebuilt over it.
     *
     * @throws IOException when the schema cannot be read
     */
    void use(Path folder, String spec) throws IOException {
        LabelSet s = AppSchema.choose(spec, folder);
        if (onChange != null) {
            onChange.accept(folder, s);
        }
    }

    /**
     * Whether running a model rebuilds the window over the model's schema: its labels do not fit
     * the current schema, the folder has no schema of its own (none remembered, no label file
     * naming a tag), and someone rebuilds. When it does, the rebuild has been asked for and the
     * new window finds the run in {@link #pending()}. Otherwise the model runs here (and a model
     * that does not fit says so, naming its labels and the schema).
     *
     * @throws IOException when the folder's remembered schema cannot be read
     */
    boolean rebuildsForModel(Path folder, Path model, Slot slot) throws IOException {
        if (onChange == null || AppSchema.fits(model, current) || AppSchema.own(folder) != null) {
            return false;
        }
        LabelSet s = AppSchema.modelSchema(model);
        if (s == null) {
            return false;
        }
        pending = new ModelRun(model, slot);
        onChange.accept(folder, s);
        return true;
    }

    /** The model run to repeat in the window rebuilt by {@link #rebuildsForModel}, or null. */
    ModelRun pending() {
        return pending;
    }

    /**
     * Whether opening a folder rebuilds the window: the folder's schema (remembered, or that of its
     * label files) differs from the current one and someone rebuilds. When it does, the rebuild
     * has been asked for.
     *
     * @throws IOException when the folder's remembered schema cannot be read
     */
    boolean rebuildsFor(Path folder) throws IOException {
        if (onChange == null) {
            return false;
        }
        LabelSet s = AppSchema.choose(null, folder);
        if (!s.name().equals(current.name()) || s.scheme() != current.scheme()) {
            onChange.accept(folder, s);
            return true;
        }
        return false;
    }
}
