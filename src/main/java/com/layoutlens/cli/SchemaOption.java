package com.layoutlens.cli;

import com.layoutlens.data.LabelFolder;
import com.layoutlens.data.LabelSet;
import com.layoutlens.model.ModelFolderException;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Path;

/**
 * {@code --schema NAME|FILE}, shared by the commands as a picocli mixin, and how a command finds
 * its schema without it: from the model's {@code id2label} when a model is involved, else from
 * the tags found in the label files (the built-in schema they fit best, {@link LabelSet#closestBuiltIn}),
 * else {@code sroie}.
 */
public final class SchemaOption {

    @Option(names = "--schema", paramLabel = "NAME|FILE",
            description = "Label schema: sroie (default), sroie-bio, sroie-iobes, funsd, cord, or a JSON file"
                    + " (labels, outside, fields, scheme io|bio|iobes). Without it: the model's labels,"
                    + " else the tags in the label files, else sroie.")
    String schema;

    /** The schema given, or null. */
    LabelSet given() {
        if (schema == null) {
            return null;
        }
        try {
            return LabelSet.resolve(schema);
        } catch (IOException e) {
            throw new LayoutLensCli.UsageException("--schema: " + e.getMessage());
        }
    }

    /**
     * The schema: {@code --schema}, else the model's (when {@code model} is not null), else the
     * tags of the label folders that exist, else sroie.
     */
    LabelSet resolve(Path model, Path... labelDirs) {
        LabelSet s = resolveIfKnown(model, labelDirs);
        return s != null ? s : LabelSet.sroie();
    }

    /**
     * As {@link #resolve}, null when neither the option, the model nor a label file names a
     * schema (a folder of another format then has its own).
     */
    LabelSet resolveIfKnown(Path model, Path... labelDirs) {
        LabelSet s = given();
        if (s != null) {
            return s;
        }
        if (model != null) {
            try {
                s = com.layoutlens.model.registry.ModelSchemas.of(model);
            } catch (ModelFolderException e) {
                s = null; // the command opens the model and reports what is wrong with it
            }
            if (s != null) {
                return s;
            }
        }
        return LabelFolder.schemaOf(labelDirs);
    }
}
