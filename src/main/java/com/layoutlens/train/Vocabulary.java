package com.layoutlens.train;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.layoutlens.data.AtomicFiles;
import com.layoutlens.model.ModelFolderException;
import com.layoutlens.model.encode.WordTokenizer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A small uncased WordPiece vocabulary built from training words, for models trained from
 * scratch: the special tokens, every character seen (alone and as a {@code ##} continuation,
 * so nothing made of known characters becomes {@code [UNK]}), then the most frequent whole
 * tokens. Ties are broken by the token text, so the same words always give the same file.
 *
 * <p>Words are split as BERT's normaliser and pre-tokeniser split them (accents stripped,
 * lower case, punctuation on its own), so every entry can actually be produced by the
 * tokenizer that reads the vocabulary back.
 */
public final class Vocabulary {

    public static final List<String> SPECIALS = List.of("[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]");

    /** BERT's special tokens by their role, as its tokenizer files name them. */
    private static final Map<String, String> SPECIAL_TOKENS = orderedMap("unk_token", "[UNK]", "sep_token", "[SEP]",
            "pad_token", "[PAD]", "cls_token", "[CLS]", "mask_token", "[MASK]");

    /** A map of the given keys and values, in their order. */
    static Map<String, String> orderedMap(String... keysAndValues) {
        Map<String, String> m = new java.util.LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            m.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return java.util.Collections.unmodifiableMap(m);
    }

    private final List<String> tokens;

    private Vocabulary(List<String> tokens) {
        this.tokens = List.copyOf(tokens);
    }

    /**
     * Builds a vocabulary.
     *
     * @param words    the training words (raw OCR text), in any order
     * @param maxSize  the largest vocabulary; characters always fit first
     * @param minCount how often a whole token must occur to earn an entry
     */
    public static Vocabulary build(Iterable<String> words, int maxSize, int minCount) {
        Map<String, Integer> counts = new HashMap<>();
        Set<Integer> chars = new TreeSet<>();
        for (String w : words) {
            for (String piece : pieces(w)) {
                counts.merge(piece, 1, Integer::sum);
                piece.codePoints().forEach(chars::add);
            }
        }
        LinkedHashSet<String> out = new LinkedHashSet<>(SPECIALS);
        for (int c : chars) {
            out.add(new String(Character.toChars(c)));
        }
        for (int c : chars) {
            out.add("##" + new String(Character.toChars(c)));
        }
        List<Map.Entry<String, Integer>> frequent = new ArrayList<>();
        for (Map.Entry<String, Integer> e : counts.entrySet()) {
            if (e.getKey().codePointCount(0, e.getKey().length()) > 1 && e.getValue() >= minCount) {
                frequent.add(e);
            }
        }
        frequent.sort(Comparator.<Map.Entry<String, Integer>>comparingInt(Map.Entry::getValue).reversed()
                .thenComparing(Map.Entry::getKey));
        for (Map.Entry<String, Integer> e : frequent) {
            if (out.size() >= maxSize) {
                break;
            }
            out.add(e.getKey());
        }
        return new Vocabulary(new ArrayList<>(out));
    }

    /** The tokens by id. */
    public List<String> tokens() {
        return tokens;
    }

    public int size() {
        return tokens.size();
    }

    /** BERT's normalisation and pre-tokenisation of one word: lower case, no accents, punctuation apart. */
    static List<String> pieces(String word) {
        String n = Normalizer.normalize(word, Normalizer.Form.NFD);
        StringBuilder clean = new StringBuilder();
        n.codePoints().forEach(c -> {
            int type = Character.getType(c);
            if (type == Character.NON_SPACING_MARK || c == 0 || c == 0xFFFD
                    || (Character.isISOControl(c) && !Character.isWhitespace(c))) {
                return;
            }
            clean.appendCodePoint(c);
        });
        String lower = clean.toString().toLowerCase(Locale.ROOT);
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        lower.codePoints().forEach(c -> {
            if (Character.isWhitespace(c)) {
                flush(cur, out);
            } else if (isPunctuation(c)) {
                flush(cur, out);
                out.add(new String(Character.toChars(c)));
            } else {
                cur.appendCodePoint(c);
            }
        });
        flush(cur, out);
        return out;
    }

    private static void flush(StringBuilder cur, List<String> out) {
        if (cur.length() > 0) {
            out.add(cur.toString());
            cur.setLength(0);
        }
    }

    /** BERT's test: ASCII symbols count as punctuation, as does every Unicode P category. */
    static boolean isPunctuation(int c) {
        if ((c >= 33 && c <= 47) || (c >= 58 && c <= 64) || (c >= 91 && c <= 96) || (c >= 123 && c <= 126)) {
            return true;
        }
        int t = Character.getType(c);
        return t == Character.CONNECTOR_PUNCTUATION || t == Character.DASH_PUNCTUATION
                || t == Character.START_PUNCTUATION || t == Character.END_PUNCTUATION
                || t == Character.INITIAL_QUOTE_PUNCTUATION || t == Character.FINAL_QUOTE_PUNCTUATION
                || t == Character.OTHER_PUNCTUATION;
    }

    /**
     * Writes the tokenizer files of a Hugging Face BERT tokenizer: {@code vocab.txt},
     * {@code tokenizer_config.json}, {@code special_tokens_map.json} and the
     * {@code tokenizer.json} transformers' converter would derive from them.
     */
    public void write(Path folder, int modelMaxLength) throws IOException {
        Files.createDirectories(folder);
        AtomicFiles.writeString(folder.resolve("vocab.txt"), String.join("\n", tokens) + "\n");
        ObjectNode config = TokenizerConfigFiles.settings();
        config.put("tokenizer_class", "BertTokenizer");
        config.put("do_lower_case", true);
        config.put("tokenize_chinese_chars", true);
        config.putNull("strip_accents");
        config.put("model_max_length", modelMaxLength);
        TokenizerConfigFiles.putSpecials(config, SPECIAL_TOKENS);
        TokenizerConfigFiles.write(folder, config, SPECIAL_TOKENS);
        String tokenizerJson;
        try {
            tokenizerJson = WordTokenizer.tokenizerJsonFromVocab(folder.resolve("vocab.txt"),
                    folder.resolve("tokenizer_config.json"), folder.resolve("special_tokens_map.json"));
        } catch (ModelFolderException e) {
            throw new IOException(e.getMessage(), e);
        }
        AtomicFiles.write(folder.resolve("tokenizer.json"), tokenizerJson.getBytes(StandardCharsets.UTF_8));
    }

    /** The tokenizer files a model folder may have, in the order they are copied. */
    public static final List<String> TOKENIZER_FILES = List.of("vocab.txt", "vocab.json", "tokenizer.json",
            "tokenizer_config.json", "special_tokens_map.json", "merges.txt", "sentencepiece.bpe.model");

    /** Copies whichever tokenizer files {@code from} has into {@code to}. */
    public static void copyTokenizerFiles(Path from, Path to) throws IOException {
        Files.createDirectories(to);
        for (String name : TOKENIZER_FILES) {
            Path src = from.resolve(name);
            if (Files.isRegularFile(src)) {
                byte[] bytes;
                try {
                    bytes = com.layoutlens.data.TextFiles.readBytes(src, com.layoutlens.data.InputLimits.MAX_TOKENIZER_BYTES);
                } catch (com.layoutlens.data.TextFiles.Unusable e) {
                    throw new IOException(src + ": " + e.getMessage(), e);
                }
                AtomicFiles.write(to.resolve(name), bytes);
            }
        }
    }
}
