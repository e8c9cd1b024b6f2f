package com.layoutlens.model.encode;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.layoutlens.model.ModelFolderException;
import com.layoutlens.model.layoutlm.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WordTokenizerTest {

    @TempDir
    Path tmp;

    /** tiny-a: vocab.txt lower-cased; tiny-b: tokenizer.json; tiny-c: vocab.txt cased. */
    @ParameterizedTest
    @ValueSource(strings = {"tiny-a", "tiny-b", "tiny-c"})
    void idsAndWordIdsMatchBertTokenizerFast(String model) throws IOException {
        Path folder = Fixtures.folder(model);
        JsonNode expected = new ObjectMapper().readTree(folder.resolve("expected_tokens.json").toFile());
        List<String> words = new ArrayList<>();
        expected.get("words").forEach(n -> words.add(n.asText()));
        try (WordTokenizer tok = WordTokenizer.load(folder)) {
            WordTokenizer.Tokens t = tok.tokenize(words);
            long[] ids = new long[t.size() + 2];
            int[] wordIds = new int[t.size() + 2];
            ids[0] = tok.clsId();
            wordIds[0] = -1;
            for (int i = 0; i < t.size(); i++) {
                ids[i + 1] = t.ids()[i];
                wordIds[i + 1] = t.words()[i];
            }
            ids[ids.length - 1] = tok.sepId();
            wordIds[ids.length - 1] = -1;
            assertArrayEquals(longs(expected.get("input_ids")), ids, model);
            long[] expWords = longs(expected.get("word_ids"));
            assertArrayEquals(expWords, java.util.Arrays.stream(wordIds).asLongStream().toArray(), model);
        }
    }

    @Test
    void aWordWithoutSubTokensGetsTheUnknownToken() throws IOException {
        try (WordTokenizer tok = WordTokenizer.load(Fixtures.folder("tiny-a"))) {
            WordTokenizer.Tokens t = tok.tokenize(List.of("\u200b", "total", "\u0007", "\u200b", "rm", "\u200b"));
            assertArrayEquals(new int[] {0, 1, 2, 3, 4, 5}, t.words());
            long unk = tok.unkId();
            assertEquals(1, unk);
            assertEquals(unk, t.ids()[0]);
            assertEquals(unk, t.ids()[2]);
            assertEquals(unk, t.ids()[5]);
        }
    }

    @Test
    void emptyWordListGivesNoTokens() throws IOException {
        try (WordTokenizer tok = WordTokenizer.load(Fixtures.folder("tiny-b"))) {
            assertEquals(0, tok.tokenize(List.of()).size());
        }
    }

    @Test
    void specialTokenNamesComeFromTheTokenizerConfig() throws IOException {
        Files.write(tmp.resolve("vocab.txt"), List.of("<pad>", "<unk>", "<s>", "</s>", "a", "##b"));
        Files.writeString(tmp.resolve("tokenizer_config.json"),
                "{\"unk_token\": \"<unk>\", \"cls_token\": {\"content\": \"<s>\"}, \"sep_token\": \"</s>\"}");
        try (WordTokenizer tok = WordTokenizer.load(tmp)) {
            assertEquals(2, tok.clsId());
            assertEquals(3, tok.sepId());
            assertArrayEquals(new long[] {4, 5, 1}, tok.tokenize(List.of("AB", "c")).ids());
        }
    }

    @Test
    void missingSpecialTokenIsExplained() throws IOException {
        Files.write(tmp.resolve("vocab.txt"), List.of("[PAD]", "[UNK]", "a"));
        ModelFolderException e = assertThrows(ModelFolderException.class, () -> WordTokenizer.load(tmp));
        assertTrue(e.getMessage().contains("[CLS]") && e.getMessage().contains("vocab.txt"), e.getMessage());
    }

    @Test
    void folderWithoutTokenizerFilesIsExplained() {
        ModelFolderException e = assertThrows(ModelFolderException.class, () -> WordTokenizer.load(tmp));
        assertTrue(e.getMessage().contains("tokenizer.json or vocab.txt"), e.getMessage());
    }

    private static long[] longs(JsonNode array) {
        long[] out = new long[array.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = array.get(i).asLong();
        }
        return out;
    }
}
