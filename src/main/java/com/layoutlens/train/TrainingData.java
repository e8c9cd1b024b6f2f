package com.layoutlens.train;

import com.layoutlens.data.Dataset;
import com.layoutlens.data.GoldAligner;
import com.layoutlens.data.LabelRow;
import com.layoutlens.data.LabelSet;
import com.layoutlens.data.Problem;
import com.layoutlens.data.Receipt;
import com.layoutlens.data.Word;
import com.layoutlens.data.formats.ReceiptFormats;
import com.layoutlens.data.formats.ReceiptReader;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Labelled receipts for training: the corrected labels of {@code labels/ID.csv} where a
 * receipt has them, else labels aligned from its key file, and the split into train and
 * dev by receipt (never by window, so no receipt is seen on both sides).
 */
public final class TrainingData {

    /**
     * A receipt with a class id per word.
     *
     * @param receipt    the receipt
     * @param words      its words in reading order
     * @param wordLabels the label set index of each word's label
     * @param gold       the gold rows, in word order (for evaluation)
     * @param corrected  true when the labels came from a label file rather than alignment
     */
    public record Item(Receipt receipt, List<Word> words, int[] wordLabels, List<LabelRow> gold, boolean corrected) {
    }

    /** Train and dev receipts, and the receipts left out with the reason. */
    public record Split(List<Item> train, List<Item> dev, List<String> skipped) {
    }

    /**
     * A folder read for training.
     *
     * @param items    the receipts with trustworthy labels
     * @param problems everything wrong in the folder's files, with file and line, as {@code align} reports it
     * @param leftOut  one line per receipt left out because its label or key file has errors
     */
    public record Read(List<Item> items, List<Problem> problems, List<String> leftOut) {
    }

    private TrainingData() {
    }

    /**
     * Reads a receipt folder and labels every receipt.
     *
     * @param skipped receives one line per receipt that has neither a label file nor a key file, or no words,
     *                or whose label or key file has errors
     */
    public static List<Item> load(Path dir, LabelSet labelSet, List<String> skipped) throws IOException {
        return read(dir, labelSet, skipped).items();
    }

    /**
     * Reads a receipt folder and labels every receipt whose gold can be trusted. A receipt whose
     * label file has an error (a line that could not be read, a bad header, a row for a word
     * missing) is left out, never trained on with O for the words that could not be read; so is
     * one aligned from a key file that has errors.
     *
     * @param skipped receives one line per receipt left out, with the reason
     */
    public static Read read(Path dir, LabelSet labelSet, List<String> skipped) throws IOException {
        return read(dir, ReceiptFormats.AUTO, labelSet, skipped);
    }

    /**
     * As {@link #read(Path, LabelSet, List)} for a folder of a receipt format ({@code auto} or
     * null: detected): the labels are the format's own (a SROIE folder's {@code labels/}).
     *
     * @throws IOException when the folder cannot be read, or no format recognises it
     */
    public static Read read(Path dir, String format, LabelSet labelSet, List<String> skipped) throws IOException {
        Dataset ds;
        try {
            ds = ReceiptFormats.load(dir, format, new ReceiptReader.Options(labelSet, null, false, null));
        } catch (IllegalArgumentException e) {
            throw new IOException(e.getMessage(), e);
        }
        List<Problem> problems = new ArrayList<>(ds.problems());
        List<String> leftOut = new ArrayList<>();
        GoldAligner aligner = new GoldAligner(labelSet);
        List<Item> items = new ArrayList<>();
        List<Receipt> receipts = new ArrayList<>(ds.receipts());
        receipts.sort(Comparator.comparing(Receipt::id));
        Path labelDir = dir.resolve(Dataset.LABELS);
        Path keyDir = dir.resolve(Dataset.KEY);
        for (Receipt r : receipts) {
            List<Word> words = r.words();
            if (words.isEmpty()) {
                skipped.add(r.id() + ": no words");
                continue;
            }
            Path labelFile = labelDir.resolve(r.id() + ".csv");
            long labelErrors = errors(ds.problems(), labelFile);
            if (labelErrors > 0) {
                leave(labelFile, r.id() + ": " + labelFile + " has " + labelErrors + " error"
                        + (labelErrors == 1 ? "" : "s"), skipped, leftOut, problems);
                continue;
            }
            List<LabelRow> rows;
            boolean corrected = r.labels() != null;
            if (corrected) {
                rows = r.labels();
            } else if (r.labelIssue() != null) {
                // the user's label file exists but cannot be read: aligning the key file instead
                // would train on labels the user may have corrected away
                leave(labelFile, r.id() + ": " + r.noGold(), skipped, leftOut, problems);
                continue;
            } else if (r.keys() != null) {
                Path keyFile = keyWithErrors(ds.problems(), keyDir, r.id());
                if (keyFile != null) {
                    leave(keyFile, r.id() + ": " + keyFile + " has errors", skipped, leftOut, problems);
                    continue;
                }
                rows = aligner.align(r).rows();
            } else if (keyWithErrors(ds.problems(), keyDir, r.id()) != null) {
                Path keyFile = keyWithErrors(ds.problems(), keyDir, r.id());
                leave(keyFile, r.id() + ": " + keyFile + " has errors", skipped, leftOut, problems);
                continue;
            } else {
                skipped.add(r.id() + ": neither a label file nor a key file");
                continue;
            }
            Map<Long, String> byWord = new HashMap<>();
            for (LabelRow row : rows) {
                byWord.put(row.key(), row.label());
            }
            if (corrected) {
                Word firstMissing = null;
                int missing = 0;
                for (Word w : words) {
                    if (!byWord.containsKey(w.key())) {
                        missing++;
                        firstMissing = firstMissing == null ? w : firstMissing;
                    }
                }
                if (missing > 0) {
                    problems.add(Problem.error(labelFile.toString(), 0, "no label for " + missing + " of the receipt's "
                            + words.size() + " words (the first: segment " + firstMissing.segment() + ", word "
                            + firstMissing.index() + ")"));
                    leave(labelFile, r.id() + ": " + labelFile + " labels only " + (words.size() - missing) + " of "
                            + words.size() + " words", skipped, leftOut, problems);
                    continue;
                }
            }
            // the gold tags in the schema's scheme (label files may carry another scheme of the same
            // types: their entities are read as seqeval reads them and written again); a class is a tag
            List<String> tags = new ArrayList<>(words.size());
            for (Word w : words) {
                String label = byWord.get(w.key());
                tags.add(label == null || labelSet.typeOf(label) == null ? labelSet.outside() : label);
            }
            tags = com.layoutlens.data.Chunks.convert(tags, labelSet, labelSet);
            int[] labels = new int[words.size()];
            List<LabelRow> gold = new ArrayList<>(words.size());
            int outside = labelSet.tagIndex(labelSet.outside());
            for (int i = 0; i < words.size(); i++) {
                int idx = labelSet.tagIndex(tags.get(i));
                labels[i] = idx < 0 ? outside : idx;
                gold.add(LabelRow.of(words.get(i), labelSet.tag(labels[i]), null));
            }
            items.add(new Item(r, words, labels, gold, corrected));
        }
        return new Read(items, problems, leftOut);
    }

    private static long errors(List<Problem> problems, Path file) {
        String name = file.toString();
        return problems.stream().filter(p -> p.isError() && p.file().equals(name)).count();
    }

    private static Path keyWithErrors(List<Problem> problems, Path keyDir, String id) {
        for (String ext : List.of(".json", ".txt")) {
            Path f = keyDir.resolve(id + ext);
            if (errors(problems, f) > 0) {
                return f;
            }
        }
        return null;
    }

    private static void leave(Path file, String why, List<String> skipped, List<String> leftOut,
                              List<Problem> problems) {
        skipped.add(why);
        leftOut.add(why);
        problems.add(Problem.error(file.toString(), 0, "receipt left out of training and dev (its gold labels "
                + "cannot be read in full)"));
    }

    /**
     * Splits receipts deterministically: sorted by id, shuffled with the seed, the first
     * {@code devFraction} (at least one when the fraction is positive and two receipts exist) for dev.
     */
    public static Split split(List<Item> items, double devFraction, int seed, List<String> skipped) {
        List<Item> sorted = new ArrayList<>(items);
        sorted.sort(Comparator.comparing(i -> i.receipt().id()));
        Collections.shuffle(sorted, new Random(seed));
        int dev = (int) Math.round(sorted.size() * devFraction);
        if (devFraction > 0 && dev == 0 && sorted.size() >= 2) {
            dev = 1;
        }
        List<Item> devItems = new ArrayList<>(sorted.subList(0, dev));
        List<Item> train = new ArrayList<>(sorted.subList(dev, sorted.size()));
        devItems.sort(Comparator.comparing(i -> i.receipt().id()));
        train.sort(Comparator.comparing(i -> i.receipt().id()));
        return new Split(train, devItems, skipped);
    }
}
