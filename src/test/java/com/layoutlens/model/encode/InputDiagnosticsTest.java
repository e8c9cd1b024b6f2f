package com.layoutlens.model.encode;

import com.layoutlens.data.Dataset;
import com.layoutlens.data.Receipt;
import com.layoutlens.model.layoutlm.Fixtures;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class InputDiagnosticsTest {

    @Test
    void everyWordIsReadFromAWindowThatCoversIt() throws Exception {
        Receipt r = Dataset.load(Path.of("sample-receipts")).receipt("sample-003");
        Path model = Fixtures.folder("tiny-a");
        int max = InputDiagnostics.maxLength(model);
        try (WordTokenizer tok = WordTokenizer.load(model)) {
            InputDiagnostics.Report rep = InputDiagnostics.of(r, tok, max);
            assertEquals(r.words().size(), rep.words().size());
            int pieces = rep.words().stream().mapToInt(w -> w.pieces().size()).sum();
            assertEquals(rep.tokens(), pieces, "pieces agree with the encoder's token count");
            assertTrue(rep.windows() > 1, "a receipt longer than the window needs several: " + rep.tokens());
            long cut = rep.words().stream().filter(InputDiagnostics.WordInput::truncated).count();
            assertEquals(cut, rep.truncatedWords());
            assertTrue(cut > 0);
            for (InputDiagnostics.WordInput w : rep.words()) {
                assertTrue(w.window() >= 0);
                assertTrue(w.covering().contains(w.window()), w.word().text());
                assertTrue(w.box().x1() <= 1000 && w.box().y1() <= 1000);
                assertEquals(w.truncated(), w.firstToken() + w.pieces().size() > max - 2);
                assertEquals(-1, w.tokenType(), "no token types without the split");
            }
        }
    }

    @Test
    void aModelWithTheSplitShowsEachWordsTokenType() throws Exception {
        Receipt r = Dataset.load(Path.of("sample-receipts")).receipt("sample-003");
        Path model = Fixtures.folder("tiny-a");
        try (WordTokenizer tok = WordTokenizer.load(model)) {
            InputDiagnostics.Report rep = InputDiagnostics.of(r, tok, InputDiagnostics.maxLength(model), true);
            int[] expected = com.layoutlens.data.TotalKeywords.defaults().segments(r.words());
            for (int i = 0; i < expected.length; i++) {
                assertEquals(expected[i], rep.words().get(i).tokenType(), rep.words().get(i).word().text());
            }
            assertTrue(java.util.Arrays.stream(expected).anyMatch(t -> t == 1), "the sample has a total keyword");
        }
    }
}
