package com.layoutlens.model.predict;

import com.layoutlens.model.ForwardShape;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** How {@link ReceiptPredictor#batchEnds} groups windows sorted by length. */
class BatchPlanTest {

    /** Base-size LayoutLM: 12 heads, feed-forward 3072, no page. */
    private static final ForwardShape BASE = new ForwardShape(12, 3072, 0);
    private static final long LIMIT = ReceiptPredictor.LARGEST_CPU_ARRAY_BYTES;

    @Test
    void shortWindowsFillBatchesUpToTheWindowCount() {
        int[] lengths = new int[20];
        java.util.Arrays.fill(lengths, 100);
        assertArrayEquals(new int[] {8, 16, 20}, ReceiptPredictor.batchEnds(lengths, 8, BASE, LIMIT));
    }

    @Test
    void longWindowsGoInSmallerBatches() {
        int[] lengths = new int[12];
        java.util.Arrays.fill(lengths, 512);
        // 12 heads x 512 x 512 floats = 12.6 MB a window: five fit under 64 MiB, six do not
        assertArrayEquals(new int[] {5, 10, 12}, ReceiptPredictor.batchEnds(lengths, 8, BASE, LIMIT));
        assertTrue(BASE.largestArrayBytes(5, 512) <= LIMIT);
        assertTrue(BASE.largestArrayBytes(6, 512) > LIMIT);
        // eight windows up to 418 tokens
        assertTrue(BASE.largestArrayBytes(8, 418) <= LIMIT);
        assertTrue(BASE.largestArrayBytes(8, 419) > LIMIT);
    }

    @Test
    void aWindowOverTheLimitAloneStillGetsABatch() {
        ForwardShape wide = new ForwardShape(64, 3072, 0);
        assertArrayEquals(new int[] {1, 2}, ReceiptPredictor.batchEnds(new int[] {512, 512}, 8, wide, LIMIT));
    }

    @Test
    void imagePositionsCountInTheLimit() {
        // LayoutLMv3 base: 197 page positions beside the text
        ForwardShape v3 = new ForwardShape(12, 3072, 197);
        int[] lengths = {400, 400, 400, 400, 400, 400, 400, 400};
        int[] ends = ReceiptPredictor.batchEnds(lengths, 8, v3, LIMIT);
        int[] textOnly = ReceiptPredictor.batchEnds(lengths, 8, BASE, LIMIT);
        assertTrue(ends.length > textOnly.length, "the page's positions make batches smaller");
        assertEquals(8, ends[ends.length - 1]);
    }

    @Test
    void withoutALimitOnlyTheWindowCountCounts() {
        int[] lengths = {10, 200, 300, 400, 500, 512, 512, 512, 512};
        assertArrayEquals(new int[] {8, 9}, ReceiptPredictor.batchEnds(lengths, 8, BASE, Long.MAX_VALUE));
    }

    @Test
    void noWindowsNoBatches() {
        assertEquals(0, ReceiptPredictor.batchEnds(new int[0], 8, BASE, LIMIT).length);
    }
}
