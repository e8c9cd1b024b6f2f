package com.layoutlens.data.formats;

import com.layoutlens.data.AtomicFiles;
import com.layoutlens.data.BoxFile;
import com.layoutlens.data.Dataset;
import com.layoutlens.data.LabelFile;
import com.layoutlens.data.LabelFolder;
import com.layoutlens.data.LabelSet;
import com.layoutlens.data.OcrCorrections;
import com.layoutlens.data.Problem;
import com.layoutlens.data.Receipt;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code sroie}: our folder written from receipts read in another format: {@code img/ID.ext}
 * (the image copied), {@code box/ID.csv} (the receipt's segments) and, for receipts with
 * labels, {@code labels/ID.csv}. Key files are written only for receipts that have key values.
 */
public final class SroieFolderWriter implements ReceiptWriter {

    public static final String NAME = SroieFormat.NAME;

    @Override
    public String name() {
        return NAME;
    }

    /** A folder {@link SroieFormat} reads. */
    @Override
    public boolean recognises(Path dir) {
        return new SroieFormat().recognises(dir);
    }

    /**
     * Why receipts may not be imported into {@code out}, or null when they may: a folder that
     * already holds receipts would have an earlier import's read beside the new ones.
     */
    public static String refusal(Path out) throws IOException {
        Path box = out.resolve(Dataset.BOX);
        if (Files.isDirectory(box)) {
            try (var files = Files.list(box)) {
                if (files.findAny().isPresent()) {
                    return out + " already holds receipts (" + box + " is not empty); choose a new folder";
                }
            }
        }
        return null;
    }

    /**
     * An import: the receipts read by {@code reader} from {@code source} written into {@code out},
     * with what our folder cannot hold of them kept beside ({@link SourceRecords}), so that an
     * export in the source's format gives it back, and the schema of their labels in
     * {@code labels/schema.json} ({@link LabelFolder#SCHEMA}) when it is no built-in one (labels
     * named freely in Label Studio, PPOCRLabel, a FUNSD-shaped folder), so that the folder names
     * its schema to the commands and the app without {@code --schema}.
     *
     * @return what could not be written, by file
     */
    public List<Problem> importFrom(ReceiptReader reader, Path source, ReceiptReader.Read read, Path out)
            throws IOException {
        LabelSet schema = read.schema() != null ? read.schema() : LabelSet.sroie();
        List<Problem> problems = new ArrayList<>(write(read.receipts(), schema, out));
        problems.addAll(SourceRecords.keep(reader, source, read.receipts(), out));
        LabelSet builtIn = LabelSet.builtIn(schema.name());
        boolean labelled = read.receipts().stream().anyMatch(r -> r.labels() != null);
        if (labelled && (builtIn == null || !builtIn.tags().equals(schema.tags()) || !builtIn.fields().equals(schema.fields()))) {
            LabelSet own = builtIn == null ? schema
                    : new LabelSet(schema.name() + "-imported", schema.outside(), schema.labels(), schema.fields(),
                    schema.scheme()); // not to be taken for the built-in one of that name
            AtomicFiles.writeString(out.resolve(Dataset.LABELS).resolve(LabelFolder.SCHEMA), own.toJson());
        }
        return problems;
    }

    @Override
    public List<Problem> write(List<Receipt> receipts, LabelSet schema, Path out) throws IOException {
        List<Problem> problems = new ArrayList<>();
        Path img = Files.createDirectories(out.resolve(Dataset.IMG));
        Path box = Files.createDirectories(out.resolve(Dataset.BOX));
        Path labels = null;
        Path keys = null;
        for (Receipt r : receipts) {
            if (ReceiptImages.copy(r, img) == null) {
                problems.add(Problem.warning(box.resolve(r.id() + ".csv").toString(), 0, "no image for " + r.id()));
            }
            AtomicFiles.writeString(box.resolve(r.id() + ".csv"), BoxFile.format(r.segments()));
            if (r.labels() != null) {
                if (labels == null) {
                    labels = Files.createDirectories(out.resolve(Dataset.LABELS));
                }
                LabelFile.write(labels.resolve(r.id() + ".csv"), r.labels());
            }
            if (r.keys() != null) {
                if (keys == null) {
                    keys = Files.createDirectories(out.resolve(Dataset.KEY));
                }
                AtomicFiles.writeString(keys.resolve(r.id() + ".json"),
                        new com.fasterxml.jackson.databind.ObjectMapper().writerWithDefaultPrettyPrinter()
                                .writeValueAsString(r.keys()) + "\n");
            }
        }
        return problems;
    }

    /**
     * After {@link #write} of receipts read from the SROIE folder {@code source}: each receipt
     * read with OCR corrections gets the source's box file as it is and its
     * {@code corrections/ID.json}, so the folder written reads as the source does. The box file
     * {@link #write} made from the corrected words could not: a deleted segment leaves a gap in
     * the label rows' segment numbers, and an edited segment's word boxes are its own.
     *
     * @return what could not be copied, by file
     */
    public static List<Problem> keepCorrections(Path source, List<Receipt> receipts, Path out) {
        List<Problem> problems = new ArrayList<>();
        for (Receipt r : receipts) {
            if (!r.ocrCorrected()) {
                continue;
            }
            Path corrections = OcrCorrections.file(source, r.id());
            Path box = null;
            for (String ext : List.of("csv", "txt")) {
                Path p = source.resolve(Dataset.BOX).resolve(r.id() + "." + ext);
                if (box == null && Files.isRegularFile(p)) {
                    box = p;
                }
            }
            Path target = out.resolve(Dataset.BOX).resolve(r.id() + ".csv");
            if (box == null || !Files.isRegularFile(corrections)) {
                problems.add(Problem.warning(target.toString(), 0, "the OCR corrections of " + r.id()
                        + " are written into its box file: the source's box or corrections file is gone"));
                continue;
            }
            try {
                AtomicFiles.write(target, Files.readAllBytes(box));
                Path into = Files.createDirectories(out.resolve(OcrCorrections.DIR));
                AtomicFiles.write(into.resolve(r.id() + ".json"), Files.readAllBytes(corrections));
            } catch (IOException e) {
                problems.add(Problem.error(target.toString(), 0, com.layoutlens.data.WriteErrors.cannotWrite(target, e)));
            }
        }
        return problems;
    }
}
