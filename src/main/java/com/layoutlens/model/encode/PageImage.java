package com.layoutlens.model.encode;

import com.layoutlens.data.InputLimits;
import com.layoutlens.data.ScanImage;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

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

    /** Prepares a decoded image: (3, size, size) BGR values 0..255. */
    public static float[] prepare(BufferedImage image, int size) {
        int w = image.getWidth();
        int h = image.getHeight();
        int[] argb = image.getRGB(0, 0, w, h, null, 0, w);
        float[][] planes = new float[3][w * h]; // B, G, R
        for (int i = 0; i < argb.length; i++) {
            int p = argb[i];
            planes[0][i] = p & 0xff;
            planes[1][i] = (p >> 8) & 0xff;
            planes[2][i] = (p >> 16) & 0xff;
        }
        float[] out = new float[3 * size * size];
        Filter horizontal = Filter.of(w, size);
        Filter vertical = Filter.of(h, size);
        for (int c = 0; c < 3; c++) {
            float[] wide = new float[h * size];
            for (int y = 0; y < h; y++) {
                horizontal.apply(planes[c], y * w, 1, wide, y * size, 1);
            }
            float[] plane = new float[size * size];
            for (int x = 0; x < size; x++) {
                vertical.apply(wide, x, size, plane, x, size);
            }
            System.arraycopy(plane, 0, out, c * size * size, size * size);
        }
        return out;
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

        /** Resamples one line, rounding to whole values in 0..255 as PIL's 8-bit path does. */
        void apply(float[] src, int srcOffset, int srcStep, float[] dst, int dstOffset, int dstStep) {
            for (int i = 0; i < start.length; i++) {
                double acc = 0;
                float[] wts = weights[i];
                int base = srcOffset + start[i] * srcStep;
                for (int j = 0; j < count[i]; j++) {
                    acc += wts[j] * src[base + j * srcStep];
                }
                dst[dstOffset + i * dstStep] = (float) Math.min(255, Math.max(0, Math.floor(acc + 0.5)));
            }
        }
    }
}
