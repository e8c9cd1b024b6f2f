package com.layoutlens.train;

import com.layoutlens.data.Dataset;
import com.layoutlens.data.GoldAligner;
import com.layoutlens.data.LabelRow;
import com.layoutlens.data.LabelSet;
import com.layoutlens.data.Receipt;
import com.layoutlens.data.Word;

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

    private TrainingData() {
    }

    /**
     * Reads a receipt folder and labels every receipt.
     *
     * @param skipped receives one line per receipt that has neither a label file nor a key file, or no words
     */
    public static List<Item> load(Path dir, LabelSet labelSet, List<String> skipped) throws IOException {
        Dataset ds = Dataset.load(dir, labelSet, null, null);
        GoldAligner aligner = new GoldAligner(labelSet);
        List<Item> items = new ArrayList<>();
        List<Receipt> receipts = new ArrayList<>(ds.receipts());
        receipts.sort(Comparator.comparing(Receipt::id));
        for (Receipt r : receipts) {
            List<Word> words = r.words();
            if (words.isEmpty()) {
                skipped.add(r.id() + ": no words");
                continue;
            }
            List<LabelRow> rows;
            boolean corrected = r.labels() != null;
            if (corrected) {
                rows = r.labels();
            } else if (r.labelIssue() != null) {
                // the user's label file exists but cannot be read: aligning the key file instead
                // would train on labels the user may have corrected away
                skipped.add(r.id() + ": " + r.noGold());
                continue;
            } else if (r.keys() != null) {
                rows = aligner.align(r).rows();
            } else {
                skipped.add(r.id() + ": neither a label file nor a key file");
                continue;
            }
            Map<Long, String> byWord = new HashMap<>();
            for (LabelRow row : rows) {
                byWord.put(row.key(), row.label());
            }
            int[] labels = new int[words.size()];
            List<LabelRow> gold = new ArrayList<>(words.size());
            int outside = labelSet.indexOf(labelSet.outside());
            for (int i = 0; i < words.size(); i++) {
                String label = byWord.get(words.get(i).key());
                int idx = label == null ? -1 : labelSet.indexOf(label);
                labels[i] = idx < 0 ? outside : idx;
                gold.add(LabelRow.of(words.get(i), labelSet.label(labels[i]), null));
            }
            items.add(new Item(r, words, labels, gold, corrected));
        }
        return items;
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
