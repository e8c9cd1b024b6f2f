package com.layoutlens.data;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;

/**
 * How heavy the print inside a box is, measured from the scan.
 *
 * <p>The page is binarised once: grey = (299 R + 587 G + 114 B) / 1000, and a pixel is ink
 * when its grey is at most the page's Otsu threshold (the one that best separates the grey
 * histogram into two classes; receipts print dark on light). Inside a box the stroke weight is
 * the mean stroke width in pixels, <b>2 × ink pixels / ink perimeter</b>, the perimeter being
 * the number of pixel sides between an ink pixel and a non-ink one (or the page edge). A stroke
 * of width w and length L has area w·L and perimeter about 2L, so the ratio is w, whatever the
 * length, and the white margin a box has around its word changes nothing; bold print has wider
 * strokes. A box with fewer than {@link #MIN_INK} ink pixels has no weight (NaN).
 */
public final class StrokeWeight {

    /** Fewer ink pixels than this in a box give no weight. */
    public static final int MIN_INK = 12;

    private final int width;
    private final int height;
    private final boolean[] ink;
    private final int threshold;
    /** Image pixels per decoded pixel: 1, or the source subsampling of a very large scan. */
    private final int step;

    private StrokeWeight(int width, int height, boolean[] ink, int threshold, int step) {
        this.width = width;
        this.height = height;
        this.ink = ink;
        this.threshold = threshold;
        this.step = step;
    }

    /**
     * Reads and binarises a scan within the decoding budget of {@link InputLimits}: an image
     * declaring more than {@link InputLimits#MAX_IMAGE_PIXELS} is refused, one over
     * {@link InputLimits#DECODE_PIXELS} is decoded with source subsampling (boxes, in image
     * pixels, are scaled to it; weights are then in decoded pixels, which the comparison within a
     * receipt does not mind).
     */
    public static StrokeWeight read(Path file) throws IOException {
        ScanImage scan = ScanImage.decode(file);
        return of(scan.image(), scan.step());
    }

    /** Binarises the page. */
    public static StrokeWeight of(BufferedImage image) {
        return of(image, 1);
    }

    private static StrokeWeight of(BufferedImage image, int step) {
        int w = image.getWidth();
        int h = image.getHeight();
        int[] grey = new int[w * h];
        int[] hist = new int[256];
        int[] argb = new int[w];
        for (int y = 0; y < h; y++) {
            image.getRGB(0, y, w, 1, argb, 0, w);
            for (int x = 0; x < w; x++) {
                int c = argb[x];
                int g = (299 * ((c >> 16) & 0xff) + 587 * ((c >> 8) & 0xff) + 114 * (c & 0xff)) / 1000;
                grey[y * w + x] = g;
                hist[g]++;
            }
        }
        int t = otsu(hist);
        boolean[] ink = new boolean[w * h];
        for (int i = 0; i < ink.length; i++) {
            ink[i] = grey[i] <= t;
        }
        return new StrokeWeight(w, h, ink, t, step);
    }

    /** The grey level that maximises the between-class variance of the histogram (Otsu 1979). */
    public static int otsu(int[] hist) {
        long total = 0;
        double sum = 0;
        for (int i = 0; i < hist.length; i++) {
            total += hist[i];
            sum += (double) i * hist[i];
        }
        long below = 0;
        double sumBelow = 0;
        double best = -1;
        int t = 0;
        for (int i = 0; i < hist.length; i++) {
            below += hist[i];
            if (below == 0) {
                continue;
            }
            long above = total - below;
            if (above == 0) {
                break;
            }
            sumBelow += (double) i * hist[i];
            double m0 = sumBelow / below;
            double m1 = (sum - sumBelow) / above;
            double between = (double) below * above * (m0 - m1) * (m0 - m1);
            if (between > best) {
                best = between;
                t = i;
            }
        }
        return t;
    }

    public int threshold() {
        return threshold;
    }

    /** Ink pixels inside the box (clipped to the page). */
    public long ink(Box b) {
        return count(b)[0];
    }

    /** The mean stroke width inside the box in pixels, or NaN with fewer than {@link #MIN_INK} ink pixels. */
    public double weight(Box b) {
        long[] c = count(b);
        return c[0] < MIN_INK || c[1] == 0 ? Double.NaN : 2.0 * c[0] / c[1];
    }

    /** The stroke width of several boxes together (a value spread over words), as for one box. */
    public double weight(Iterable<Box> boxes) {
        long area = 0, perimeter = 0;
        for (Box b : boxes) {
            long[] c = count(b);
            area += c[0];
            perimeter += c[1];
        }
        return area < MIN_INK || perimeter == 0 ? Double.NaN : 2.0 * area / perimeter;
    }

    /** {ink pixels, ink perimeter} inside the box. */
    private long[] count(Box b) {
        int x0 = Math.max(0, b.x0() / step), y0 = Math.max(0, b.y0() / step);
        int x1 = Math.min(width, ceilDiv(b.x1(), step)), y1 = Math.min(height, ceilDiv(b.y1(), step));
        long area = 0, perimeter = 0;
        for (int y = y0; y < y1; y++) {
            for (int x = x0; x < x1; x++) {
                if (!ink[y * width + x]) {
                    continue;
                }
                area++;
                perimeter += light(x - 1, y) + light(x + 1, y) + light(x, y - 1) + light(x, y + 1);
            }
        }
        return new long[] {area, perimeter};
    }

    private static int ceilDiv(int a, int b) {
        return -Math.floorDiv(-a, b);
    }

    private int light(int x, int y) {
        return x < 0 || y < 0 || x >= width || y >= height || !ink[y * width + x] ? 1 : 0;
    }
}
