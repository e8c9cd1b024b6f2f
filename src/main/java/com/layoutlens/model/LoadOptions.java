package com.layoutlens.model;

import java.util.List;

/**
 * How a model folder is loaded, for every model family.
 *
 * @param freshHead  start the classifier from random weights (fine-tuning a base checkpoint or
 *                   changing the label set); without it a missing head is an error
 * @param labels     label names for a fresh head; null keeps the config's {@code id2label}
 * @param trainable  leave parameters trainable; inference loads freeze them so no graph is recorded
 */
public record LoadOptions(boolean freshHead, List<String> labels, boolean trainable) {

    public static LoadOptions inference() {
        return new LoadOptions(false, null, false);
    }

    public static LoadOptions fineTune(List<String> labels) {
        return new LoadOptions(true, labels, true);
    }

    /**
     * Trainable, keeping the folder's head (and its class order) when it already has the labels to
     * train, in any order, else a fresh head for them.
     */
    public static LoadOptions forTraining(List<String> folderLabels, List<String> labels) {
        return sameLabels(folderLabels, labels) ? new LoadOptions(false, null, true) : fineTune(labels);
    }

    /** The same label names, in any order. */
    public static boolean sameLabels(List<String> a, List<String> b) {
        return a.size() == b.size() && new java.util.HashSet<>(a).equals(new java.util.HashSet<>(b));
    }
}
