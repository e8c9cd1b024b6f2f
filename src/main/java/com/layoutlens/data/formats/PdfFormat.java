package com.layoutlens.data.formats;

import com.layoutlens.data.AtomicFiles;
import com.layoutlens.data.Box;
import com.layoutlens.data.InputLimits;
import com.layoutlens.data.LabelSet;
import com.layoutlens.data.Problem;
import com.layoutlens.data.Receipt;
import com.layoutlens.data.Segment;
import com.layoutlens.data.Word;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.font.PDType0Font;
import org.apache.pdfbox.pdmodel.graphics.image.PDImageXObject;
import org.apache.pdfbox.pdmodel.graphics.state.RenderingMode;
import org.apache.pdfbox.util.Matrix;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.rendering.ImageType;
import org.apache.pdfbox.rendering.PDFRenderer;
import org.apache.pdfbox.text.PDFTextStripper;
import org.apache.pdfbox.text.TextPosition;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * {@code pdf}: digitally produced PDFs (e-receipts, invoices), every {@code .pdf} of
 * the folder. Each page is one receipt, {@code NAME} for a one-page file and {@code NAME-pN}
 * otherwise: the page rendered to a PNG (at {@link #DPI} dots per inch, less for a page that
 * would pass {@link InputLimits#DECODE_PIXELS}) in a folder of rendered pages (the one given, else
 * a temporary folder removed when the program ends), never beside the PDF, and its words with their boxes taken from the text layer in reading order, one segment per
 * line piece the text layer gives. A page without text (a scan) is reported as needing OCR and
 * left out. A PDF carries no labels.
 *
 * <p>Written: {@code ID.pdf} per receipt, one page of the receipt's image at its pixel size
 * (a page {@code width x height} pixels at {@link #DPI}, so that reading renders it back to the
 * same size) under an invisible text layer (text render mode neither) with each word placed at its
 * box: its baseline on the box's bottom, its font size and horizontal scaling chosen so the text
 * layer's glyph boxes, as the reader measures them, are the word's box. Other PDF tools select and
 * search that text. The font is the DejaVu Sans Mono the project ships, embedded as a subset; a
 * character it has no glyph for is written as {@value #UNENCODABLE} and reported for its receipt.
 * Labels and key values are not written (a PDF has no place for them). A PDF we wrote is read in
 * the order its words were written (the receipt's order), others by position on the page.
 */
public final class PdfFormat implements ReceiptReader, ReceiptWriter {

    public static final String NAME = "pdf";
    public static final int DPI = 150;
    /** Pages read from one file. */
    public static final int MAX_PAGES = 500;
    /** Bytes of one PDF. */
    public static final long MAX_PDF_BYTES = 256L << 20;
    /** What a character the font has no glyph for is written as. */
    public static final String UNENCODABLE = "?";
    /** The document creator of the PDFs this class writes. */
    static final String CREATOR = "LayoutLens";
    private static final String FONT = "/fonts/DejaVuSansMono.ttf";
    public static final String LOST = "no labels, no key files (a PDF has words and boxes only); word boxes are the"
            + " text layer's glyph boxes, the page a rendering at " + DPI + " dpi";

    private final Path renderDir;
    /** The PDF each rendered page came from, by the page's image. */
    private final Map<Path, Path> pdfOfPage = new java.util.concurrent.ConcurrentHashMap<>();

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
        // a file or page left out is a receipt skipped: the commands count it and exit 1
        Map<String, String> skipped = new java.util.TreeMap<>();
        if (Files.isDirectory(dir)) {
            // a .pdf entry that is no regular file (a folder, a FIFO, a dangling link) is never opened, but said
            try (var entries = Files.list(dir)) {
                for (Path p : (Iterable<Path>) entries::iterator) {
                    String name = p.getFileName().toString();
                    if (name.toLowerCase(java.util.Locale.ROOT).endsWith(".pdf") && !Files.isRegularFile(p)) {
                        String kind = Files.isDirectory(p) ? "a folder" : Files.isSymbolicLink(p) && !Files.exists(p)
                                ? "a link to nothing" : "not a regular file";
                        problems.add(Problem.error(p.toString(), 0, kind + ", not a PDF file; left out"));
                        skipped.put(name.substring(0, name.length() - 4), last(problems));
                    }
                }
            }
        }
        for (Map.Entry<String, Path> e : files.entrySet()) {
            Path file = e.getValue();
            String stem = e.getKey().replaceAll("[^A-Za-z0-9._-]", "_");
            if (!FormatIo.SAFE_ID.matcher(stem).matches()) {
                problems.add(Problem.error(file.toString(), 0, "'" + e.getKey() + "' is not a usable receipt id; left out"));
                skipped.put(file.getFileName().toString(), last(problems));
                continue;
            }
            try {
                com.layoutlens.data.TextFiles.checkReadable(file, MAX_PDF_BYTES);
            } catch (IOException x) {
                problems.add(Problem.error(file.toString(), 0, x.getMessage() + "; left out"));
                skipped.put(stem, last(problems));
                continue;
            }
            try (PDDocument doc = Loader.loadPDF(file.toFile())) {
                int pages = doc.getNumberOfPages();
                if (pages > MAX_PAGES) {
                    problems.add(Problem.error(file.toString(), 0, pages + " pages, over the limit of " + MAX_PAGES
                            + "; left out"));
                    skipped.put(stem, last(problems));
                    continue;
                }
                PDFRenderer renderer = new PDFRenderer(doc);
                for (int p = 0; p < pages; p++) {
                    String id = pages == 1 ? stem : stem + "-p" + (p + 1);
                    try {
                        Receipt r = page(doc, renderer, p, id, out, file.toString(), problems);
                        pdfOfPage.put(r.image(), file);
                        if (temporary) {
                            r.image().toFile().deleteOnExit();
                        }
                        if (r.segments().isEmpty()) {
                            problems.add(Problem.error(file.toString(), 0, "page " + (p + 1) + " has no text layer"
                                    + " (a scanned page?): it needs OCR; left out"));
                            skipped.put(id, last(problems));
                        } else {
                            receipts.add(r);
                        }
                    } catch (IOException | RuntimeException x) {
                        problems.add(Problem.error(file.toString(), 0, "page " + (p + 1) + " could not be read ("
                                + x.getMessage() + "); left out"));
                        skipped.put(id, last(problems));
                    }
                }
            } catch (IOException x) {
                problems.add(Problem.error(file.toString(), 0, "not a readable PDF (" + x.getMessage() + "); left out"));
                skipped.put(stem, last(problems));
            }
        }
        return new Read(receipts, null, problems, LOST, skipped);
    }

    /**
     * The PDF a page was read from: its rendering is a temporary file made anew on each read,
     * so the PDF is what a cached prediction is compared with, and what a problem names.
     */
    @Override
    public List<Path> sources(Path dir, Receipt receipt) {
        Path pdf = receipt.image() == null ? null : pdfOfPage.get(receipt.image());
        if (pdf != null) {
            return List.of(pdf);
        }
        if (Files.isRegularFile(dir)) {
            return List.of(dir);
        }
        // a receipt of another reading: ID.pdf, or for page N of a longer file its stem
        Path whole = dir.resolve(receipt.id() + ".pdf");
        String stem = receipt.id().replaceFirst("-p[0-9]+$", "");
        return Files.isRegularFile(whole) || stem.equals(receipt.id()) ? List.of(whole)
                : List.of(dir.resolve(stem + ".pdf"));
    }

    private static String last(List<Problem> problems) {
        return problems.get(problems.size() - 1).message();
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
        // ours are in the receipt's order; other producers' content order is often not the reading order
        words.setSortByPosition(!CREATOR.equals(doc.getDocumentInformation().getCreator()));
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

    // ---- writing

    @Override
    public List<Problem> write(List<Receipt> receipts, LabelSet schema, Path out) throws IOException {
        Files.createDirectories(out);
        List<Problem> problems = new ArrayList<>();
        for (Receipt r : receipts) {
            Path file = out.resolve(r.id() + ".pdf");
            if (r.width() <= 0 || r.height() <= 0) {
                problems.add(Problem.error(file.toString(), 0, "no page size (no image, no boxes); receipt not written"));
                continue;
            }
            try {
                AtomicFiles.write(file, pdf(r, file.toString(), problems));
            } catch (IOException | RuntimeException e) {
                problems.add(Problem.error(file.toString(), 0, "not written (" + e.getMessage() + ")"));
            }
        }
        return problems;
    }

    /** A receipt as a one-page PDF: its image, its words invisible at their boxes. */
    private static byte[] pdf(Receipt r, String file, List<Problem> problems) throws IOException {
        double scale = DPI / 72.0;
        float w = (float) (r.width() / scale);
        float h = (float) (r.height() / scale);
        try (PDDocument doc = new PDDocument()) {
            doc.getDocumentInformation().setCreator(CREATOR);
            PDPage page = new PDPage(new PDRectangle(w, h));
            doc.addPage(page);
            PDType0Font font = font(doc);
            Set<String> unencodable = new TreeSet<>();
            int replaced = 0;
            try (PDPageContentStream cs = new PDPageContentStream(doc, page)) {
                if (r.image() != null && FormatIo.imageSize(r.image()) != null) {
                    cs.drawImage(PDImageXObject.createFromFileByContent(r.image().toFile(), doc), 0, 0, w, h);
                } else {
                    problems.add(Problem.warning(file, 0, "no readable image for " + r.id() + ": a blank page under its words"));
                }
                cs.beginText();
                cs.setRenderingMode(RenderingMode.NEITHER);
                for (Word word : r.words()) {
                    String text = encodable(font, word.text(), unencodable);
                    if (!text.equals(word.text())) {
                        replaced++;
                    }
                    place(cs, font, text, word.box(), scale, h);
                }
                cs.endText();
            }
            if (replaced > 0) {
                problems.add(Problem.warning(file, 0, replaced + " word" + (replaced == 1 ? "" : "s") + " of " + r.id()
                        + " with characters the font has no glyph for " + unencodable + ": written with '"
                        + UNENCODABLE + "' in their place"));
            }
            java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
            doc.save(bytes);
            return bytes.toByteArray();
        }
    }

    /** A hair inside a box's pixel edges, so that the reader's floor and ceiling land on them. */
    private static final double EDGE = 0.02;

    /**
     * Shows a word (and a space after it, so that words that touch stay apart) with its text
     * layer box on {@code box}: the baseline at the box's bottom, the font size that makes the
     * reader's glyph height the box's height, the horizontal scaling that makes its advance the
     * box's width.
     */
    private static void place(PDPageContentStream cs, PDType0Font font, String text, Box box, double scale,
                              float pageHeight) throws IOException {
        double x0 = (box.x0() + EDGE) / scale;
        double x1 = Math.max(box.x1() - EDGE, box.x0() + 2 * EDGE) / scale;
        double top = (box.y0() + EDGE) / scale;
        double base = Math.max(box.y1() - EDGE, box.y0() + 2 * EDGE) / scale;
        float size = (float) ((base - top) / glyphHeight());
        float advance = font.getStringWidth(text) / 1000f * size;
        cs.setFont(font, size);
        cs.setHorizontalScaling((float) (100 * (x1 - x0) / advance));
        cs.setTextMatrix(Matrix.getTranslateInstance((float) x0, (float) (pageHeight - base)));
        cs.showText(text + " ");
    }

    /** The text with each character the font cannot encode as {@link #UNENCODABLE} (noted in {@code missing}). */
    private static String encodable(PDType0Font font, String text, Set<String> missing) {
        StringBuilder out = new StringBuilder();
        text.codePoints().forEach(cp -> {
            String c = new String(Character.toChars(cp));
            try {
                font.encode(c);
                out.append(c);
            } catch (IllegalArgumentException | IOException e) {
                missing.add(c);
                out.append(UNENCODABLE);
            }
        });
        return out.toString();
    }

    private static PDType0Font font(PDDocument doc) throws IOException {
        try (InputStream in = PdfFormat.class.getResourceAsStream(FONT)) {
            if (in == null) {
                throw new IOException("the font " + FONT + " is missing from the class path");
            }
            return PDType0Font.load(doc, in, true);
        }
    }

    private static volatile double glyphHeight;

    /**
     * The height of the box the reader gives a glyph of our font, per point of font size:
     * measured once on a one-word page written and read back, as PDFBox derives glyph heights
     * from the font's bounding box, cap height and ascent by rules of its own.
     */
    private static double glyphHeight() throws IOException {
        if (glyphHeight == 0) {
            try (PDDocument doc = new PDDocument()) {
                PDPage page = new PDPage(new PDRectangle(200, 200));
                doc.addPage(page);
                PDType0Font font = font(doc);
                try (PDPageContentStream cs = new PDPageContentStream(doc, page)) {
                    cs.beginText();
                    cs.setFont(font, 100);
                    cs.newLineAtOffset(10, 50);
                    cs.showText("H");
                    cs.endText();
                }
                java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
                doc.save(bytes);
                try (PDDocument back = Loader.loadPDF(bytes.toByteArray())) {
                    Words words = new Words(1);
                    words.getText(back);
                    glyphHeight = (words.lastBase - words.lastTop) / 100.0;
                }
            }
        }
        return glyphHeight;
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

        /** The top and baseline of the last glyph measured, in points from the top of the page. */
        double lastTop;
        double lastBase;

        private Box glyph(TextPosition t) {
            double x0 = t.getXDirAdj();
            double base = t.getYDirAdj();
            double height = Math.max(t.getHeightDir(), t.getFontSizeInPt() * 0.7);
            lastTop = base - height;
            lastBase = base;
            return new Box((int) Math.floor(x0 * scale), (int) Math.floor((base - height) * scale),
                    (int) Math.ceil((x0 + t.getWidthDirAdj()) * scale), (int) Math.ceil(base * scale));
        }
    }
}
