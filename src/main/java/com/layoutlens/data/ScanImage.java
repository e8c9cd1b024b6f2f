package com.layoutlens.data;

import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Iterator;

/**
 * A receipt's scan decoded within the budget of {@link InputLimits}: the image's declared size
 * is read from its header before any pixel is decoded; an image declaring more than
 * {@link InputLimits#MAX_IMAGE_PIXELS} is refused, and one over {@link InputLimits#DECODE_PIXELS}
 * is decoded with source subsampling (every n-th pixel of every n-th row).
 *
 * @param image the decoded pixels
 * @param step  image pixels per decoded pixel: 1, or the source subsampling of a very large scan
 */
public record ScanImage(BufferedImage image, int step) {

    /**
     * Decodes an image file.
     *
     * @throws IOException naming the file when it is not a regular readable file, no decoder
     *                     accepts it, it declares too many pixels, or the decoder fails
     */
    public static ScanImage decode(Path file) throws IOException {
        try {
            TextFiles.checkReadable(file, Long.MAX_VALUE); // a FIFO would block the decoder
        } catch (TextFiles.Unusable e) {
            throw new IOException(file + ": image " + e.getMessage(), e);
        }
        try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
            Iterator<ImageReader> readers = in == null ? null : ImageIO.getImageReaders(in);
            if (readers == null || !readers.hasNext()) {
                throw new IOException(file + ": not a readable image");
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                int w = reader.getWidth(0);
                int h = reader.getHeight(0);
                if ((long) w * h > InputLimits.MAX_IMAGE_PIXELS) {
                    throw new IOException(file + ": " + Dataset.overBudget(w, h));
                }
                int step = subsampling(w, h);
                ImageReadParam param = reader.getDefaultReadParam();
                if (step > 1) {
                    param.setSourceSubsampling(step, step, 0, 0);
                }
                BufferedImage image = reader.read(0, param);
                if (image == null) {
                    throw new IOException(file + ": not a readable image");
                }
                return new ScanImage(image, step);
            } finally {
                reader.dispose();
            }
        } catch (RuntimeException e) {
            // decoders throw unchecked exceptions on some corrupt streams
            throw new IOException(file + ": not a readable image (" + e + ")", e);
        }
    }

    /** The source subsampling step that brings a w x h image within {@link InputLimits#DECODE_PIXELS}. */
    public static int subsampling(int w, int h) {
        long pixels = (long) w * h;
        int step = 1;
        while (pixels / ((long) step * step) > InputLimits.DECODE_PIXELS) {
            step++;
        }
        return step;
    }
}
