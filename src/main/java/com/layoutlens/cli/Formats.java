package com.layoutlens.cli;

import com.layoutlens.data.Dataset;
import com.layoutlens.data.LabelSet;
import com.layoutlens.data.Printable;
import com.layoutlens.data.Problem;
import com.layoutlens.data.formats.ReceiptFormats;
import com.layoutlens.data.formats.ReceiptReader;
import com.layoutlens.data.formats.ReceiptWriter;
import com.layoutlens.data.formats.SroieFormat;
import com.layoutlens.eval.FieldDecoder;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.function.BiConsumer;

/** The formats the commands read and write, by name, from {@link ReceiptFormats}. */
final class Formats {

    /** The readable formats, for an option's {@code ${COMPLETION-CANDIDATES}}. */
    static final class ReaderNames implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() {
            return ReceiptFormats.readers().iterator();
        }
    }

    /** The writable formats, for an option's {@code ${COMPLETION-CANDIDATES}}. */
    static final class WriterNames implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() {
            return ReceiptFormats.writers().iterator();
        }
    }

    private Formats() {
    }

    static ReceiptWriter writer(String name, LabelSet schema) {
        try {
            return ReceiptFormats.writer(name, FieldDecoder.of(schema)::decode);
        } catch (IllegalArgumentException e) {
            throw new LayoutLensCli.UsageException("--format: " + e.getMessage());
        }
    }

    /** The reader of {@code --format NAME}, or the one that recognises {@code data} for {@code auto}. */
    static ReceiptReader reader(String option, String name, Path data) {
        if (!(java.nio.file.Files.isRegularFile(data)
                && data.getFileName().toString().toLowerCase(java.util.Locale.ROOT).endsWith(".pdf"))) {
            LayoutLensCli.requireFolder(data); // a folder, or one PDF file (the pdf format reads either)
        }
        try {
            return ReceiptFormats.reader(name, data);
        } catch (IllegalArgumentException e) {
            throw new LayoutLensCli.UsageException(option + ": " + e.getMessage());
        } catch (IOException e) {
            throw new LayoutLensCli.UsageException(e.getMessage() + "; name one with " + option);
        }
    }

    /**
     * The label folder a command reads for a receipt folder: {@code --labels}, else a SROIE
     * folder's {@code labels/}; null for another format without {@code --labels} (its labels
     * are the format's own). A {@code --labels} that is not a folder is a usage error.
     */
    static Path labelDir(ReceiptReader reader, Path data, Path labels) {
        if (labels != null) {
            return LayoutLensCli.requireFolder(labels);
        }
        return reader instanceof SroieFormat ? data.resolve(Dataset.LABELS) : null;
    }

    /**
     * Reads a receipt folder for a command.
     *
     * @param schema        the command's {@code --schema}
     * @param model         a model folder whose labels give the schema, or null
     * @param labels        {@code --labels}, or null
     * @param withoutLabels read no labels (the command writes them)
     * @return the receipts, in the schema asked for, else the model's, else the label files', else
     *         the format's own, else sroie; a folder that cannot be read is a usage error
     */
    static Dataset read(ReceiptReader reader, Path data, SchemaOption schema, Path model, Path labels,
                        boolean withoutLabels, BiConsumer<Integer, Integer> progress) {
        Path labelDir = withoutLabels ? null : labelDir(reader, data, labels);
        LabelSet s = reader instanceof SroieFormat ? schema.resolve(model, labelDir)
                : schema.resolveIfKnown(model, labelDir);
        try {
            return ReceiptFormats.load(reader, data, new ReceiptReader.Options(s, labels, withoutLabels, progress));
        } catch (IOException e) {
            throw new LayoutLensCli.UsageException(e.getMessage());
        }
    }

    /** Where a folder's labels came from, for the commands' summaries. */
    static String labelsSource(Dataset ds, Path labelDir) {
        if (labelDir != null) {
            return java.nio.file.Files.isDirectory(labelDir) ? labelDir.toString() : "aligned from key files";
        }
        return "the " + ds.format() + " folder's own labels";
    }

    /** A usage error when {@code out} is {@code source} or inside it: a format is never written into its source. */
    static void requireOutside(Path out, Path source) {
        String refusal = ReceiptFormats.refusal(out, source);
        if (refusal != null) {
            throw new LayoutLensCli.UsageException("--out " + refusal);
        }
    }

    /** Prints the problems; the exit code: {@link LayoutLensCli#FAILED} when any is an error. */
    static int report(List<Problem> problems, PrintWriter err) {
        boolean failed = false;
        for (Problem p : problems) {
            err.println(Printable.of(p.toString()));
            failed |= p.isError();
        }
        return failed ? LayoutLensCli.FAILED : 0;
    }
}
