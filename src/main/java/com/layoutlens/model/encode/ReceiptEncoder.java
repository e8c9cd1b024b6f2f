package com.layoutlens.model.encode;

import com.layoutlens.data.Box;
import com.layoutlens.data.TotalKeywords;
import com.layoutlens.data.Word;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Turns a receipt's words into model windows: sub-token ids, one 0..1000 box per
 * sub-token, label ids for training, and the way back from tokens to words.
 *
 * <p>Conventions of LayoutLM v1 fine-tuning: every sub-token copies its word's box,
 * normalised to the page ({@link Box#normalized}); {@code [CLS]} gets [0,0,0,0] and
 * {@code [SEP]} [1000,1000,1000,1000] (padding, added at batch time, [0,0,0,0]); the word's
 * label sits on its first sub-token and the others get {@value #IGNORE}, the ignore index of
 * the loss.
 *
 * <p>A receipt longer than one window is covered by overlapping windows: each holds at
 * most {@code maxLength - 2} sub-tokens, and the next starts {@code stride} tokens before
 * the previous one ended, moved back to the start of the word found there (or forward to
 * the next word start when that word began the previous window), so that windows do not
 * begin inside a word. A word is predicted from the window in which its first sub-token
 * is farthest from either edge, that is, where it sees the most context.
 *
 * <p>With {@link #withTotalSegments() total segments} every token also gets a token type: 0
 * before the receipt's first total keyword and 1 from that keyword's word on
 * ({@link TotalKeywords#segments}); {@code [CLS]} gets 0 and {@code [SEP]} the type of the word
 * before it, as in BERT's sentence pairs. Without them a window has no token types and the model reads zeros, as before.
 */
public final class ReceiptEncoder {

    /** The label id of tokens the loss ignores (transformers' and PyTorch's default). */
    public static final long IGNORE = -100;

    /** The box of the classification token. */
    public static final long[] CLS_BOX = {0, 0, 0, 0};
    /** The box of the separator token. */
    public static final long[] SEP_BOX = {1000, 1000, 1000, 1000};
    /** LayoutLMv3's processor boxes {@code <s>} and {@code </s>} (and padding) with zeros. */
    public static final long[] ZERO_BOX = {0, 0, 0, 0};

    /**
     * One model input of at most {@code maxLength} tokens, without padding.
     *
     * @param inputIds  sub-token ids with {@code [CLS]} first and {@code [SEP]} last
     * @param bbox      4 coordinates per token, flattened (x0, y0, x1, y1)
     * @param labels    label id per token, {@link #IGNORE} except on first sub-tokens; null without labels
     * @param tokenWord the word index of each token, -1 for the special tokens
     * @param firstToken the global index (among all the receipt's sub-tokens) of the window's first sub-token
     * @param tokenTypes token type per token ({@code token_type_ids}); null without total segments
     */
    public record Window(long[] inputIds, long[] bbox, long[] labels, int[] tokenWord, int firstToken,
                         long[] tokenTypes) {
        public int length() {
            return inputIds.length;
        }
    }

    /**
     * Windows padded to the longest into (rows x length) arrays, row-major: the pad id,
     * [0,0,0,0] boxes, attention mask 0, label {@link #IGNORE} and token type 0 on padding.
     *
     * @param labels     null unless asked for
     * @param tokenTypes null when no window has token types
     */
    public record Padded(int rows, int length, long[] inputIds, long[] bbox, long[] attentionMask, long[] labels,
                         long[] tokenTypes) {
    }

    /** Pads windows to the longest of them (see {@link Padded}); labels only when {@code withLabels}. */
    public static Padded pad(List<Window> windows, long padId, boolean withLabels) {
        int b = windows.size();
        int length = 0;
        boolean types = false;
        for (Window w : windows) {
            length = Math.max(length, w.length());
            types |= w.tokenTypes() != null;
        }
        long[] ids = new long[b * length];
        long[] bbox = new long[b * length * 4];
        long[] mask = new long[b * length];
        long[] labels = withLabels ? new long[b * length] : null;
        long[] tokenTypes = types ? new long[b * length] : null;
        Arrays.fill(ids, padId);
        if (labels != null) {
            Arrays.fill(labels, IGNORE);
        }
        for (int r = 0; r < b; r++) {
            Window w = windows.get(r);
            System.arraycopy(w.inputIds(), 0, ids, r * length, w.length());
            System.arraycopy(w.bbox(), 0, bbox, r * length * 4, w.length() * 4);
            Arrays.fill(mask, r * length, r * length + w.length(), 1L);
            if (labels != null) {
                System.arraycopy(w.labels(), 0, labels, r * length, w.length());
            }
            if (tokenTypes != null && w.tokenTypes() != null) {
                System.arraycopy(w.tokenTypes(), 0, tokenTypes, r * length, w.length());
            }
        }
        return new Padded(b, length, ids, bbox, mask, labels, tokenTypes);
    }

    /**
     * A receipt's windows and where each word is read from.
     *
     * @param windows    the windows in reading order
     * @param wordWindow per word, the window its prediction comes from; -1 if the word has no sub-token
     * @param wordToken  per word, the position of its first sub-token in that window; -1 likewise
     * @param tokens     the number of sub-tokens of the whole receipt
     */
    public record Encoded(List<Window> windows, int[] wordWindow, int[] wordToken, int tokens) {
    }

    private final WordTokenizer tokenizer;
    private final int maxLength;
    private final int stride;
    private final long[] clsBox;
    private final long[] sepBox;
    /** The keywords that split a receipt into token types 0 and 1; null: no token types. */
    private final TotalKeywords totalSegments;

    /**
     * @param maxLength tokens per window including {@code [CLS]} and {@code [SEP]}; at most the
     *                  model's {@code max_position_embeddings}
     * @param stride    sub-tokens shared by consecutive windows, {@code 0 <= stride < maxLength - 2}
     */
    public ReceiptEncoder(WordTokenizer tokenizer, int maxLength, int stride) {
        this(tokenizer, maxLength, stride, CLS_BOX, SEP_BOX);
    }

    /**
     * An encoder with other boxes for the first and last special token: LayoutLMv3's
     * {@code <s>} and {@code </s>} both get {@link #ZERO_BOX}.
     */
    public ReceiptEncoder(WordTokenizer tokenizer, int maxLength, int stride, long[] clsBox, long[] sepBox) {
        this(tokenizer, maxLength, stride, clsBox, sepBox, null);
    }

    private ReceiptEncoder(WordTokenizer tokenizer, int maxLength, int stride, long[] clsBox, long[] sepBox,
                           TotalKeywords totalSegments) {
        this.totalSegments = totalSegments;
        if (clsBox.length != 4 || sepBox.length != 4) {
            throw new IllegalArgumentException("a special token's box has 4 coordinates");
        }
        this.clsBox = clsBox.clone();
        this.sepBox = sepBox.clone();
        if (maxLength < 3) {
            throw new IllegalArgumentException("maxLength must leave room for one token, got " + maxLength);
        }
        if (stride < 0 || stride >= maxLength - 2) {
            throw new IllegalArgumentException("stride must lie in 0.." + (maxLength - 3) + ", got " + stride);
        }
        this.tokenizer = tokenizer;
        this.maxLength = maxLength;
        this.stride = stride;
    }

    public int maxLength() {
        return maxLength;
    }

    public int stride() {
        return stride;
    }

    /**
     * The same encoder giving every token a token type: 0 before the receipt's first total
     * keyword (the {@code total-keyword} rule's default keywords), 1 from it on.
     */
    public ReceiptEncoder withTotalSegments() {
        return new ReceiptEncoder(tokenizer, maxLength, stride, clsBox, sepBox, TotalKeywords.defaults());
    }

    /** Whether windows carry token types split at the first total keyword. */
    public boolean totalSegments() {
        return totalSegments != null;
    }

    /**
     * Encodes a receipt's words.
     *
     * @param words      the words in reading order
     * @param pageWidth  page width in pixels (for box normalisation)
     * @param pageHeight page height in pixels
     * @param wordLabels a label id per word for training, or null
     */
    public Encoded encode(List<Word> words, int pageWidth, int pageHeight, int[] wordLabels) {
        if (wordLabels != null && wordLabels.length != words.size()) {
            throw new IllegalArgumentException(wordLabels.length + " labels for " + words.size() + " words");
        }
        List<String> texts = new ArrayList<>(words.size());
        long[][] boxes = new long[words.size()][];
        for (int i = 0; i < words.size(); i++) {
            Word w = words.get(i);
            texts.add(w.text());
            Box b = w.box().normalized(pageWidth, pageHeight);
            boxes[i] = new long[] {b.x0(), b.y0(), b.x1(), b.y1()};
        }
        WordTokenizer.Tokens tokens = tokenizer.tokenize(texts);
        int n = tokens.size();
        int[] tokenWord = tokens.words();
        boolean[] first = new boolean[n];
        for (int t = 0; t < n; t++) {
            first[t] = t == 0 || tokenWord[t] != tokenWord[t - 1];
        }

        int[] wordTypes = totalSegments == null ? null : totalSegments.segments(words);
        List<int[]> spans = spans(n, first);
        List<Window> windows = new ArrayList<>(spans.size());
        for (int[] span : spans) {
            windows.add(window(span[0], span[1], tokens, first, boxes, wordLabels, wordTypes));
        }

        int[] wordWindow = new int[words.size()];
        int[] wordToken = new int[words.size()];
        Arrays.fill(wordWindow, -1);
        Arrays.fill(wordToken, -1);
        int[] bestContext = new int[words.size()];
        Arrays.fill(bestContext, -1);
        for (int wi = 0; wi < spans.size(); wi++) {
            int start = spans.get(wi)[0];
            int end = spans.get(wi)[1];
            for (int t = start; t < end; t++) {
                if (!first[t]) {
                    continue;
                }
                int context = Math.min(t - start, end - 1 - t);
                int w = tokenWord[t];
                if (context > bestContext[w]) {
                    bestContext[w] = context;
                    wordWindow[w] = wi;
                    wordToken[w] = t - start + 1; // after [CLS]
                }
            }
        }
        return new Encoded(windows, wordWindow, wordToken, n);
    }

    /** [start, end) token spans of the windows; one empty span for a receipt without tokens. */
    List<int[]> spans(int n, boolean[] first) {
        int capacity = maxLength - 2;
        List<int[]> spans = new ArrayList<>();
        int start = 0;
        while (true) {
            int end = Math.min(start + capacity, n);
            spans.add(new int[] {start, end});
            if (end >= n) {
                return spans;
            }
            int next = end - stride;
            int back = next;
            while (back > start && !first[back]) {
                back--;
            }
            int forward = next;
            while (forward < end && !first[forward]) {
                forward++;
            }
            // prefer more overlap to cutting a word; a word longer than a window is cut anyway
            start = back > start ? back : forward < end ? forward : next;
        }
    }

    private Window window(int start, int end, WordTokenizer.Tokens tokens, boolean[] first, long[][] boxes,
                          int[] wordLabels, int[] wordTypes) {
        int length = end - start + 2;
        long[] ids = new long[length];
        long[] bbox = new long[4 * length];
        long[] labels = wordLabels == null ? null : new long[length];
        int[] words = new int[length];
        ids[0] = tokenizer.clsId();
        System.arraycopy(clsBox, 0, bbox, 0, 4);
        words[0] = -1;
        for (int t = start; t < end; t++) {
            int p = t - start + 1;
            int w = tokens.words()[t];
            ids[p] = tokens.ids()[t];
            System.arraycopy(boxes[w], 0, bbox, 4 * p, 4);
            words[p] = w;
            if (labels != null) {
                labels[p] = first[t] ? wordLabels[w] : IGNORE;
            }
        }
        ids[length - 1] = tokenizer.sepId();
        System.arraycopy(sepBox, 0, bbox, 4 * (length - 1), 4);
        words[length - 1] = -1;
        if (labels != null) {
            labels[0] = IGNORE;
            labels[length - 1] = IGNORE;
        }
        long[] types = null;
        if (wordTypes != null) {
            types = new long[length];
            for (int p = 1; p < length - 1; p++) {
                types[p] = wordTypes[words[p]];
            }
            // [CLS] 0 and the last [SEP] as the word before it, as BERT's sentence pairs: one switch at most
            types[length - 1] = length > 2 ? types[length - 2] : 0;
        }
        return new Window(ids, bbox, labels, words, start, types);
    }
}
