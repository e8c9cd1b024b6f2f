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
}
