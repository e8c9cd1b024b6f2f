package com.layoutlens.train;

import com.layoutlens.model.encode.WordTokenizer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class VocabularyTest {

    @TempDir
    Path tmp;

    private static final List<String> WORDS = List.of("TOTAL", "Total:", "RM12.50", "total", "Café", "GST", "GST",
            "12.50", "TOTAL");

    @Test
    void specialsFirstThenCharactersThenFrequentTokens() {
        Vocabulary v = Vocabulary.build(WORDS, 100, 2);
        assertEquals(Vocabulary.SPECIALS, v.tokens().subList(0, 5));
        assertTrue(v.tokens().contains("t") && v.tokens().contains("##t"));
        assertTrue(v.tokens().contains("total"));
        assertTrue(v.tokens().contains("gst"));
        assertFalse(v.tokens().contains("cafe"), "seen once only");
        assertTrue(v.tokens().indexOf("total") < v.tokens().indexOf("gst"), "more frequent first");
    }

    @Test
    void sameWordsGiveTheSameVocabularyWhateverTheirOrder() {
        List<String> reversed = new java.util.ArrayList<>(WORDS);
        java.util.Collections.reverse(reversed);
        assertEquals(Vocabulary.build(WORDS, 50, 1).tokens(), Vocabulary.build(reversed, 50, 1).tokens());
    }

    @Test
    void piecesFollowBertNormalisation() {
        assertEquals(List.of("rm12", ".", "50"), Vocabulary.pieces("RM12.50"));
        assertEquals(List.of("cafe"), Vocabulary.pieces("Café"));
        assertEquals(List.of("total", ":"), Vocabulary.pieces("TOTAL:"));
    }

    @Test
    void writtenFolderLoadsAsATokenizerWithoutUnknowns() throws Exception {
        Vocabulary v = Vocabulary.build(WORDS, 100, 2);
        v.write(tmp, 512);
        for (String f : List.of("vocab.txt", "tokenizer.json", "tokenizer_config.json", "special_tokens_map.json")) {
            assertTrue(Files.isRegularFile(tmp.resolve(f)), f);
        }
        try (WordTokenizer t = WordTokenizer.load(tmp)) {
            assertEquals(2, t.clsId());
            assertEquals(3, t.sepId());
            WordTokenizer.Tokens tokens = t.tokenize(List.of("TOTAL:", "RM21.05", "GST"));
            assertEquals(v.tokens().indexOf("total"), tokens.ids()[0]);
            for (long id : tokens.ids()) {
                assertTrue(id != 1, "no [UNK] for known characters");
            }
            assertEquals(2, tokens.words()[tokens.size() - 1]);
        }
    }
}
