package com.layoutlens.eval;

import com.layoutlens.data.Box;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Words grouped into the lines a reader sees, from their boxes alone.
 *
 * <p>OCR segment order is not visual order: a receipt line often holds two segments
 * ("TOTAL" and "9.00"), and segments of one line may be far apart in the box file. So the
 * lines are found by geometry: boxes are taken in order of their vertical centre, and a
 * box joins one of the most recent lines when it overlaps that line's band (the mean top
 * and bottom of its boxes so far) by at least half of the smaller of the two heights;
 * otherwise it starts a new line. A band made of means does not grow the way a union
 * would, so a slightly slanted scan does not swallow the next line. Lines are numbered top
 * to bottom; within a line the boxes are ordered left to right.
 */
public final class VisualLines {

    /** How many of the most recently started lines a box may join. */
    private static final int LOOK_BACK = 3;
    /** The overlap, as a share of the smaller height, that puts two boxes on one line. */
    private static final double MIN_OVERLAP = 0.5;

    private final int[] lineOf;
    private final int[] positionOf;
    private final int[][] lines;

    private VisualLines(int[] lineOf, int[] positionOf, int[][] lines) {
        this.lineOf = lineOf;
        this.positionOf = positionOf;
        this.lines = lines;
    }

    /** Finds the lines of the given boxes; indices in the result refer to this list. */
    public static VisualLines of(List<Box> boxes) {
        int n = boxes.size();
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, Comparator.<Integer>comparingDouble(i -> boxes.get(i).centerY())
                .thenComparingInt(i -> boxes.get(i).x0()));
        List<Band> bands = new ArrayList<>();
        for (int i : order) {
            Box b = boxes.get(i);
            Band best = null;
            double bestShare = MIN_OVERLAP;
            for (int k = Math.max(0, bands.size() - LOOK_BACK); k < bands.size(); k++) {
                double share = bands.get(k).overlapShare(b);
                if (share >= bestShare) {
                    best = bands.get(k);
                    bestShare = share;
                }
            }
            if (best == null) {
                best = new Band();
                bands.add(best);
            }
            best.add(i, b);
        }
        bands.sort(Comparator.comparingDouble(Band::centre));
        int[] lineOf = new int[n];
        int[] positionOf = new int[n];
        int[][] lines = new int[bands.size()][];
        for (int l = 0; l < bands.size(); l++) {
            List<Integer> members = bands.get(l).members;
            members.sort(Comparator.<Integer>comparingInt(i -> boxes.get(i).x0())
                    .thenComparingDouble(i -> boxes.get(i).centerX()).thenComparingInt(i -> i));
            lines[l] = members.stream().mapToInt(Integer::intValue).toArray();
            for (int p = 0; p < lines[l].length; p++) {
                lineOf[lines[l][p]] = l;
                positionOf[lines[l][p]] = p;
            }
        }
        return new VisualLines(lineOf, positionOf, lines);
    }

    /** The 0-based line (top first) of the box at the given index. */
    public int lineOf(int index) {
        return lineOf[index];
    }

    public int count() {
        return lines.length;
    }

    /** The indices of the boxes of one line, left to right. */
    public int[] line(int line) {
        return lines[line].clone();
    }

    /**
     * The position of a box within its line (0 = leftmost); boxes with a smaller position
     * on the same line are to its left.
     */
    public int positionInLine(int index) {
        return positionOf[index];
    }

    private static final class Band {
        final List<Integer> members = new ArrayList<>();
        double sumTop;
        double sumBottom;

        void add(int index, Box b) {
            members.add(index);
            sumTop += b.y0();
            sumBottom += b.y1();
        }

        double top() {
            return sumTop / members.size();
        }

        double bottom() {
            return sumBottom / members.size();
        }

        double centre() {
            return (top() + bottom()) / 2;
        }

        double overlapShare(Box b) {
            double overlap = Math.min(bottom(), b.y1()) - Math.max(top(), b.y0());
            double smaller = Math.max(1.0, Math.min(bottom() - top(), b.height()));
            if (overlap <= 0) {
                // touching or degenerate boxes: same line only if the centre falls inside the band
                return b.centerY() >= top() && b.centerY() <= bottom() && bottom() - top() < 1 ? 1 : 0;
            }
            return overlap / smaller;
        }
    }
}
