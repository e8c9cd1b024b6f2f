package com.layoutlens.data.formats;

import com.layoutlens.data.Box;
import com.layoutlens.data.LabelSet;
import com.layoutlens.data.Problem;
import com.layoutlens.data.Receipt;
import com.layoutlens.data.Segment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static com.layoutlens.data.formats.FormatFixtures.byId;
import static com.layoutlens.data.formats.FormatFixtures.words;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class PdfFormatTest {

    private static final Path FIXTURE = Path.of("src/test/resources/formats/pdf");

    private static void near(int expected, int actual, int tolerance, String what) {
        assertTrue(Math.abs(expected - actual) <= tolerance, what + ": expected about " + expected + ", was " + actual);
    }

    @Test
    void eachPageIsRenderedAndItsWordsComeFromTheTextLayerAPageWithoutOneNeedsOcr(@TempDir Path tmp) throws Exception {
        PdfFormat pdf = new PdfFormat(tmp.resolve("pages"));
        assertTrue(pdf.recognises(FIXTURE));
        ReceiptReader.Read read = pdf.read(FIXTURE);
        assertEquals(List.of("invoice-p1", "order"), read.receipts().stream().map(Receipt::id).toList());
        assertNull(read.schema());
        Problem ocr = read.problems().stream().filter(Problem::isError).findFirst().orElseThrow();
        assertEquals(FIXTURE.resolve("invoice.pdf").toString(), ocr.file());
        assertTrue(ocr.message().contains("page 2") && ocr.message().contains("needs OCR"), ocr.message());
        assertEquals(1, read.problems().size(), read.problems().toString());

        Receipt r = byId(read, "invoice-p1");
        assertEquals(600, r.width(), "4 inches at 150 dpi");
        assertEquals(900, r.height());
        assertEquals(tmp.resolve("pages/invoice-p1.png"), r.image());
        assertTrue(Files.isRegularFile(r.image()));
        assertFalse(Files.exists(FIXTURE.resolve("invoice-p1.png")), "nothing is written beside the PDF");
        assertEquals(List.of("NORTHWIND", "CAFE", "Invoice", "2026-0117", "Latte", "4.50", "TOTAL", "4.50"), words(r));
        assertNull(r.labels());
        Box latte = r.words().get(4).box();
        near(75, latte.x0(), 1, "Latte x0 (36 pt)");
        near(275, latte.y1(), 2, "Latte baseline (300 pt from the bottom)");
        assertTrue(latte.height() >= 12 && latte.height() <= 24, latte.toString());
        Box price = r.words().get(5).box();
        near(458, price.x0(), 1, "4.50 x0 (220 pt)");
        assertTrue(price.x1() > price.x0() + 20, price.toString());
        assertEquals(List.of("Order", "#4411", "Paid", "by", "card"), words(byId(read, "order")));
    }

    @Test
    void pdfReceiptsGoOutAsHfAndComeBackWithTheSameWordsAndBoxes(@TempDir Path tmp) throws Exception {
        ReceiptReader.Read before = new PdfFormat(tmp.resolve("pages")).read(FIXTURE);
        Path out = tmp.resolve("hf");
        new HfFormat().write(before.receipts(), com.layoutlens.data.LabelSet.sroie(), out);
        ReceiptReader.Read after = new HfFormat().read(out);
        assertEquals(List.of("invoice-p1", "order"), after.receipts().stream().map(Receipt::id).toList());
        for (Receipt a : before.receipts()) {
            Receipt b = byId(after, a.id());
            assertEquals(words(a), words(b));
            for (int i = 0; i < a.words().size(); i++) {
                assertEquals(a.words().get(i).box(), b.words().get(i).box(), a.id() + " word " + i);
            }
        }
    }

    @Test
    void aPageIsReadFromItsPdfNotFromItsRendering(@TempDir Path tmp) throws Exception {
        Path dir = FormatFixtures.copy("pdf", tmp);
        PdfFormat pdf = new PdfFormat();
        com.layoutlens.data.Dataset ds = ReceiptFormats.load(pdf, dir, ReceiptReader.Options.defaults());
        // what a problem names and what a cached prediction is compared with: the PDF, which stays
        assertEquals(List.of(dir.resolve("invoice.pdf")), ds.sources().of(inDataset(ds, "invoice-p1")));
        assertEquals(List.of(dir.resolve("order.pdf")), ds.sources().of(inDataset(ds, "order")));
        // a receipt of another reading is traced back by its id
        Receipt page = inDataset(ds, "invoice-p1");
        Receipt elsewhere = new Receipt(page.id(), tmp.resolve("x.png"), page.width(), page.height(), page.segments(),
                null, null);
        assertEquals(List.of(dir.resolve("invoice.pdf")), new PdfFormat().sources(dir, elsewhere));
        assertEquals(List.of(dir.resolve("order.pdf")), new PdfFormat().sources(dir.resolve("order.pdf"), elsewhere));
        // a cached result stays fresh across readings (each renders its pages anew)
        Path cache = tmp.resolve("cache");
        com.layoutlens.data.LabelSet sroie = com.layoutlens.data.LabelSet.sroie();
        Path model = com.layoutlens.model.layoutlm.Fixtures.folder("tiny-a");
        assertEquals(2, com.layoutlens.service.PredictionRun.run(model, ds, sroie, "cpu", cache, null, () -> false)
                .predicted());
        com.layoutlens.data.Dataset again = ReceiptFormats.load(new PdfFormat(), dir, ReceiptReader.Options.defaults());
        assertEquals(2, com.layoutlens.service.PredictionRun.run(model, again, sroie, "cpu", cache, null, () -> false)
                .fromCache());
    }

    private static Receipt inDataset(com.layoutlens.data.Dataset ds, String id) {
        return ds.receipts().stream().filter(r -> r.id().equals(id)).findFirst().orElseThrow();
    }

    @Test
    void aPdfEntryThatIsNoFileIsReportedAndSkipped(@TempDir Path tmp) throws Exception {
        Path dir = FormatFixtures.copy("pdf", tmp);
        Files.createDirectories(dir.resolve("folder.pdf"));
        Files.createSymbolicLink(dir.resolve("gone.pdf"), tmp.resolve("nothing-there.pdf"));
        ReceiptReader.Read read = new PdfFormat(tmp.resolve("pages")).read(dir);
        assertEquals(List.of("invoice-p1", "order"), read.receipts().stream().map(Receipt::id).toList());
        assertEquals(java.util.Set.of("folder", "gone", "invoice-p2"), read.skipped().keySet());
        Problem gone = read.problems().stream().filter(p -> p.file().endsWith("gone.pdf")).findFirst().orElseThrow();
        assertTrue(gone.isError() && gone.message().contains("a link to nothing"), gone.toString());
    }

    @Test
    void aBrokenPdfIsReportedByNameAndTheOthersAreRead(@TempDir Path tmp) throws Exception {
        Path dir = FormatFixtures.copy("pdf", tmp);
        Files.writeString(dir.resolve("broken.pdf"), "%PDF-1.7\nthis is not a PDF body\n");
        ReceiptReader.Read read = new PdfFormat(tmp.resolve("pages")).read(dir);
        assertEquals(List.of("invoice-p1", "order"), read.receipts().stream().map(Receipt::id).toList());
        Problem broken = read.problems().stream().filter(p -> p.file().endsWith("broken.pdf")).findFirst().orElseThrow();
        assertTrue(broken.isError() && broken.message().contains("not a readable PDF"), broken.toString());
        assertFalse(new PdfFormat().recognises(tmp.resolve("none")));
    }
    /** Same words in the same order, every box within one pixel, same page size. */
    private static void sameWordsAndBoxes(List<Receipt> before, ReceiptReader.Read after) {
        assertEquals(before.stream().map(Receipt::id).sorted().toList(),
                after.receipts().stream().map(Receipt::id).sorted().toList(), after.problems().toString());
        for (Receipt a : before) {
            Receipt b = byId(after, a.id());
            assertEquals(a.width(), b.width(), a.id());
            assertEquals(a.height(), b.height(), a.id());
            assertEquals(words(a), words(b), a.id());
            for (int i = 0; i < a.words().size(); i++) {
                Box x = a.words().get(i).box();
                Box y = b.words().get(i).box();
                int d = Math.max(Math.max(Math.abs(x.x0() - y.x0()), Math.abs(x.y0() - y.y0())),
                        Math.max(Math.abs(x.x1() - y.x1()), Math.abs(x.y1() - y.y1())));
                assertTrue(d <= 1, a.id() + " word " + i + " '" + a.words().get(i).text() + "': " + x + " came back as " + y);
            }
        }
    }

    @Test
    void receiptsWrittenAsPdfReadBackWithTheSameWordsAndBoxes(@TempDir Path tmp) throws Exception {
        ReceiptReader.Read pdfs = new PdfFormat(tmp.resolve("pages")).read(FIXTURE);
        ReceiptReader.Read forms = new FunsdFormat().read(Path.of("src/test/resources/formats/funsd"));
        List<Receipt> before = new java.util.ArrayList<>(pdfs.receipts());
        before.addAll(forms.receipts());
        Path out = tmp.resolve("out");
        List<Problem> problems = new PdfFormat().write(before, LabelSet.sroie(), out);
        assertEquals(List.of(), problems);
        assertTrue(Files.isRegularFile(out.resolve("form_0001.pdf")));
        PdfFormat reader = new PdfFormat(tmp.resolve("pages-back"));
        assertTrue(reader.recognises(out));
        sameWordsAndBoxes(before, reader.read(out));
    }

    @Test
    void sroieReceiptsWrittenAsPdfReadBackWithTheSameWordsAndBoxes(@TempDir Path tmp) throws Exception {
        Path sroie = Path.of(System.getProperty("layoutlens.sroie", "../shared/sroie"));
        assumeTrue(Files.isDirectory(sroie.resolve("box")), "SROIE receipts not found at " + sroie);
        Path some = tmp.resolve("some");
        for (String id : List.of("002", "047", "142", "335")) {
            for (String[] f : new String[][] {{"img", ".jpg"}, {"box", ".csv"}}) {
                Files.createDirectories(some.resolve(f[0]));
                Files.copy(sroie.resolve(f[0]).resolve(id + f[1]), some.resolve(f[0]).resolve(id + f[1]));
            }
        }
        List<Receipt> before = new SroieFormat().read(some).receipts();
        assertEquals(4, before.size());
        Path out = tmp.resolve("out");
        assertEquals(List.of(), new PdfFormat().write(before, LabelSet.sroie(), out));
        sameWordsAndBoxes(before, new PdfFormat(tmp.resolve("pages")).read(out));
    }

    @Test
    void theTextLayerIsInvisibleAndOtherToolsFindItsText(@TempDir Path tmp) throws Exception {
        Path img = tmp.resolve("blank.png");
        java.awt.image.BufferedImage white = new java.awt.image.BufferedImage(300, 150, java.awt.image.BufferedImage.TYPE_INT_RGB);
        java.awt.Graphics2D g = white.createGraphics();
        g.setColor(java.awt.Color.WHITE);
        g.fillRect(0, 0, 300, 150);
        g.dispose();
        javax.imageio.ImageIO.write(white, "png", img.toFile());
        Receipt r = new Receipt("blank", img, 300, 150, List.of(Segment.of(0, new Box(20, 40, 280, 70), "Grand total 12.50")),
                null, null);
        Path out = tmp.resolve("out");
        assertEquals(List.of(), new PdfFormat().write(List.of(r), LabelSet.sroie(), out));
        try (org.apache.pdfbox.pdmodel.PDDocument doc = org.apache.pdfbox.Loader.loadPDF(out.resolve("blank.pdf").toFile())) {
            String text = new org.apache.pdfbox.text.PDFTextStripper().getText(doc);
            assertTrue(text.contains("Grand total 12.50"), text);
            java.awt.image.BufferedImage page = new org.apache.pdfbox.rendering.PDFRenderer(doc).renderImage(0, 1f);
            for (int y = 0; y < page.getHeight(); y++) {
                for (int x = 0; x < page.getWidth(); x++) {
                    assertEquals(0xffffff, page.getRGB(x, y) & 0xffffff, "pixel " + x + "," + y + " is not the page's white");
                }
            }
        }
    }

    @Test
    void charactersTheFontCannotEncodeAreReplacedAndReportedForTheirReceipt(@TempDir Path tmp) throws Exception {
        Receipt r = new Receipt("shop", null, 400, 200, List.of(Segment.of(0, new Box(20, 40, 380, 70), "收据 Ünïcödé 3.00")),
                null, null);
        Path out = tmp.resolve("out");
        List<Problem> problems = new PdfFormat().write(List.of(r), LabelSet.sroie(), out);
        Problem glyphs = problems.stream().filter(p -> p.message().contains("no glyph")).findFirst().orElseThrow();
        assertFalse(glyphs.isError());
        assertEquals(out.resolve("shop.pdf").toString(), glyphs.file());
        assertTrue(glyphs.message().contains("1 word of shop") && glyphs.message().contains("收"), glyphs.message());
        Receipt back = byId(new PdfFormat(tmp.resolve("pages")).read(out), "shop");
        assertEquals(List.of("??", "Ünïcödé", "3.00"), words(back));
    }
}
