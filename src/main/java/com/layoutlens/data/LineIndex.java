package com.layoutlens.data;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Visual lines of a receipt, found from the boxes' y-positions rather than segment order
 * (OCR engines do not always emit segments top to bottom, and one printed line is often
 * several segments).
 *
 * <p>Boxes are taken top to bottom by centre; a box joins the current line when it
 * overlaps the line's first box vertically by at least half of the smaller height, otherwise
 * it opens a new line. The line's extent stays that of its first box, so a line never
 * grows into the next one. Within a line, boxes are ordered left to right.
 */
public final class LineIndex {

    private final int[] lineOf;
    private final List<List<Integer>> lines;

    private LineIndex(int[] lineOf, List<List<Integer>> lines) {
        this.lineOf = lineOf;
        this.lines = lines;
    }

    /** Lines over the given boxes; indices in the result refer to positions in the list. */
    public static LineIndex of(List<Box> boxes) {
        int n = boxes.size();
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(order, Comparator.<Integer>comparingDouble(i -> boxes.get(i).centerY())
                .thenComparingInt(i -> boxes.get(i).x0()));
        List<List<Integer>> lines = new ArrayList<>();
        int[] lineOf = new int[n];
        int top = 0;
        int bottom = -1;
        List<Integer> current = null;
        for (int idx : order) {
            Box b = boxes.get(idx);
            boolean joins = false;
            if (current != null) {
                int overlap = Math.max(0, Math.min(bottom, b.y1()) - Math.max(top, b.y0()));
                int minH = Math.max(1, Math.min(bottom - top, b.height()));
                joins = overlap * 2 >= minH;
            }
            if (!joins) {
                current = new ArrayList<>();
                lines.add(current);
                top = b.y0();
                bottom = b.y1();
            }
            current.add(idx);
        }
        for (int li = 0; li < lines.size(); li++) {
            List<Integer> line = lines.get(li);
            line.sort(Comparator.comparingInt(i -> boxes.get(i).x0()));
            for (int i : line) {
                lineOf[i] = li;
            }
        }
        return new LineIndex(lineOf, lines);
    }

    /** Lines over a receipt's words (in {@link Receipt#words()} order). */
    public static LineIndex ofWords(List<Word> words) {
        List<Box> boxes = new ArrayList<>(words.size());
        for (Word w : words) {
            boxes.add(w.box());
        }
        return of(boxes);
    }

    /** The 0-based line (from the top) of the box at position {@code i}. */
    public int lineOf(int i) {
        return lineOf[i];
    }

    public int lineCount() {
        return lines.size();
    }

    /** The positions on line {@code line}, left to right. */
    public List<Integer> line(int line) {
        return lines.get(line);
    }

    /** The position just left of {@code i} on its line, or -1 when it is the first. */
    public int leftNeighbour(int i) {
        List<Integer> line = lines.get(lineOf[i]);
        int k = line.indexOf(i);
        return k > 0 ? line.get(k - 1) : -1;
    }

    /** The positions left of {@code i} on its line, nearest last. */
    public List<Integer> leftOf(int i) {
        List<Integer> line = lines.get(lineOf[i]);
        return line.subList(0, line.indexOf(i));
    }
}
