package com.layoutlens.data.formats;

import com.layoutlens.data.AtomicFiles;
import com.layoutlens.data.BoxFile;
import com.layoutlens.data.Dataset;
import com.layoutlens.data.LabelFile;
import com.layoutlens.data.LabelSet;
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
}
