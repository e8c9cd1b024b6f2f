package com.layoutlens.data.formats;

import com.layoutlens.data.Box;
import com.layoutlens.data.Problem;
import com.layoutlens.data.Receipt;
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
    void aBrokenPdfIsReportedByNameAndTheOthersAreRead(@TempDir Path tmp) throws Exception {
        Path dir = FormatFixtures.copy("pdf", tmp);
        Files.writeString(dir.resolve("broken.pdf"), "%PDF-1.7\nthis is not a PDF body\n");
        ReceiptReader.Read read = new PdfFormat(tmp.resolve("pages")).read(dir);
        assertEquals(List.of("invoice-p1", "order"), read.receipts().stream().map(Receipt::id).toList());
        Problem broken = read.problems().stream().filter(p -> p.file().endsWith("broken.pdf")).findFirst().orElseThrow();
        assertTrue(broken.isError() && broken.message().contains("not a readable PDF"), broken.toString());
        assertFalse(new PdfFormat().recognises(tmp.resolve("none")));
    }
}
