package com.layoutlens.data;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The data layer on the 250 real SROIE receipts. */
class SroieDataTest {

    static Dataset sroie;

    @BeforeAll
    static void load() throws IOException {
        Path dir = Path.of(System.getProperty("layoutlens.sroie", "../shared/sroie"));
        assumeTrue(Files.isDirectory(dir.resolve("box")), "SROIE receipts not found at " + dir);
        sroie = Dataset.load(dir);
    }

    @Test
    void everyReceiptLoadsWithoutErrors() {
        assertEquals(250, sroie.receipts().size());
        assertFalse(sroie.hasErrors(), sroie.problems().toString());
        assertEquals(13_383, sroie.receipts().stream().mapToInt(r -> r.segments().size()).sum());
        // the one key file without an address is a warning, not an error
        assertTrue(sroie.problems().stream().anyMatch(p -> p.message().contains("no 'address' field")));
        for (Receipt r : sroie.receipts()) {
            assertTrue(r.width() > 0 && r.height() > 0, r.id());
        }
    }

    @Test
    void segmentsWithCommasAndQuotesKeepTheirText() {
        long withComma = sroie.receipts().stream().flatMap(r -> r.segments().stream())
                .filter(s -> s.text().contains(",")).count();
        long withQuote = sroie.receipts().stream().flatMap(r -> r.segments().stream())
                .filter(s -> s.text().contains("\"")).count();
        assertEquals(705, withComma, "lines whose text has a comma (README)");
        assertEquals(29, withQuote, "lines whose text has a double quote (README)");
    }

    @Test
    void alignmentPlacesAtLeast97PercentOfTheFieldsPresentInTheOcrText() {
        GoldAligner aligner = new GoldAligner();
        GoldAligner.Coverage coverage = new GoldAligner.Coverage();
        for (Receipt r : sroie.receipts()) {
            GoldAligner.Result res = aligner.align(r);
            assertEquals(r.words().size(), res.rows().size());
            res.fields().forEach(coverage::add);
        }
        for (Map.Entry<String, int[]> e : coverage.counts().entrySet()) {
            int[] c = e.getValue();
            double inOcr = (double) c[5] / c[4];
            System.out.printf("align %-8s total %d aligned %d (exact %d, fuzzy %d); in OCR %d, of those aligned %.1f%%%n",
                    e.getKey(), c[0], c[1], c[2], c[3], c[4], 100 * inOcr);
            assertTrue(inOcr >= 0.97, e.getKey() + " coverage of in-OCR fields " + inOcr);
        }
        int[] sum = coverage.sum();
        assertTrue((double) sum[1] / sum[0] >= 0.97, "overall coverage " + sum[1] + "/" + sum[0]);
    }
}
