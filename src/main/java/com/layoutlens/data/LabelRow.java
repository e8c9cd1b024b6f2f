package com.layoutlens.data;

/**
 * One line of a label file: a word, its box, its label, an optional score and, for
 * predictions written with them, the word's probability of every tag.
 *
 * @param segment 0-based segment index in the receipt's box file
 * @param word    0-based word index within the segment
 * @param box     the word box in image pixels
 * @param text    the word's text
 * @param label   a label of the file's label set
 * @param score   the model's confidence in [0,1], or null for gold labels and corrections
 * @param probs   the model's probability of each tag (the file's {@code p_TAG} columns), or null
 */
public record LabelRow(int segment, int word, Box box, String text, String label, Double score,
                       TagProbabilities probs) {

    public LabelRow {
        if (score != null && (score.isNaN() || score < 0 || score > 1)) {
            throw new IllegalArgumentException("score must be in [0,1], got " + score);
        }
    }

    /** A row without tag probabilities. */
    public LabelRow(int segment, int word, Box box, String text, String label, Double score) {
        this(segment, word, box, text, label, score, null);
    }

    public static LabelRow of(Word w, String label, Double score) {
        return new LabelRow(w.segment(), w.index(), w.box(), w.text(), label, score);
    }

    public static LabelRow of(Word w, String label, Double score, TagProbabilities probs) {
        return new LabelRow(w.segment(), w.index(), w.box(), w.text(), label, score, probs);
    }

    public long key() {
        return Word.key(segment, word);
    }

    /**
     * The row with another label and score; the tag probabilities stay, as they are the model's
     * and not the label's (an edited prediction keeps them).
     */
    public LabelRow withLabel(String newLabel, Double newScore) {
        return new LabelRow(segment, word, box, text, newLabel, newScore, probs);
    }

    /** The row without tag probabilities. */
    public LabelRow withoutProbs() {
        return probs == null ? this : new LabelRow(segment, word, box, text, label, score, null);
    }
}
