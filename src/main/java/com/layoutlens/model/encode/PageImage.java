package com.layoutlens.model.encode;

import com.layoutlens.data.InputLimits;
import com.layoutlens.data.ScanImage;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.awt.image.PixelInterleavedSampleModel;
import java.awt.image.WritableRaster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * The page image as LayoutLMv2's processor prepares it: RGB, resized to a square with
 * PIL's bilinear filter, channels flipped to BGR, channels first, values left in 0..255
 * (the model normalises them itself).
 *
 * <p>The resize follows PIL's {@code Image.resize(..., BILINEAR)}: a separable triangle
 * filter whose support widens with the reduction factor (so a large scan is averaged, not
 * sampled), horizontal pass first, each pass rounded to whole 8-bit values. PIL computes
 * the weights in fixed point and decodes JPEG with libjpeg, Java with its own decoder, so
 * pixels can differ by a level or two; tools/reference/README.md gives the measured
 * difference and its effect on the logits.
 *
 * <p>The image's declared size is read from its header before any pixel is decoded: an
 * image over {@link InputLimits#MAX_IMAGE_PIXELS} is refused, and one over
 * {@link InputLimits#DECODE_PIXELS} is decoded with source subsampling (every n-th pixel
 * of every n-th row), which keeps the memory of a huge scan bounded at the price of parity
 * with PIL for such scans only.
 */
public final class PageImage {

    /** The side of the processor's square output. */
    public static final int SIZE = 224;

    private PageImage() {
    }

    /**
     * Reads and prepares an image file.
     *
     * @return (3, size, size) BGR values 0..255, row-major
     * @throws IOException when the file is missing, no image decoder accepts it, or it
     *                     declares more pixels than {@link InputLimits#MAX_IMAGE_PIXELS}
     */
    public static float[] read(Path file, int size) throws IOException {
        return prepare(decode(file), size);
    }

    /**
     * Decodes an image within the pixel budget: refused above {@link InputLimits#MAX_IMAGE_PIXELS},
     * subsampled to at most {@link InputLimits#DECODE_PIXELS} above that.
     */
    public static BufferedImage decode(Path file) throws IOException {
        if (!Files.exists(file)) {
            throw new NoSuchFileException(file.toString());
        }
        try {
            return ScanImage.decode(file).image();
        } catch (IOException e) {
            if (e.getMessage() != null && e.getMessage().startsWith(file.toString())) {
                throw e;
            }
            throw new IOException(file + ": not a readable image (" + e.getMessage() + ")", e);
        }
    }

    /** The source subsampling step that brings a w x h image within {@link InputLimits#DECODE_PIXELS}. */
    public static int subsampling(int w, int h) {
        return ScanImage.subsampling(w, h);
    }

    /**
     * Prepares a decoded image: (3, size, size) BGR values 0..255.
     *
     * <p>The horizontal pass reads the pixels where they are (a decoded JPEG's interleaved
     * B, G, R bytes) and resamples the three channels of a row together; the vertical pass
     * accumulates whole output rows. Every output value is the same sum, in the same order,
     * as one pixel at a time through {@code getRGB} would give.
     */
    public static float[] prepare(BufferedImage image, int size) {
        int w = image.getWidth();
        int h = image.getHeight();
        Filter horizontal = Filter.of(w, size);
        Filter vertical = Filter.of(h, size);
        int plane = h * size;
        float[] wide = new float[3 * plane]; // B, G, R planes of h x size
        byte[] bgr = interleavedBgr(image);
        if (bgr != null) {
            for (int y = 0; y < h; y++) {
                horizontal.applyBgr(bgr, y * w * 3, wide, y * size, plane);
            }
        } else {
            int[] argb = new int[w];
            byte[] row = new byte[3 * w];
            for (int y = 0; y < h; y++) {
                image.getRGB(0, y, w, 1, argb, 0, w);
                for (int x = 0; x < w; x++) {
                    int p = argb[x];
                    row[3 * x] = (byte) p;
                    row[3 * x + 1] = (byte) (p >> 8);
                    row[3 * x + 2] = (byte) (p >> 16);
                }
                horizontal.applyBgr(row, 0, wide, y * size, plane);
            }
        }
        float[] out = new float[3 * size * size];
        double[] acc = new double[size];
        for (int c = 0; c < 3; c++) {
            vertical.applyRows(wide, c * plane, size, out, c * size * size, acc);
        }
        return out;
    }

    /**
     * The pixel bytes of an image stored as B, G, R bytes per pixel, row after row with no gap
     * (what the JPEG decoder gives), or null for any other layout.
     */
    private static byte[] interleavedBgr(BufferedImage image) {
        if (image.getType() != BufferedImage.TYPE_3BYTE_BGR) {
            return null;
        }
        WritableRaster raster = image.getRaster();
        if (raster.getSampleModelTranslateX() != 0 || raster.getSampleModelTranslateY() != 0
                || !(raster.getSampleModel() instanceof PixelInterleavedSampleModel sm)
                || !(raster.getDataBuffer() instanceof DataBufferByte buffer)
                || buffer.getNumBanks() != 1 || buffer.getOffset() != 0
                || sm.getPixelStride() != 3 || sm.getScanlineStride() != 3 * image.getWidth()
                || !Arrays.equals(sm.getBandOffsets(), new int[] {2, 1, 0})) {
            return null;
        }
        byte[] data = buffer.getData();
        return data.length >= 3L * image.getWidth() * image.getHeight() ? data : null;
    }

    /** The weights of one resampling direction: for each output index, a run of input taps. */
    private record Filter(int[] start, int[] count, float[][] weights) {

        static Filter of(int in, int out) {
            double scale = (double) in / out;
            double filterScale = Math.max(scale, 1.0);
            double support = filterScale; // the triangle's radius is 1, widened when reducing
            int[] start = new int[out];
            int[] count = new int[out];
            float[][] weights = new float[out][];
            for (int i = 0; i < out; i++) {
                double center = (i + 0.5) * scale;
                int lo = Math.max((int) (center - support + 0.5), 0);
                int hi = Math.min((int) (center + support + 0.5), in);
                double[] k = new double[hi - lo];
                double sum = 0;
                for (int j = 0; j < k.length; j++) {
                    double t = Math.abs((j + lo - center + 0.5) / filterScale);
                    k[j] = t < 1 ? 1 - t : 0;
                    sum += k[j];
                }
                float[] wts = new float[k.length];
                for (int j = 0; j < k.length; j++) {
                    wts[j] = sum == 0 ? 0 : (float) (k[j] / sum);
                }
                start[i] = lo;
                count[i] = k.length;
                weights[i] = wts;
            }
            return new Filter(start, count, weights);
        }

        /**
         * Resamples one row of interleaved B, G, R bytes into the three planes at
         * {@code dstOffset}, {@code dstOffset + plane}, {@code dstOffset + 2 plane}, rounding to
         * whole values in 0..255 as PIL's 8-bit path does.
         */
        void applyBgr(byte[] src, int srcOffset, float[] dst, int dstOffset, int plane) {
            for (int i = 0; i < start.length; i++) {
                double b = 0;
                double g = 0;
                double r = 0;
                float[] wts = weights[i];
                int base = srcOffset + 3 * start[i];
                for (int j = 0; j < count[i]; j++) {
                    float k = wts[j];
                    int at = base + 3 * j;
                    b += k * (src[at] & 0xff);
                    g += k * (src[at + 1] & 0xff);
                    r += k * (src[at + 2] & 0xff);
                }
                dst[dstOffset + i] = round(b);
                dst[dstOffset + plane + i] = round(g);
                dst[dstOffset + 2 * plane + i] = round(r);
            }
        }

        /**
         * Resamples the rows of a {@code rows x width} plane at {@code srcOffset} into
         * {@code out.length x width} rows at {@code dstOffset}: each output row is its taps'
         * rows weighted and summed, tap after tap, then rounded.
         */
        void applyRows(float[] src, int srcOffset, int width, float[] dst, int dstOffset, double[] acc) {
            for (int i = 0; i < start.length; i++) {
                Arrays.fill(acc, 0, width, 0);
                float[] wts = weights[i];
                for (int j = 0; j < count[i]; j++) {
                    float k = wts[j];
                    int row = srcOffset + (start[i] + j) * width;
                    for (int x = 0; x < width; x++) {
                        acc[x] += k * src[row + x];
                    }
                }
                int to = dstOffset + i * width;
                for (int x = 0; x < width; x++) {
                    dst[to + x] = round(acc[x]);
                }
            }
        }

        private static float round(double acc) {
            return (float) Math.min(255, Math.max(0, Math.floor(acc + 0.5)));
        }
    }
}
