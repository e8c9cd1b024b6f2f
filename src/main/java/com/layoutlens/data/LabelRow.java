package com.layoutlens.data;

/**
 * One line of a label file: a word, its box, its label and an optional score.
 *
 * @param segment 0-based segment index in the receipt's box file
 * @param word    0-based word index within the segment
 * @param box     the word box in image pixels
 * @param text    the word's text
 * @param label   a label of the file's label set
 * @param score   the model's confidence in [0,1], or null for gold labels and corrections
 */
public record LabelRow(int segment, int word, Box box, String text, String label, Double score) {

    public LabelRow {
        if (score != null && (score.isNaN() || score < 0 || score > 1)) {
            throw new IllegalArgumentException("score must be in [0,1], got " + score);
        }
    }

    public static LabelRow of(Word w, String label, Double score) {
        return new LabelRow(w.segment(), w.index(), w.box(), w.text(), label, score);
    }

    public long key() {
        return Word.key(segment, word);
    }

    public LabelRow withLabel(String newLabel, Double newScore) {
        return new LabelRow(segment, word, box, text, newLabel, newScore);
    }
}
