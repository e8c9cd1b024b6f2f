package com.layoutlens.data.formats;

import com.layoutlens.data.LabelSet;
import com.layoutlens.data.Problem;
import com.layoutlens.data.Receipt;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.stream.Stream;

/** Reads a folder of one format into receipts. */
public interface ReceiptReader {

    /**
     * What was read.
     *
     * @param receipts the receipts read; their {@link Receipt#image()} is in the source folder
     * @param schema   the schema of their labels, or null when they have none
     * @param problems what could not be read, with file and line
     * @param lost     what this format does not carry that our folder has (shown to the user), or null
     * @param skipped  receipts that could not be read at all, by id, with the reason (not in {@code receipts})
     */
    record Read(List<Receipt> receipts, LabelSet schema, List<Problem> problems, String lost,
                Map<String, String> skipped) {
        public Read {
            receipts = List.copyOf(receipts);
            problems = List.copyOf(problems);
            skipped = skipped == null ? Map.of() : Map.copyOf(skipped);
        }

        public Read(List<Receipt> receipts, LabelSet schema, List<Problem> problems, String lost) {
            this(receipts, schema, problems, lost, Map.of());
        }
    }

    /**
     * How a command wants a folder read.
     *
     * @param schema        the schema the caller reads labels with, or null: the format's own (SROIE: sroie)
     * @param labels        a folder of label files ({@code ID.csv}) whose files replace the format's own labels
     *                      (a SROIE folder's {@code labels/}, an hf folder's {@code ner_tags}); a receipt without
     *                      a file there keeps the format's own (as a SROIE receipt is then aligned from its key
     *                      file); null: the format's own
     * @param withoutLabels read no labels at all (the command writes them)
     * @param progress      called with (receipts done, receipts total); may be null
     */
    record Options(LabelSet schema, Path labels, boolean withoutLabels, BiConsumer<Integer, Integer> progress) {

        /** The format's own labels in its own schema. */
        public static Options defaults() {
            return new Options(null, null, false, null);
        }

        public Options withProgress(BiConsumer<Integer, Integer> p) {
            return new Options(schema, labels, withoutLabels, p);
        }
    }

    /** The format's name on the command line. */
    String name();

    /** Whether the folder looks like this format (its marker files are there). */
    boolean recognises(Path dir);

    /**
     * Reads the folder; one broken receipt is reported in {@link Read#problems()} and the
     * others still come through.
     *
     * @throws IOException only when the folder as a whole cannot be read
     */
    Read read(Path dir) throws IOException;

    /**
     * Reads the folder as a command asks. A format that reads labels of its own in a schema
     * given, or reports progress as it goes, overrides this; the others read the folder whole
     * and {@link ReceiptFormats#read} applies {@code options.labels()} and
     * {@code options.withoutLabels()} after.
     */
    default Read read(Path dir, Options options) throws IOException {
        return read(dir);
    }

    /**
     * The schema of the folder's own labels, or null when it has none, as {@link #read} would give
     * it. By default the folder is read; a format that can tell without reading every receipt
     * (a labels file, a first pass over the label names, no labels at all) says so more cheaply.
     */
    default LabelSet schema(Path dir) throws IOException {
        return read(dir).schema();
    }

    /**
     * The files a receipt of this folder was read from: a prediction
     * cached before one of them changed is stale, and the first is what a problem about the
     * receipt names. By default the files at the top of the folder (a format's own data file,
     * in name order), then the receipt's image; missing files may be named.
     */
    default List<Path> sources(Path dir, Receipt receipt) {
        List<Path> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            files.filter(Files::isRegularFile).sorted().forEach(out::add);
        } catch (IOException e) {
            // a folder that can no longer be listed: the image is what is left to compare
        }
        if (receipt.image() != null) {
            out.add(receipt.image());
        }
        return out;
    }
}
