package com.layoutlens.model.encode;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class PageImageTest {

    @TempDir
    Path tmp;

    private static BufferedImage random(int w, int h, long seed) {
        Random rnd = new Random(seed);
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                img.setRGB(x, y, rnd.nextInt(1 << 24));
            }
        }
        return img;
    }

    @Test
    void sameSizeKeepsEveryPixelAndFlipsToBgrChannelsFirst() {
        BufferedImage img = random(224, 224, 1);
        float[] out = PageImage.prepare(img, 224);
        int plane = 224 * 224;
        for (int y = 0; y < 224; y += 7) {
            for (int x = 0; x < 224; x += 5) {
                int rgb = img.getRGB(x, y);
                int i = y * 224 + x;
                assertEquals(rgb & 0xff, out[i], 0f, "blue first");
                assertEquals((rgb >> 8) & 0xff, out[plane + i], 0f, "green second");
                assertEquals((rgb >> 16) & 0xff, out[2 * plane + i], 0f, "red last");
            }
        }
    }

    @Test
    void reductionAveragesRatherThanSamples() {
        // vertical stripes one pixel wide, black and white: a sampling resize would keep one
        // colour, PIL's widened triangle filter gives grey everywhere
        BufferedImage img = new BufferedImage(896, 300, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 300; y++) {
            for (int x = 0; x < 896; x++) {
                img.setRGB(x, y, x % 2 == 0 ? 0xffffff : 0);
            }
        }
        float[] out = PageImage.prepare(img, 224);
        for (int i = 224 * 10 + 2; i < 224 * 11 - 2; i++) {
            assertEquals(127.5f, out[i], 1.0f);
        }
    }

    @Test
    void uniformColourStaysUniformAtAnySize() {
        BufferedImage img = new BufferedImage(613, 1187, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                img.setRGB(x, y, 0x10_80_f0);
            }
        }
        float[] out = PageImage.prepare(img, 224);
        int plane = 224 * 224;
        for (int i = 0; i < plane; i += 97) {
            assertEquals(0xf0, out[i], 0f);
            assertEquals(0x80, out[plane + i], 0f);
            assertEquals(0x10, out[2 * plane + i], 0f);
        }
    }

    @Test
    void missingAndBrokenFilesAreReported() throws IOException {
        assertThrows(NoSuchFileException.class, () -> PageImage.read(tmp.resolve("none.jpg"), 224));
        Path broken = tmp.resolve("broken.jpg");
        Files.writeString(broken, "not an image");
        IOException e = assertThrows(IOException.class, () -> PageImage.read(broken, 224));
        assertEquals(true, e.getMessage().contains("broken.jpg"));
        Path ok = tmp.resolve("ok.png");
        ImageIO.write(random(50, 80, 2), "png", ok.toFile());
        assertEquals(3 * 224 * 224, PageImage.read(ok, 224).length);
    }

    @Test
    void anImageDeclaringMoreThanThePixelBudgetIsRefusedBeforeAnyPixelIsDecoded() throws IOException {
        Path png = tmp.resolve("huge.png");
        com.layoutlens.data.HostileFiles.pngDeclaring(png, 25_000, 25_000); // 2.5 GB of pixels in a few hundred bytes
        IOException e = assertThrows(IOException.class, () -> PageImage.read(png, PageImage.SIZE));
        org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().contains("huge.png")
                && e.getMessage().contains("25000 x 25000") && e.getMessage().contains("budget"), e.getMessage());
    }

    @Test
    void scansOverTheDecodeBudgetAreSubsampledAndRealScansAreNot() throws IOException {
        assertEquals(1, PageImage.subsampling(4961, 7016), "the largest SROIE scan is decoded in full");
        assertEquals(2, PageImage.subsampling(9000, 5000));
        assertEquals(3, PageImage.subsampling(20_000, 10_000));
        for (int[] wh : new int[][] {{9000, 5000}, {20_000, 10_000}, {14_000, 14_000}}) {
            int s = PageImage.subsampling(wh[0], wh[1]);
            long decoded = (long) ((wh[0] + s - 1) / s) * ((wh[1] + s - 1) / s);
            org.junit.jupiter.api.Assertions.assertTrue(
                    decoded <= com.layoutlens.data.InputLimits.DECODE_PIXELS * 1.01, wh[0] + "x" + wh[1]);
        }
        Path small = tmp.resolve("small.png");
        ImageIO.write(random(300, 200, 3), "png", small.toFile());
        BufferedImage back = PageImage.decode(small);
        assertEquals(300, back.getWidth());
        assertEquals(200, back.getHeight());
    }

    /** The resize one pixel at a time, through getRGB, as PageImage did it before reading decoded bytes in place. */
    private static float[] reference(BufferedImage image, int size) {
        int w = image.getWidth();
        int h = image.getHeight();
        int[] argb = image.getRGB(0, 0, w, h, null, 0, w);
        float[] out = new float[3 * size * size];
        for (int c = 0; c < 3; c++) {
            float[] wide = new float[h * size];
            for (int y = 0; y < h; y++) {
                for (int i = 0; i < size; i++) {
                    double[] tap = taps(w, size, i);
                    double acc = 0;
                    for (int j = 0; j < tap.length - 1; j++) {
                        acc += (float) tap[j + 1] * (float) ((argb[y * w + (int) tap[0] + j] >> (8 * c)) & 0xff);
                    }
                    wide[y * size + i] = (float) Math.min(255, Math.max(0, Math.floor(acc + 0.5)));
                }
            }
            for (int x = 0; x < size; x++) {
                for (int i = 0; i < size; i++) {
                    double[] tap = taps(h, size, i);
                    double acc = 0;
                    for (int j = 0; j < tap.length - 1; j++) {
                        acc += (float) tap[j + 1] * wide[((int) tap[0] + j) * size + x];
                    }
                    out[c * size * size + i * size + x] = (float) Math.min(255, Math.max(0, Math.floor(acc + 0.5)));
                }
            }
        }
        return out;
    }

    /** PIL's bilinear taps for output i: the first input index, then the normalised weights. */
    private static double[] taps(int in, int out, int i) {
        double scale = (double) in / out;
        double filterScale = Math.max(scale, 1.0);
        double center = (i + 0.5) * scale;
        int lo = Math.max((int) (center - filterScale + 0.5), 0);
        int hi = Math.min((int) (center + filterScale + 0.5), in);
        double[] k = new double[hi - lo];
        double sum = 0;
        for (int j = 0; j < k.length; j++) {
            double t = Math.abs((j + lo - center + 0.5) / filterScale);
            k[j] = t < 1 ? 1 - t : 0;
            sum += k[j];
        }
        double[] r = new double[k.length + 1];
        r[0] = lo;
        for (int j = 0; j < k.length; j++) {
            r[j + 1] = sum == 0 ? 0 : (float) (k[j] / sum);
        }
        return r;
    }

    private static BufferedImage as(BufferedImage src, int type) {
        BufferedImage img = new BufferedImage(src.getWidth(), src.getHeight(), type);
        img.getGraphics().drawImage(src, 0, 0, null);
        return img;
    }

    @Test
    void everyPixelLayoutGivesTheValuesOfTheOnePixelAtATimeResize() {
        BufferedImage rgb = random(301, 517, 4);
        BufferedImage bgr = as(rgb, BufferedImage.TYPE_3BYTE_BGR);
        for (BufferedImage img : new BufferedImage[] {rgb, bgr, as(rgb, BufferedImage.TYPE_INT_ARGB),
                as(rgb, BufferedImage.TYPE_BYTE_GRAY), bgr.getSubimage(13, 29, 211, 300), random(97, 150, 5)}) {
            float[] want = reference(img, 224);
            org.junit.jupiter.api.Assertions.assertArrayEquals(want, PageImage.prepare(img, 224),
                    img.getWidth() + "x" + img.getHeight() + " type " + img.getType());
        }
    }

    @Test
    void realScansGiveTheValuesOfTheOnePixelAtATimeResize() throws IOException {
        Path dir = Path.of(System.getProperty("layoutlens.sroie", "../shared/sroie")).resolve("img");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isDirectory(dir), "no SROIE scans at " + dir);
        try (java.util.stream.Stream<Path> files = Files.list(dir)) {
            for (Path f : files.sorted().limit(3).toList()) {
                BufferedImage img = PageImage.decode(f);
                assertEquals(BufferedImage.TYPE_3BYTE_BGR, img.getType(), f + " decodes to interleaved bytes");
                org.junit.jupiter.api.Assertions.assertArrayEquals(reference(img, 224), PageImage.prepare(img, 224),
                        f.toString());
            }
        }
    }
}
