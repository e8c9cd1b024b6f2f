package com.layoutlens.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One OCR text segment of a box file: four corner points clockwise from the top-left,
 * and its text.
 *
 * @param index  0-based index among the non-blank lines of the box file
 * @param line   1-based line number in the box file (for messages)
 * @param points the eight corner coordinates x1,y1,...,x4,y4 in image pixels
 * @param text   the segment's text exactly as in the file, without the line end
 * @param wordBoxes the box of each word when the OCR was corrected ({@link OcrCorrections}), one per
 *                  whitespace-separated word of {@code text}; null for a segment as the box file gives it,
 *                  whose word boxes are cut from the segment box
 */
public record Segment(int index, int line, int[] points, String text, List<Box> wordBoxes) {

    public Segment {
        if (points.length != 8) {
            throw new IllegalArgumentException("a segment needs 8 coordinates, got " + points.length);
        }
        points = points.clone();
        wordBoxes = wordBoxes == null ? null : List.copyOf(wordBoxes);
    }

    public Segment(int index, int line, int[] points, String text) {
        this(index, line, points, text, null);
    }

    /** True when this segment was changed by OCR corrections (its word boxes are explicit). */
    public boolean corrected() {
        return wordBoxes != null;
    }

    /** A segment with an axis-aligned box (for generated receipts and tests). */
    public static Segment of(int index, Box box, String text) {
        return new Segment(index, index + 1,
                new int[] {box.x0(), box.y0(), box.x1(), box.y0(), box.x1(), box.y1(), box.x0(), box.y1()},
                text);
    }

    @Override
    public int[] points() {
        return points.clone();
    }

    /** The axis-aligned box around the four corner points. */
    public Box box() {
        return Box.around(points);
    }

    /**
     * The words of this segment: its text split on whitespace, each with a box cut from
     * the segment box in proportion to character offsets.
     */
    public List<Word> words() {
        List<Word> words = new ArrayList<>();
        Box b = box();
        int n = text.length();
        int i = 0;
        int w = 0;
        while (i < n) {
            while (i < n && isSpace(text.charAt(i))) {
                i++;
            }
            if (i >= n) {
                break;
            }
            int start = i;
            while (i < n && !isSpace(text.charAt(i))) {
                i++;
            }
            Box wb;
            if (wordBoxes != null && w < wordBoxes.size()) {
                wb = wordBoxes.get(w);
            } else {
                int x0 = b.x0() + (int) Math.floor((double) b.width() * start / n);
                int x1 = b.x0() + (int) Math.ceil((double) b.width() * i / n);
                wb = new Box(x0, b.y0(), Math.min(x1, b.x1()), b.y1());
            }
            words.add(new Word(index, w++, wb, text.substring(start, i), start, i));
        }
        return words;
    }

    static boolean isSpace(char c) {
        return Character.isWhitespace(c) || Character.isSpaceChar(c);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Segment s && s.index == index && s.line == line
                && Arrays.equals(s.points, points) && s.text.equals(text)
                && java.util.Objects.equals(s.wordBoxes, wordBoxes);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * index + Arrays.hashCode(points)) + text.hashCode();
    }

    @Override
    public String toString() {
        return "Segment[" + index + ", " + box() + ", '" + text + "']";
    }
}
