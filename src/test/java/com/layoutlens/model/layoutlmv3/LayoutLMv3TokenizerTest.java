package com.layoutlens.model.layoutlmv3;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.layoutlens.data.Box;
import com.layoutlens.data.Word;
import com.layoutlens.model.encode.ReceiptEncoder;
import com.layoutlens.model.encode.WordTokenizer;
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
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * LayoutLMv3's encoding of pre-split words against transformers' {@code LayoutLMv3Tokenizer}
 * (fixtures/layoutlmv3/tokenizer, made by tools/reference/make_layoutlmv3_fixtures.py): a
 * byte-level BPE vocabulary trained on SROIE receipts, the words of four other real receipts and
 * a list of unusual ones (accents, symbols, emoji, CJK, a zero-width space, a control character,
 * the special tokens' texts). Ids, per-token boxes ({@code <s>} and {@code </s>} at zero), labels
 * on first sub-tokens only, and word ids must all be equal.
 */
class LayoutLMv3TokenizerTest {

    @TempDir
    Path tmp;

    /** From {@code tokenizer.json} as saved by transformers, or from {@code vocab.json} + {@code merges.txt} alone. */
    @ParameterizedTest
    @ValueSource(strings = {"tokenizer.json", "vocab.json + merges.txt"})
    void idsBoxesAndLabelsEqualTransformers(String files) throws Exception {
        Path fixture = V3Fixtures.folder("tokenizer");
        Path folder = fixture;
        if (!files.equals("tokenizer.json")) {
            folder = tmp.resolve("slow");
            Files.createDirectories(folder);
            for (String f : new String[] {"vocab.json", "merges.txt", "tokenizer_config.json"}) {
                Files.copy(fixture.resolve(f), folder.resolve(f));
            }
        }
        JsonNode expected = new ObjectMapper().readTree(fixture.resolve("expected_tokens.json").toFile());
        int receipts = 0;
        int tokens = 0;
        try (WordTokenizer tokenizer = WordTokenizer.load(folder)) {
            assertEquals(0, tokenizer.clsId());
            assertEquals(2, tokenizer.sepId());
            for (JsonNode r : expected.get("receipts")) {
                String name = files + ", receipt " + r.get("receipt").asText();
                List<Word> words = new ArrayList<>();
                int[] labels = new int[r.get("words").size()];
                for (int i = 0; i < labels.length; i++) {
                    JsonNode b = r.get("boxes").get(i);
                    // boxes already on the 0..1000 page: a 1000 x 1000 page keeps them as they are
                    words.add(new Word(i, 0, new Box(b.get(0).asInt(), b.get(1).asInt(), b.get(2).asInt(),
                            b.get(3).asInt()), r.get("words").get(i).asText(), 0, 0));
                    labels[i] = r.get("labels").get(i).asInt();
                }
                int length = r.get("input_ids").size();
                ReceiptEncoder encoder = new ReceiptEncoder(tokenizer, length, 0, ReceiptEncoder.ZERO_BOX,
                        ReceiptEncoder.ZERO_BOX);
                ReceiptEncoder.Encoded enc = encoder.encode(words, 1000, 1000, labels);
                assertEquals(1, enc.windows().size(), name);
                ReceiptEncoder.Window w = enc.windows().get(0);
                assertArrayEquals(longs(r.get("input_ids")), w.inputIds(), name + ": input_ids");
                assertArrayEquals(flat(r.get("bbox")), w.bbox(), name + ": bbox");
                assertArrayEquals(longs(r.get("token_labels")), w.labels(), name + ": labels");
                long[] wordIds = longs(r.get("word_ids"));
                for (int t = 0; t < wordIds.length; t++) {
                    assertEquals(wordIds[t], w.tokenWord()[t], name + ": word of token " + t);
                }
                receipts++;
                tokens += length;
            }
        }
        assertEquals(5, receipts);
        assertTrue(tokens > 1000, "the fixture should hold real receipts, found " + tokens + " tokens");
    }

    private static long[] longs(JsonNode array) {
        long[] out = new long[array.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = array.get(i).asLong();
        }
        return out;
    }

    private static long[] flat(JsonNode boxes) {
        long[] out = new long[4 * boxes.size()];
        for (int i = 0; i < boxes.size(); i++) {
            for (int k = 0; k < 4; k++) {
                out[4 * i + k] = boxes.get(i).get(k).asLong();
            }
        }
        return out;
    }
}
