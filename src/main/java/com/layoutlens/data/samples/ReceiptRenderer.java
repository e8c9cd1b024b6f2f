package com.layoutlens.data.samples;

import com.layoutlens.data.Box;
import com.layoutlens.data.LabelRow;
import com.layoutlens.data.Segment;
import com.layoutlens.data.Word;
import com.layoutlens.data.samples.ReceiptText.Cell;
import com.layoutlens.data.samples.ReceiptText.Part;
import com.layoutlens.data.samples.ReceiptText.PrintLine;

import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.Shape;
import java.awt.font.FontRenderContext;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Draws a {@link ReceiptText} as a thermal-printer receipt and records where every cell
 * went: the OCR segments and the word labels come from the drawing itself, so boxes and
 * labels are exact by construction.
 *
 * <p>Determinism: text is drawn as glyph outlines filled by Java2D's own rasteriser (not
 * through the platform's glyph cache, whose hinting and anti-aliasing may differ between
 * font libraries), rendering hints are all set explicitly, and the paper texture is
 * computed in integer arithmetic from the seeded {@link Random}.
 */
final class ReceiptRenderer {

    /** Blank lines advance by this fraction of a line. */
    private static final double BLANK_LINE = 0.7;

    private ReceiptRenderer() {
    }

    /** Page geometry drawn before the text is composed, since the text needs the column count. */
    record Page(int width, int margin, int columns) {

        static Page draw(Random r) {
            return new Page(400 + r.nextInt(81), 12 + r.nextInt(13), 38 + r.nextInt(9));
        }
    }

    /** A cell with its font and pixel position. */
    private record Placed(int line, Cell cell, Font font, float x, float baseline, Box box, int ink) {
    }

    static SampleReceipt render(String id, Page page, ReceiptText text, Random r) {
        int width = page.width();
        int usable = width - 2 * page.margin();
        FontRenderContext frc = new FontRenderContext(null, true, true);
        double advance = SampleFonts.font(false, 100f).getStringBounds("0", frc).getWidth() / 100.0;
        float bodySize = (float) (usable / (page.columns() * advance));
        double charWidth = usable / (double) page.columns();
        double lineFactor = 1.2 + r.nextInt(26) / 100.0;
        int inkBase = 20 + r.nextInt(40);

        BufferedImage scratch = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
        Graphics2D sg = scratch.createGraphics();
        setHints(sg);
        List<Placed> placed = new ArrayList<>();
        double y = 14 + r.nextInt(30);
        int lineNo = 0;
        for (PrintLine line : text.lines()) {
            lineNo++;
            double lineHeight = bodySize * lineFactor;
            if (line.blank()) {
                y += lineHeight * BLANK_LINE;
                continue;
            }
            Font font = SampleFonts.font(line.bold(), bodySize * line.scale());
            FontMetrics fm = sg.getFontMetrics(font);
            int dy = r.nextInt(3) - 1;
            float baseline = (float) (y + fm.getAscent() + dy);
            int ink = Math.min(255, inkBase + r.nextInt(35));
            for (Cell cell : line.cells()) {
                String s = cell.text();
                double w = fm.getStringBounds(s, sg).getWidth();
                double x = switch (cell.align()) {
                    case LEFT -> page.margin() + cell.column() * charWidth;
                    case RIGHT -> page.margin() + cell.column() * charWidth - w;
                    case CENTER -> page.margin() + (usable - w) / 2.0;
                };
                x += (r.nextInt(5) - 2) * 0.5;
                Box box = new Box((int) Math.floor(x) - 1, (int) Math.floor(baseline - fm.getAscent()),
                        (int) Math.ceil(x + w) + 1, (int) Math.ceil(baseline + fm.getDescent()));
                placed.add(new Placed(lineNo, cell, font, (float) x, baseline, box, ink));
            }
            y += lineHeight * Math.max(1f, line.scale());
        }
        sg.dispose();
        // a short receipt still comes off the roll with blank paper below, as scans of them show
        int height = Math.max((int) Math.ceil(y) + 20 + r.nextInt(40), width * 6 / 5);

        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        paper(image, r);
        Graphics2D g = image.createGraphics();
        setHints(g);
        for (Placed p : placed) {
            int blue = Math.min(255, p.ink() + 8);
            g.setColor(new Color(p.ink(), p.ink(), blue));
            Shape outline = p.font().createGlyphVector(frc, p.cell().text()).getOutline(p.x(), p.baseline());
            g.fill(outline);
        }
        g.dispose();
        wear(image, r);
        return record(id, image, placed, text);
    }

    private static void setHints(Graphics2D g) {
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_FRACTIONALMETRICS, RenderingHints.VALUE_FRACTIONALMETRICS_ON);
        g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
        g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
        g.setRenderingHint(RenderingHints.KEY_COLOR_RENDERING, RenderingHints.VALUE_COLOR_RENDER_QUALITY);
        g.setRenderingHint(RenderingHints.KEY_DITHERING, RenderingHints.VALUE_DITHER_DISABLE);
    }

    /** Warm grey paper, a little darker towards the edges, with fine grain. */
    private static void paper(BufferedImage image, Random r) {
        int w = image.getWidth();
        int h = image.getHeight();
        int[] px = ((DataBufferInt) image.getRaster().getDataBuffer()).getData();
        int base = 232 + r.nextInt(14);
        int warm = 3 + r.nextInt(6);
        int half = w / 2;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int edge = Math.abs(x - half) * 6 / half;
                int v = base - edge + r.nextInt(5) - 2;
                px[y * w + x] = rgb(v + 2, v, v - warm);
            }
        }
    }

    /** Specks of dirt and, sometimes, a faint line where a dot of the print head is weak. */
    private static void wear(BufferedImage image, Random r) {
        int w = image.getWidth();
        int h = image.getHeight();
        int[] px = ((DataBufferInt) image.getRaster().getDataBuffer()).getData();
        int specks = 10 + r.nextInt(40);
        for (int i = 0; i < specks; i++) {
            int x = r.nextInt(w - 1);
            int y = r.nextInt(h);
            int v = 90 + r.nextInt(70);
            px[y * w + x] = rgb(v, v, v);
            if (r.nextBoolean()) {
                px[y * w + x + 1] = rgb(v, v, v);
            }
        }
        if (r.nextInt(10) < 3) {
            int x = 20 + r.nextInt(w - 40);
            for (int y = 0; y < h; y++) {
                int p = px[y * w + x];
                int red = (p >> 16) & 0xff;
                int green = (p >> 8) & 0xff;
                int blue = p & 0xff;
                px[y * w + x] = rgb((red + 2 * 236) / 3, (green + 2 * 234) / 3, (blue + 2 * 228) / 3);
            }
        }
    }

    private static int rgb(int red, int green, int blue) {
        return (clamp(red) << 16) | (clamp(green) << 8) | clamp(blue);
    }

    private static int clamp(int v) {
        return Math.max(0, Math.min(255, v));
    }

    /** Segments in reading order and one label row per word, checked against the drawing. */
    private static SampleReceipt record(String id, BufferedImage image, List<Placed> placed, ReceiptText text) {
        List<Segment> segments = new ArrayList<>();
        List<LabelRow> labels = new ArrayList<>();
        Placed previous = null;
        for (Placed p : placed) {
            Box b = p.box();
            if (b.x0() < 0 || b.y0() < 0 || b.x1() >= image.getWidth() || b.y1() >= image.getHeight()) {
                throw new IllegalStateException(id + ": '" + p.cell().text() + "' drawn outside the page at " + b);
            }
            if (previous != null && previous.line() == p.line() && previous.box().x1() >= b.x0()) {
                throw new IllegalStateException(id + ": '" + previous.cell().text() + "' and '" + p.cell().text()
                        + "' overlap on line " + p.line());
            }
            previous = p;
            Segment segment = Segment.of(segments.size(), b, p.cell().text());
            segments.add(segment);
            for (Word word : segment.words()) {
                labels.add(LabelRow.of(word, labelOf(p.cell(), word, id), null));
            }
        }
        return new SampleReceipt(id, image, segments, text.keys(), labels);
    }

    /** The label of the part a word lies in; a word across two parts is a bug in the composer. */
    private static String labelOf(Cell cell, Word word, String id) {
        int start = 0;
        for (Part part : cell.parts()) {
            int end = start + part.text().length();
            if (word.charStart() >= start && word.charStart() < end) {
                if (word.charEnd() > end) {
                    throw new IllegalStateException(id + ": word '" + word.text() + "' crosses a label boundary in '"
                            + cell.text() + "'");
                }
                return part.label();
            }
            start = end;
        }
        throw new IllegalStateException(id + ": word '" + word.text() + "' outside its cell '" + cell.text() + "'");
    }
}
