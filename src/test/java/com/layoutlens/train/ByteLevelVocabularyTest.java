package com.layoutlens.train;

import com.layoutlens.model.encode.WordTokenizer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ByteLevelVocabularyTest {

    @TempDir
    Path tmp;

    private static List<String> words() {
        List<String> words = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            words.addAll(List.of("TOTAL", "RM12.50", "Jalan", "SDN", "BHD", "TOTAL:", "Café", "12/03/2019"));
        }
        return words;
    }

    @Test
    void startsWithRobertasSpecialsAndAllBytesAndEndsWithMask() {
        ByteLevelVocabulary v = ByteLevelVocabulary.build(words(), 400, 2);
        assertEquals(List.of("<s>", "<pad>", "</s>", "<unk>"), v.tokens().subList(0, 4));
        assertEquals("!", v.tokens().get(4));
        assertEquals("\u0120", v.tokens().get(4 + 188 + 32)); // the space byte, GPT-2's 'Ġ'
        assertEquals("<mask>", v.tokens().get(v.size() - 1));
        assertTrue(v.tokens().contains("\u0120TOTAL"), "a frequent word is one token after the merges");
    }

    @Test
    void theSameWordsGiveTheSameFiles() throws Exception {
        ByteLevelVocabulary.build(words(), 400, 2).write(tmp.resolve("a"), 512);
        ByteLevelVocabulary.build(words(), 400, 2).write(tmp.resolve("b"), 512);
        for (String f : List.of("vocab.json", "merges.txt", "tokenizer.json")) {
            assertArrayEquals(Files.readAllBytes(tmp.resolve("a").resolve(f)), Files.readAllBytes(tmp.resolve("b").resolve(f)), f);
        }
    }

    @Test
    void theWrittenTokenizerReadsTrainingWordsAsWholeTokensAndAnyTextWithoutUnk() throws Exception {
        ByteLevelVocabulary v = ByteLevelVocabulary.build(words(), 400, 2);
        v.write(tmp, 512);
        try (WordTokenizer t = WordTokenizer.load(tmp)) {
            WordTokenizer.Tokens known = t.tokenize(List.of("TOTAL", "Jalan"));
            assertArrayEquals(new long[] {v.tokens().indexOf("\u0120TOTAL"), v.tokens().indexOf("\u0120Jalan")},
                    known.ids());
            WordTokenizer.Tokens unseen = t.tokenize(List.of("ZQX\u00e9\u4e2d"));
            for (long id : unseen.ids()) {
                assertTrue(id != t.unkId() && id > 3 && id < v.size() - 1, "id " + id);
            }
        }
    }
}
