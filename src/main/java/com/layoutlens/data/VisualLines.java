package com.layoutlens.data;


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
        if (n >= 1 << INDEX_BITS) {
            throw new IllegalArgumentException("too many boxes for one page: " + n);
        }
        // sort by (vertical centre, left edge, index) through packed primitive keys: this runs
        // for every receipt and every rule, and boxed comparators made it the slowest step
        long[] order = new long[n];
        for (int i = 0; i < n; i++) {
            Box b = boxes.get(i);
            order[i] = pack(b.y0() + b.y1(), b.x0(), i);
        }
        Arrays.sort(order);
        List<Band> bands = new ArrayList<>();
        for (long key : order) {
            int i = (int) (key & INDEX_MASK);
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
            Band band = bands.get(l);
            long[] keys = new long[band.size];
            for (int m = 0; m < band.size; m++) {
                Box b = boxes.get(band.members[m]);
                keys[m] = pack(b.x0(), b.x0() + b.x1(), band.members[m]);
            }
            Arrays.sort(keys);
            lines[l] = new int[band.size];
            for (int p = 0; p < keys.length; p++) {
                int i = (int) (keys[p] & INDEX_MASK);
                lines[l][p] = i;
                lineOf[i] = l;
                positionOf[i] = p;
            }
        }
        return new VisualLines(lineOf, positionOf, lines);
    }

    private static final int INDEX_BITS = 20;
    private static final long INDEX_MASK = (1L << INDEX_BITS) - 1;
    private static final int SECOND_BITS = 17;

    /**
     * (first, second, index) packed so that comparing the longs compares the triples:
     * first takes the top 27 bits (signed), second 17 bits, index 20 bits. Pixel
     * coordinates are far inside those ranges; anything beyond is clamped.
     */
    private static long pack(int first, int second, int index) {
        long f = Math.max(-(1L << 25), Math.min((1L << 25) - 1, first));
        long s = Math.max(0, Math.min((1L << SECOND_BITS) - 1, second + (1L << (SECOND_BITS - 2))));
        return (f << (SECOND_BITS + INDEX_BITS)) | (s << INDEX_BITS) | index;
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

    /** The boxes left of the given one on its line, leftmost first. */
    public int[] leftOf(int index) {
        return Arrays.copyOf(lines[lineOf[index]], positionOf[index]);
    }

    /** The box just left of the given one on its line, or -1 when it is the leftmost. */
    public int leftNeighbour(int index) {
        int p = positionOf[index];
        return p == 0 ? -1 : lines[lineOf[index]][p - 1];
    }

    /** Lines over a receipt's words (in {@link Receipt#words()} order). */
    public static VisualLines ofWords(List<Word> words) {
        List<Box> boxes = new ArrayList<>(words.size());
        for (Word w : words) {
            boxes.add(w.box());
        }
        return of(boxes);
    }

    private static final class Band {
        int[] members = new int[8];
        int size;
        double sumTop;
        double sumBottom;

        void add(int index, Box b) {
            if (size == members.length) {
                members = Arrays.copyOf(members, size * 2);
            }
            members[size++] = index;
            sumTop += b.y0();
            sumBottom += b.y1();
        }

        double top() {
            return sumTop / size;
        }

        double bottom() {
            return sumBottom / size;
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
