package com.layoutlens.ui;

import com.layoutlens.data.formats.ReceiptFormats;
import com.layoutlens.data.LabelSet;
import com.layoutlens.data.Sha256;
import com.layoutlens.model.LabelNames;
import com.layoutlens.model.ModelFolderException;
import com.layoutlens.model.registry.ModelSchemas;
import com.layoutlens.model.registry.TokenClassifiers;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.prefs.Preferences;

/**
 * The app's label schema for a receipt folder: the one given ({@code app --schema}), which is then
 * remembered for that folder; else the one remembered for it; else the built-in schema its label
 * files' tags fit best; else the schema of the model the window runs first (its {@code id2label});
 * else sroie. Colours, label keys, the legend and the matrices follow it.
 */
final class AppSchema {

    private AppSchema() {
    }

    private static Preferences node() {
        return Preferences.userNodeForPackage(AppSchema.class).node("schemas");
    }

    private static String key(Path folder) {
        return Sha256.hex(folder.toAbsolutePath().normalize().toString().getBytes(StandardCharsets.UTF_8))
                .substring(0, 40);
    }

    /**
     * The schema for a folder (null: no folder), without a model to go by.
     *
     * @param given the {@code --schema} value, or null
     * @throws IOException when the given (or remembered) schema cannot be read, naming it
     */
    static LabelSet choose(String given, Path folder) throws IOException {
        return choose(given, folder, null);
    }

    /**
     * The schema for a folder: the given one (then remembered for the folder), else the folder's
     * own ({@link #own}), else that of the model's {@code id2label} (the model the window starts
     * with; null: none), else sroie. The folder's own schema comes before the model's because the
     * window shows the folder's gold labels in it.
     *
     * @throws IOException when the given (or remembered) schema cannot be read, naming it
     */
    static LabelSet choose(String given, Path folder, Path model) throws IOException {
        if (given != null) {
            LabelSet s = LabelSet.resolve(given);
            if (folder != null) {
                remember(folder, given.trim());
            }
            return s;
        }
        LabelSet own = folder == null ? null : own(folder);
        if (own != null) {
            return own;
        }
        LabelSet fromModel = model == null ? null : modelSchema(model);
        return fromModel != null ? fromModel : LabelSet.sroie();
    }

    /**
     * The folder's own schema: the one remembered for it, else the built-in schema its label
     * files' tags fit best; null when it has neither (no label file names a tag).
     *
     * @throws IOException when the remembered schema cannot be read
     */
    static LabelSet own(Path folder) throws IOException {
        String remembered = remembered(folder);
        if (remembered != null) {
            return LabelSet.resolve(remembered);
        }
        return ReceiptFormats.ownSchema(folder, ReceiptFormats.AUTO);
    }

    /** The schema a model folder's labels make, or null when it has none or cannot be read (its run says why). */
    static LabelSet modelSchema(Path model) {
        try {
            return ModelSchemas.of(model);
        } catch (ModelFolderException | RuntimeException e) {
            return null;
        }
    }

    /** Whether a model folder's labels all have a tag in {@code schema} (an unreadable folder: true, its run says why). */
    static boolean fits(Path model, LabelSet schema) {
        try {
            return LabelNames.fit(TokenClassifiers.describe(model).labels(), schema);
        } catch (ModelFolderException | RuntimeException e) {
            return true;
        }
    }

    /** The schema remembered for a folder (a built-in name or a file), or null. */
    static String remembered(Path folder) {
        try {
            return node().get(key(folder), null);
        } catch (IllegalStateException | SecurityException e) {
            return null;
        }
    }

    static void remember(Path folder, String schema) {
        try {
            Preferences n = node();
            n.put(key(folder), schema);
            n.flush();
        } catch (java.util.prefs.BackingStoreException | IllegalStateException | SecurityException e) {
            // not remembered: the next start finds the schema from the label files again
        }
    }

    static void forget(Path folder) {
        try {
            node().remove(key(folder));
        } catch (IllegalStateException | SecurityException e) {
            // nothing remembered
        }
    }
}
