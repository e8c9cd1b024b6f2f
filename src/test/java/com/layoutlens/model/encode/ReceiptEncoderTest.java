package com.layoutlens.model.encode;

import com.layoutlens.data.Box;
import com.layoutlens.data.Word;
import com.layoutlens.model.layoutlm.Fixtures;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReceiptEncoderTest {

    private static WordTokenizer tokenizer;

    @BeforeAll
    static void load() throws IOException {
        tokenizer = WordTokenizer.load(Fixtures.folder("tiny-a"));
    }

    @AfterAll
    static void close() {
        tokenizer.close();
    }

    private static Word word(int i, String text, Box box) {
        return new Word(0, i, box, text, 0, text.length());
    }

    @Test
    void subTokensCopyTheNormalisedWordBoxAndTheLabelSitsOnTheFirst() {
        // "12.50" -> 1 ##2 . 5 ##0 (5 sub-tokens); page 500 x 1000
        List<Word> words = List.of(word(0, "total", new Box(50, 100, 250, 200)),
                word(1, "12.50", new Box(300, 100, 500, 200)));
        ReceiptEncoder enc = new ReceiptEncoder(tokenizer, 64, 8);
        ReceiptEncoder.Encoded e = enc.encode(words, 500, 1000, new int[] {0, 4});
        assertEquals(1, e.windows().size());
        ReceiptEncoder.Window w = e.windows().get(0);
        assertEquals(1 + 1 + 5 + 1, w.length());
        assertEquals(tokenizer.clsId(), w.inputIds()[0]);
        assertEquals(tokenizer.sepId(), w.inputIds()[w.length() - 1]);
        assertArrayEquals(new long[] {0, 0, 0, 0}, Arrays.copyOfRange(w.bbox(), 0, 4));
        assertArrayEquals(new long[] {100, 100, 500, 200}, Arrays.copyOfRange(w.bbox(), 4, 8));
        for (int t = 2; t < 7; t++) {
            assertArrayEquals(new long[] {600, 100, 1000, 200}, Arrays.copyOfRange(w.bbox(), 4 * t, 4 * t + 4));
        }
        assertArrayEquals(new long[] {1000, 1000, 1000, 1000}, Arrays.copyOfRange(w.bbox(), 28, 32));
        assertArrayEquals(new long[] {-100, 0, 4, -100, -100, -100, -100, -100}, w.labels());
        assertArrayEquals(new int[] {-1, 0, 1, 1, 1, 1, 1, -1}, w.tokenWord());
        assertArrayEquals(new int[] {0, 0}, e.wordWindow());
        assertArrayEquals(new int[] {1, 2}, e.wordToken());
    }

    @Test
    void withoutLabelsThereAreNone() {
        ReceiptEncoder.Encoded e = new ReceiptEncoder(tokenizer, 16, 2)
                .encode(List.of(word(0, "rm", new Box(0, 0, 10, 10))), 100, 100, null);
        assertNull(e.windows().get(0).labels());
    }

    @Test
    void emptyReceiptGivesOneWindowOfSpecialTokens() {
        ReceiptEncoder.Encoded e = new ReceiptEncoder(tokenizer, 16, 2).encode(List.of(), 100, 100, null);
        assertEquals(1, e.windows().size());
        assertArrayEquals(new long[] {tokenizer.clsId(), tokenizer.sepId()}, e.windows().get(0).inputIds());
    }

    /** Words of one sub-token each (single letters), so token and word positions coincide. */
    @ParameterizedTest
    @CsvSource({
            "8, 0, 20",
            "8, 2, 20",
            "8, 5, 21",
            "10, 3, 7",
            "12, 4, 100",
            "3, 0, 5",
    })
    void longReceiptsAreCoveredByOverlappingWindows(int maxLength, int stride, int n) {
        List<Word> words = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            words.add(word(i, String.valueOf((char) ('a' + i % 26)), new Box(i, i, i + 1, i + 1)));
        }
        int[] labels = new int[n];
        Arrays.fill(labels, 3);
        ReceiptEncoder.Encoded e = new ReceiptEncoder(tokenizer, maxLength, stride).encode(words, 1000, 1000, labels);
        List<ReceiptEncoder.Window> ws = e.windows();
        int capacity = maxLength - 2;
        assertEquals(n <= capacity ? 1 : 1 + (int) Math.ceil((double) (n - capacity) / (capacity - stride)),
                ws.size());
        for (int i = 0; i < ws.size(); i++) {
            ReceiptEncoder.Window w = ws.get(i);
            assertTrue(w.length() <= maxLength);
            if (i > 0) {
                ReceiptEncoder.Window prev = ws.get(i - 1);
                int prevEnd = prev.firstToken() + prev.length() - 2;
                assertEquals(stride, prevEnd - w.firstToken(), "overlap between windows " + (i - 1) + " and " + i);
            }
        }
        assertEquals(n, ws.get(ws.size() - 1).firstToken() + ws.get(ws.size() - 1).length() - 2);
        for (int wi = 0; wi < n; wi++) {
            ReceiptEncoder.Window w = ws.get(e.wordWindow()[wi]);
            int pos = e.wordToken()[wi];
            assertEquals(wi, w.tokenWord()[pos]);
            assertEquals(3, w.labels()[pos]);
            // no other window holds the word with more context on both sides
            int context = Math.min(pos - 1, w.length() - 2 - pos);
            for (ReceiptEncoder.Window other : ws) {
                int p = wi - other.firstToken() + 1;
                if (p >= 1 && p <= other.length() - 2) {
                    assertTrue(Math.min(p - 1, other.length() - 2 - p) <= context);
                }
            }
        }
    }

    @Test
    void windowsStartAtAWordStart() {
        // each "12.50" is 5 sub-tokens; with stride 3 the next window would start inside a word
        List<Word> words = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            words.add(word(i, "12.50", new Box(0, 0, 1, 1)));
        }
        ReceiptEncoder.Encoded e = new ReceiptEncoder(tokenizer, 12, 3).encode(words, 10, 10, null);
        assertTrue(e.windows().size() > 1);
        for (ReceiptEncoder.Window w : e.windows()) {
            assertEquals(0, w.firstToken() % 5, "window starts at token " + w.firstToken());
        }
        for (int i = 0; i < 6; i++) {
            assertTrue(e.wordWindow()[i] >= 0);
        }
    }

    @Test
    void strideMustLeaveProgress() {
        assertThrows(IllegalArgumentException.class, () -> new ReceiptEncoder(tokenizer, 8, 6));
        assertThrows(IllegalArgumentException.class, () -> new ReceiptEncoder(tokenizer, 8, -1));
        assertThrows(IllegalArgumentException.class, () -> new ReceiptEncoder(tokenizer, 2, 0));
    }

    /** Words one per line, top to bottom, each its own segment. */
    private static List<Word> lines(String... texts) {
        List<Word> words = new ArrayList<>();
        for (int i = 0; i < texts.length; i++) {
            words.add(new Word(i, 0, new Box(10, 10 + 30 * i, 200, 30 + 30 * i), texts[i], 0, texts[i].length()));
        }
        return words;
    }

    @Test
    void totalSegmentsSwitchTokenTypesAtTheFirstKeywordsFirstSubToken() {
        List<Word> words = lines("shop", "12.50", "TOTAL:", "9.00", "rm", "cash");
        ReceiptEncoder enc = new ReceiptEncoder(tokenizer, 64, 8).withTotalSegments();
        assertTrue(enc.totalSegments());
        ReceiptEncoder.Window w = enc.encode(words, 500, 1000, null).windows().get(0);
        int keywordStart = -1;
        for (int t = 0; t < w.length(); t++) {
            if (w.tokenWord()[t] == 2) {
                keywordStart = t;
                break;
            }
        }
        assertTrue(keywordStart > 2 && w.tokenWord()[keywordStart - 1] == 1, "12.50's pieces come just before");
        assertTrue(w.tokenWord()[keywordStart + 1] == 2, "TOTAL: has a second sub-token");
        long[] expected = new long[w.length()];
        Arrays.fill(expected, keywordStart, w.length(), 1L);
        assertArrayEquals(expected, w.tokenTypes(), "0 up to the keyword, 1 from its first sub-token to [SEP]");
        assertNull(new ReceiptEncoder(tokenizer, 64, 8).encode(words, 500, 1000, null).windows().get(0).tokenTypes(),
                "no token types without the split: the model reads zeros as before");
    }

    @Test
    void aReceiptWithoutAKeywordStaysInTypeZero() {
        ReceiptEncoder.Window w = new ReceiptEncoder(tokenizer, 64, 8).withTotalSegments()
                .encode(lines("shop", "12.50", "cash"), 500, 1000, null).windows().get(0);
        assertArrayEquals(new long[w.length()], w.tokenTypes());
    }

    @Test
    void everyWindowOfALongReceiptCarriesItsWordsTypesAndPaddingIsTypeZero() {
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            texts.add(i == 17 ? "amount" : "a");
        }
        List<Word> words = lines(texts.toArray(new String[0]));
        ReceiptEncoder.Encoded e = new ReceiptEncoder(tokenizer, 12, 2).withTotalSegments()
                .encode(words, 500, 2000, null);
        assertTrue(e.windows().size() > 2);
        for (ReceiptEncoder.Window w : e.windows()) {
            assertEquals(0L, w.tokenTypes()[0], "[CLS]");
            for (int t = 1; t < w.length() - 1; t++) {
                assertEquals(w.tokenWord()[t] >= 17 ? 1L : 0L, w.tokenTypes()[t], "token " + t);
            }
            assertEquals(w.tokenTypes()[w.length() - 2], w.tokenTypes()[w.length() - 1], "[SEP] as the word before");
        }
        ReceiptEncoder.Padded p = ReceiptEncoder.pad(e.windows(), 0, false);
        ReceiptEncoder.Window last = e.windows().get(e.windows().size() - 1);
        int row = e.windows().size() - 1;
        assertArrayEquals(last.tokenTypes(), Arrays.copyOfRange(p.tokenTypes(), row * p.length(),
                row * p.length() + last.length()));
        assertNull(ReceiptEncoder.pad(new ReceiptEncoder(tokenizer, 12, 2).encode(words, 500, 2000, null).windows(), 0,
                false).tokenTypes());
    }
}
