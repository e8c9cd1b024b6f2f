package com.layoutlens.data;

/**
 * An axis-aligned box in image pixels: {@code (x0, y0)} is the top-left corner and
 * {@code (x1, y1)} the bottom-right one, with {@code x0 <= x1} and {@code y0 <= y1}.
 */
public record Box(int x0, int y0, int x1, int y1) {

    public Box {
        if (x1 < x0) {
            int t = x0; x0 = x1; x1 = t;
        }
        if (y1 < y0) {
            int t = y0; y0 = y1; y1 = t;
        }
    }

    /** The tightest axis-aligned box around the given points, given as x,y pairs. */
    public static Box around(int[] points) {
        int minX = Integer.MAX_VALUE, minY = Integer.MAX_VALUE;
        int maxX = Integer.MIN_VALUE, maxY = Integer.MIN_VALUE;
        for (int i = 0; i + 1 < points.length; i += 2) {
            minX = Math.min(minX, points[i]);
            maxX = Math.max(maxX, points[i]);
            minY = Math.min(minY, points[i + 1]);
            maxY = Math.max(maxY, points[i + 1]);
        }
        return new Box(minX, minY, maxX, maxY);
    }

    public int width() {
        return x1 - x0;
    }

    public int height() {
        return y1 - y0;
    }

    public double centerX() {
        return (x0 + x1) / 2.0;
    }

    public double centerY() {
        return (y0 + y1) / 2.0;
    }

    /** The length of the vertical overlap of two boxes, 0 if they do not overlap. */
    public int verticalOverlap(Box other) {
        return Math.max(0, Math.min(y1, other.y1) - Math.max(y0, other.y0));
    }

    /** The smallest box covering both. */
    public Box union(Box other) {
        return new Box(Math.min(x0, other.x0), Math.min(y0, other.y0),
                Math.max(x1, other.x1), Math.max(y1, other.y1));
    }

    /**
     * This box scaled into the 0..1000 space that the LayoutLM models use, clamped so
     * that boxes reaching slightly outside the page stay valid.
     */
    public Box normalized(int pageWidth, int pageHeight) {
        return new Box(scale(x0, pageWidth), scale(y0, pageHeight),
                scale(x1, pageWidth), scale(y1, pageHeight));
    }

    private static int scale(int v, int dim) {
        if (dim <= 0) {
            return 0;
        }
        int s = (int) (1000L * v / dim);
        return Math.max(0, Math.min(1000, s));
    }
}
