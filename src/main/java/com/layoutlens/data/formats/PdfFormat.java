package com.layoutlens.data.formats;

import com.layoutlens.data.Box;
import com.layoutlens.data.InputLimits;
import com.layoutlens.data.LabelSet;
import com.layoutlens.data.Problem;
import com.layoutlens.data.Receipt;
import com.layoutlens.data.Segment;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.rendering.ImageType;
import org.apache.pdfbox.rendering.PDFRenderer;
import org.apache.pdfbox.text.PDFTextStripper;
import org.apache.pdfbox.text.TextPosition;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code pdf} (read only): digitally produced PDFs (e-receipts, invoices), every {@code .pdf} of
 * the folder. Each page is one receipt, {@code NAME} for a one-page file and {@code NAME-pN}
 * otherwise: the page rendered to a PNG (at {@link #DPI} dots per inch, less for a page that
 * would pass {@link InputLimits#DECODE_PIXELS}) in a folder of rendered pages (the one given, else
 * a temporary folder removed when the program ends), never beside the PDF, and its words with their boxes taken from the text layer in reading order, one segment per
 * line piece the text layer gives. A page without text (a scan) is reported as needing OCR and
 * left out. A PDF carries no labels.
 */
public final class PdfFormat implements ReceiptReader {

    public static final String NAME = "pdf";
    public static final int DPI = 150;
    /** Pages read from one file. */
    public static final int MAX_PAGES = 500;
    /** Bytes of one PDF. */
    public static final long MAX_PDF_BYTES = 256L << 20;
    public static final String LOST = "no labels, no key files (a PDF has words and boxes only); word boxes are the"
            + " text layer's glyph boxes, the page a rendering at " + DPI + " dpi";

    private final Path renderDir;

    /** Pages rendered into a new temporary folder. */
    public PdfFormat() {
        this(null);
    }

    /** @param renderDir where the rendered pages go (created when missing); null for a new temporary folder */
    public PdfFormat(Path renderDir) {
        this.renderDir = renderDir;
    }

    @Override
    public String name() {
        return NAME;
    }

    /** A PDF carries no labels: no page is rendered to say so. */
    @Override
    public LabelSet schema(Path dir) {
        return null;
    }

    @Override
    public boolean recognises(Path dir) {
        try {
            return Files.isRegularFile(dir) ? dir.getFileName().toString().toLowerCase(java.util.Locale.ROOT).endsWith(".pdf")
                    : !FormatIo.files(dir, List.of("pdf")).isEmpty();
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public Read read(Path dir) throws IOException {
        Map<String, Path> files = Files.isRegularFile(dir)
                ? Map.of(dir.getFileName().toString().replaceFirst("(?i)\\.pdf$", ""), dir)
                : FormatIo.files(dir, List.of("pdf"));
        if (files.isEmpty()) {
            throw new IOException(dir + ": no .pdf file");
        }
        boolean temporary = renderDir == null;
        Path out = temporary ? Files.createTempDirectory("layoutlens-pdf-") : Files.createDirectories(renderDir);
        if (temporary) {
            out.toFile().deleteOnExit(); // registered first, deleted last: after the pages in it
        }
        List<Problem> problems = new ArrayList<>();
        List<Receipt> receipts = new ArrayList<>();
        for (Map.Entry<String, Path> e : files.entrySet()) {
            Path file = e.getValue();
            String stem = e.getKey().replaceAll("[^A-Za-z0-9._-]", "_");
            if (!FormatIo.SAFE_ID.matcher(stem).matches()) {
                problems.add(Problem.error(file.toString(), 0, "'" + e.getKey() + "' is not a usable receipt id; left out"));
                continue;
            }
            try {
                com.layoutlens.data.TextFiles.checkReadable(file, MAX_PDF_BYTES);
            } catch (IOException x) {
                problems.add(Problem.error(file.toString(), 0, x.getMessage() + "; left out"));
                continue;
            }
            try (PDDocument doc = Loader.loadPDF(file.toFile())) {
                int pages = doc.getNumberOfPages();
                if (pages > MAX_PAGES) {
                    problems.add(Problem.error(file.toString(), 0, pages + " pages, over the limit of " + MAX_PAGES
                            + "; left out"));
                    continue;
                }
                PDFRenderer renderer = new PDFRenderer(doc);
                for (int p = 0; p < pages; p++) {
                    String id = pages == 1 ? stem : stem + "-p" + (p + 1);
                    try {
                        Receipt r = page(doc, renderer, p, id, out, file.toString(), problems);
                        if (temporary) {
                            r.image().toFile().deleteOnExit();
                        }
                        if (r.segments().isEmpty()) {
                            problems.add(Problem.error(file.toString(), 0, "page " + (p + 1) + " has no text layer"
                                    + " (a scanned page?): it needs OCR; left out"));
                        } else {
                            receipts.add(r);
                        }
                    } catch (IOException | RuntimeException x) {
                        problems.add(Problem.error(file.toString(), 0, "page " + (p + 1) + " could not be read ("
                                + x.getMessage() + "); left out"));
                    }
                }
            } catch (IOException x) {
                problems.add(Problem.error(file.toString(), 0, "not a readable PDF (" + x.getMessage() + "); left out"));
            }
        }
        return new Read(receipts, null, problems, LOST);
    }

    private static Receipt page(PDDocument doc, PDFRenderer renderer, int index, String id, Path out, String file,
                                List<Problem> problems) throws IOException {
        PDPage page = doc.getPage(index);
        PDRectangle crop = page.getCropBox();
        boolean turned = page.getRotation() % 180 != 0;
        double w = turned ? crop.getHeight() : crop.getWidth();
        double h = turned ? crop.getWidth() : crop.getHeight();
        double scale = DPI / 72.0;
        if (w * h * scale * scale > InputLimits.DECODE_PIXELS) {
            scale = Math.sqrt(InputLimits.DECODE_PIXELS / (w * h));
        }
        // the renderer truncates the page's extent times the (float) scale: a hair more keeps 6 in at 150 dpi 900 px
        BufferedImage img = renderer.renderImage(index, (float) (scale * (1 + 1e-6)), ImageType.RGB);
        Path image = out.resolve(id + ".png");
        ImageIO.write(img, "png", image.toFile());
        Words words = new Words(scale);
        words.setSortByPosition(true);
        words.setStartPage(index + 1);
        words.setEndPage(index + 1);
        words.getText(doc);
        if (words.truncated) {
            problems.add(Problem.warning(file, 0, "page " + (index + 1) + ": text past " + InputLimits.MAX_WORDS
                    + " words or " + InputLimits.MAX_SEGMENTS + " lines left out"));
        }
        return new Receipt(id, image, img.getWidth(), img.getHeight(), words.segments, null, null,
                "no key files in the pdf format", null);
    }

    /** The text layer's pieces of lines as segments of words with their glyphs' boxes, in pixels. */
    private static final class Words extends PDFTextStripper {
        private final double scale;
        final List<Segment> segments = new ArrayList<>();
        int words;
        /** Whether text past the limits of one receipt was left out. */
        boolean truncated;

        Words(double scale) {
            this.scale = scale;
        }

        @Override
        protected void writeString(String text, List<TextPosition> positions) {
            List<FormatIo.Piece> pieces = new ArrayList<>();
            StringBuilder word = new StringBuilder();
            Box box = null;
            for (TextPosition t : positions) {
                String u = t.getUnicode();
                if (u == null || u.isBlank()) {
                    if (box != null) {
                        pieces.add(new FormatIo.Piece(word.toString(), box));
                    }
                    word.setLength(0);
                    box = null;
                    continue;
                }
                Box b = glyph(t);
                word.append(u);
                box = box == null ? b : box.union(b);
            }
            if (box != null) {
                pieces.add(new FormatIo.Piece(word.toString(), box));
            }
            Segment s = FormatIo.segment(segments.size(), pieces);
            if (s != null && segments.size() < InputLimits.MAX_SEGMENTS && words + pieces.size() <= InputLimits.MAX_WORDS) {
                segments.add(s);
                words += pieces.size();
            } else if (s != null) {
                truncated = true;
            }
        }

        private Box glyph(TextPosition t) {
            double x0 = t.getXDirAdj();
            double base = t.getYDirAdj();
            double height = Math.max(t.getHeightDir(), t.getFontSizeInPt() * 0.7);
            return new Box((int) Math.floor(x0 * scale), (int) Math.floor((base - height) * scale),
                    (int) Math.ceil((x0 + t.getWidthDirAdj()) * scale), (int) Math.ceil(base * scale));
        }
    }
}
