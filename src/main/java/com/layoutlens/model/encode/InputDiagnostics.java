package com.layoutlens.model.encode;

import com.fasterxml.jackson.databind.JsonNode;
import com.layoutlens.data.Box;
import com.layoutlens.data.Receipt;
import com.layoutlens.data.Word;
import com.layoutlens.model.ConfigJson;
import com.layoutlens.model.ModelFolderException;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What a model actually receives for one receipt: each word's sub-tokens, its box in the
 * 0..1000 space, the window its prediction is read from and every window that covers it,
 * and which words a single 512-token input (the usual notebook set-up) would have cut off.
 */
public final class InputDiagnostics {

    /**
     * One word as the model sees it.
     *
     * @param pieces    its sub-tokens
     * @param box       its box scaled to 0..1000
     * @param window    the window its prediction is taken from (-1: no sub-token)
     * @param covering  every window that contains at least one of its sub-tokens
     * @param firstToken its first sub-token's index among all the receipt's sub-tokens
     * @param truncated whether a single window of {@code maxLength} tokens would have cut it off
     * @param tokenType its token type (0 before the first total keyword, 1 from it on) for a model
     *                  trained with the split ({@link TotalSegments}), else -1
     */
    public record WordInput(Word word, List<String> pieces, Box box, int window, List<Integer> covering,
                            int firstToken, boolean truncated, int tokenType) {
    }

    /** The whole receipt. */
    public record Report(List<WordInput> words, int tokens, int windows, int maxLength, int stride,
                         int truncatedWords) {
    }

    private InputDiagnostics() {
    }

    /** The window length a model folder uses: its max positions, at most 512. */
    public static int maxLength(Path modelFolder) throws ModelFolderException {
        JsonNode n = ConfigJson.parse(ConfigJson.readText(modelFolder), ConfigJson.file(modelFolder).toString());
        return Math.min(512, ConfigJson.intOf(n, "max_position_embeddings", 512));
    }

    /** Diagnoses a receipt with the given tokenizer, windows of {@code maxLength} tokens and a quarter-window stride. */
    public static Report of(Receipt receipt, WordTokenizer tokenizer, int maxLength) {
        return of(receipt, tokenizer, maxLength, false);
    }

    /** As {@link #of(Receipt, WordTokenizer, int)}, with each word's token type when {@code totalSegments}. */
    public static Report of(Receipt receipt, WordTokenizer tokenizer, int maxLength, boolean totalSegments) {
        int stride = Math.max(0, (maxLength - 2) / 4);
        ReceiptEncoder plain = new ReceiptEncoder(tokenizer, maxLength, stride);
        ReceiptEncoder encoder = totalSegments ? plain.withTotalSegments() : plain;
        List<Word> words = receipt.words();
        ReceiptEncoder.Encoded enc = encoder.encode(words, receipt.width(), receipt.height(), null);
        List<List<Integer>> covering = new ArrayList<>();
        for (int i = 0; i < words.size(); i++) {
            covering.add(new ArrayList<>());
        }
        for (int w = 0; w < enc.windows().size(); w++) {
            int last = -1;
            for (int t : enc.windows().get(w).tokenWord()) {
                if (t >= 0 && t != last) {
                    covering.get(t).add(w);
                    last = t;
                }
            }
        }
        int[] types = new int[words.size()];
        java.util.Arrays.fill(types, -1);
        for (ReceiptEncoder.Window w : enc.windows()) {
            for (int t = 0; w.tokenTypes() != null && t < w.length(); t++) {
                if (w.tokenWord()[t] >= 0) {
                    types[w.tokenWord()[t]] = (int) w.tokenTypes()[t];
                }
            }
        }
        List<WordInput> out = new ArrayList<>(words.size());
        int tokenIndex = 0;
        int truncated = 0;
        int budget = maxLength - 2; // [CLS] and [SEP]
        for (int i = 0; i < words.size(); i++) {
            Word w = words.get(i);
            List<String> pieces = tokenizer.pieces(w.text());
            boolean cut = tokenIndex + pieces.size() > budget;
            if (cut) {
                truncated++;
            }
            out.add(new WordInput(w, pieces, w.box().normalized(receipt.width(), receipt.height()), enc.wordWindow()[i],
                    List.copyOf(covering.get(i)), tokenIndex, cut, types[i]));
            tokenIndex += pieces.size();
        }
        return new Report(out, enc.tokens(), enc.windows().size(), maxLength, stride, truncated);
    }
}
