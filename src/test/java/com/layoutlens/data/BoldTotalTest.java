package com.layoutlens.data;

import org.junit.jupiter.api.Test;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The stroke-width measure on drawn bars and text, and the bold-TOTAL figures on a drawn receipt. */
class BoldTotalTest {

    private static BufferedImage page(int w, int h) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(new Color(235, 235, 230));
        g.fillRect(0, 0, w, h);
        g.dispose();
        return img;
    }

    @Test
    void otsuSplitsTwoPeaks() {
        int[] hist = new int[256];
        hist[40] = 100;
        hist[41] = 50;
        hist[200] = 900;
        hist[210] = 300;
        int t = StrokeWeight.otsu(hist);
        assertTrue(t >= 41 && t < 200, "threshold " + t);
    }

    @Test
    void barsOfKnownWidth() {
        BufferedImage img = page(400, 300);
        Graphics2D g = img.createGraphics();
        g.setColor(new Color(20, 20, 20));
        g.fillRect(20, 20, 2, 200);   // 2 px wide
        g.fillRect(120, 20, 5, 200);  // 5 px wide
        g.dispose();
        StrokeWeight s = StrokeWeight.of(img);
        // area w*L over half the perimeter (L + w): w*L/(L+w)
        assertEquals(2.0 * 200 / 202, s.weight(new Box(0, 0, 100, 300)), 1e-9);
        assertEquals(5.0 * 200 / 205, s.weight(new Box(100, 0, 200, 300)), 1e-9);
        // the margin around the ink changes nothing
        assertEquals(s.weight(new Box(110, 10, 130, 230)), s.weight(new Box(100, 0, 200, 300)), 1e-9);
        // too little ink: no weight
        assertTrue(Double.isNaN(s.weight(new Box(300, 0, 400, 300))));
        assertEquals(400 + 1000, s.ink(new Box(0, 0, 400, 300)));
    }

    /** A receipt drawn with one bold word among plain ones, its rows labelled. */
    private static List<LabelRow> draw(BufferedImage img, String[][] lines, String boldText) {
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(new Color(25, 25, 25));
        List<LabelRow> rows = new ArrayList<>();
        int y = 40;
        for (int s = 0; s < lines.length; s++) {
            int x = 20;
            for (int w = 0; w < lines[s].length; w++) {
                String[] tl = lines[s][w].split(":");
                Font f = new Font(Font.MONOSPACED, tl[0].equals(boldText) ? Font.BOLD : Font.PLAIN, 22);
                g.setFont(f);
                int width = g.getFontMetrics().stringWidth(tl[0]);
                g.drawString(tl[0], x, y);
                rows.add(new LabelRow(s, w, new Box(x - 2, y - 20, x + width + 2, y + 6), tl[0], tl[1], null));
                x += width + 16;
            }
            y += 36;
        }
        g.dispose();
        return rows;
    }

    @Test
    void aBoldTotalIsFoundBolder() {
        String[][] lines = {{"ACME:O", "STORE:O"}, {"PEN:O", "3.50:O"}, {"INK:O", "12.40:O"},
                {"TOTAL:O", "15.90:TOTAL"}, {"CASH:O", "20.00:O"}};
        BufferedImage img = page(400, 260);
        List<LabelRow> rows = draw(img, lines, "15.90");
        BoldTotal b = new BoldTotal();
        BoldTotal.ReceiptWeights r = b.add("r", StrokeWeight.of(img), rows);
        assertTrue(r.relative() > 1.15, "relative weight of the bold total " + r.relative());
        assertTrue(r.total() > r.medianNumber());
        // the same receipt printed plain: the total is an ordinary word
        BufferedImage plain = page(400, 260);
        List<LabelRow> plainRows = draw(plain, lines, "nothing bold");
        BoldTotal.ReceiptWeights q = b.add("q", StrokeWeight.of(plain), plainRows);
        assertTrue(q.relative() < 1.1 && q.relative() > 0.9, "relative weight of a plain total " + q.relative());
        Map<String, Object> m = b.toMap();
        assertEquals(2, m.get("receipts_with_total"));
        assertEquals(1L, m.get("receipts_total_bolder_than_median_word"));
        assertEquals(0.5, (double) m.get("share_total_bolder_than_median_word"), 1e-12);
        // numbers: 3.50, 12.40, 20.00 on each receipt (15.90 is the TOTAL)
        assertEquals(6, m.get("other_numbers"));
        long bolderNumbers = java.util.Arrays.stream(b.otherRelative()).filter(x -> x > 1).count();
        assertEquals(bolderNumbers, m.get("other_numbers_bolder_than_median_word"));
        assertEquals(2L, ((List<?>) ((Map<?, ?>) m.get("histogram")).get("total")).stream()
                .mapToLong(x -> (Long) x).sum());
        assertEquals(20, b.words().size());
    }

    @Test
    void scansAreReadWithinTheBudgetAndBrokenOnesReported(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        BufferedImage img = page(400, 300);
        Graphics2D g = img.createGraphics();
        g.setColor(new Color(20, 20, 20));
        g.fillRect(120, 20, 5, 200);
        g.dispose();
        java.nio.file.Path png = dir.resolve("a.png");
        javax.imageio.ImageIO.write(img, "png", png.toFile());
        assertEquals(StrokeWeight.of(img).weight(new Box(100, 0, 200, 300)),
                StrokeWeight.read(png).weight(new Box(100, 0, 200, 300)), 1e-12);
        java.nio.file.Path broken = dir.resolve("b.jpg");
        java.nio.file.Files.writeString(broken, "not a jpeg");
        org.junit.jupiter.api.Assertions.assertThrows(java.io.IOException.class, () -> StrokeWeight.read(broken));
        BoldTotal b = new BoldTotal();
        List<LabelRow> rows = List.of(new LabelRow(0, 0, new Box(100, 0, 200, 300), "9.00", "TOTAL", null));
        b.add(new Receipt("ok", png, 400, 300, List.of(), Map.of(), null), rows);
        b.add(new Receipt("broken", broken, 400, 300, List.of(), Map.of(), null), rows);
        b.add(new Receipt("none", null, 400, 300, List.of(), Map.of(), null), rows);
        Map<String, Object> m = b.toMap();
        assertEquals(1, m.get("receipts_measured"));
        assertEquals(List.of("broken"), m.get("receipts_image_unreadable"));
        assertEquals(1, m.get("receipts_without_image"));
    }

    @Test
    void numbersAndPercentiles() {
        assertTrue(BoldTotal.isNumber("RM12.40"));
        assertTrue(BoldTotal.isNumber("1,234.50"));
        assertTrue(BoldTotal.isNumber("6%"));
        assertTrue(!BoldTotal.isNumber("TOTAL:"));
        assertTrue(!BoldTotal.isNumber("12/02/2019"));
        assertEquals(2.5, BoldTotal.percentile(new double[] {4, 1, 2, 3}, 50), 1e-12);
        assertEquals(1.3, BoldTotal.percentile(new double[] {4, 1, 2, 3}, 10), 1e-12);
        assertTrue(Double.isNaN(BoldTotal.percentile(new double[0], 50)));
        long[] h = BoldTotal.histogram(new double[] {0.1, 0.55, 1.0, 1.05, 9});
        assertEquals(2, h[0]);
        assertEquals(2, h[5]);
        assertEquals(1, h[BoldTotal.BINS - 1]);
    }
}
