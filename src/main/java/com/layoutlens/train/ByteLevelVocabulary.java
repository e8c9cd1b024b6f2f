package com.layoutlens.train;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.layoutlens.data.AtomicFiles;
import com.layoutlens.model.ModelFolderException;
import com.layoutlens.model.encode.ByteLevelBpe;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A small byte-level BPE vocabulary (RoBERTa's, as LayoutLMv3 reads it) learnt from training
 * words, for LayoutLMv3 models trained from scratch: the special tokens in RoBERTa's order
 * ({@code <s>} 0, {@code <pad>} 1, {@code </s>} 2, {@code <unk>} 3), the 256 byte symbols (so any
 * text is encoded without {@code <unk>}), then merges learnt greedily from the words'
 * pre-tokens, most frequent pair first (ties broken by the pair's text, so the same words always
 * give the same files), and {@code <mask>} last.
 *
 * <p>Words are pre-tokenised as the tokenizer that reads the files back does it
 * ({@code add_prefix_space}: every word reads as if a space preceded it, then GPT-2's split into
 * letters, digits and other runs), so every merge can be produced when reading.
 */
public final class ByteLevelVocabulary {

    /** RoBERTa's special tokens and their ids. */
    public static final List<String> SPECIALS = List.of("<s>", "<pad>", "</s>", "<unk>");
    public static final String MASK = "<mask>";

    /** RoBERTa's special tokens by their role, as LayoutLMv3's tokenizer files name them. */
    private static final Map<String, String> SPECIAL_TOKENS = Vocabulary.orderedMap("bos_token", "<s>",
            "eos_token", "</s>", "sep_token", "</s>", "cls_token", "<s>", "unk_token", "<unk>", "pad_token", "<pad>",
            "mask_token", MASK);

    /** GPT-2's pre-tokeniser split (the ByteLevel pre-tokeniser's {@code use_regex}). */
    private static final Pattern SPLIT = Pattern.compile(
            "'s|'t|'re|'ve|'m|'ll|'d| ?\\p{L}+| ?\\p{N}+| ?[^\\s\\p{L}\\p{N}]+|\\s+(?!\\S)|\\s+");

    private static final String[] BYTE_SYMBOL = byteSymbols();

    private final List<String> tokens;
    private final List<String> merges;

    private ByteLevelVocabulary(List<String> tokens, List<String> merges) {
        this.tokens = List.copyOf(tokens);
        this.merges = List.copyOf(merges);
    }

    /**
     * Learns a vocabulary.
     *
     * @param words    the training words (raw OCR text), in any order
     * @param maxSize  the largest vocabulary, special and byte symbols included
     * @param minCount how often a pair must occur to be merged
     */
    public static ByteLevelVocabulary build(Iterable<String> words, int maxSize, int minCount) {
        Map<String, Integer> counts = new TreeMap<>();
        for (String w : words) {
            for (String piece : pieces(w)) {
                counts.merge(piece, 1, Integer::sum);
            }
        }
        List<String[]> symbols = new ArrayList<>();
        int[] freq = new int[counts.size()];
        int n = 0;
        for (Map.Entry<String, Integer> e : counts.entrySet()) {
            byte[] bytes = e.getKey().getBytes(StandardCharsets.UTF_8);
            String[] s = new String[bytes.length];
            for (int i = 0; i < bytes.length; i++) {
                s[i] = BYTE_SYMBOL[bytes[i] & 0xff];
            }
            symbols.add(s);
            freq[n++] = e.getValue();
        }
        List<String> tokens = new ArrayList<>(SPECIALS);
        for (int b = 0; b < 256; b++) {
            tokens.add(byteOrder(b));
        }
        List<String> merges = new ArrayList<>();
        java.util.Set<String> known = new java.util.HashSet<>(tokens);
        while (tokens.size() < maxSize - 1) {
            Map<String, Integer> pairs = new HashMap<>();
            for (int w = 0; w < symbols.size(); w++) {
                String[] s = symbols.get(w);
                for (int i = 0; i + 1 < s.length; i++) {
                    pairs.merge(s[i] + " " + s[i + 1], freq[w], Integer::sum);
                }
            }
            String best = null;
            int bestCount = 0;
            for (Map.Entry<String, Integer> e : pairs.entrySet()) {
                int c = e.getValue();
                if (c > bestCount || (c == bestCount && e.getKey().compareTo(best) < 0)) {
                    best = e.getKey();
                    bestCount = c;
                }
            }
            if (best == null || bestCount < minCount) {
                break;
            }
            int space = best.indexOf(' ');
            String a = best.substring(0, space);
            String b = best.substring(space + 1);
            String merged = a + b;
            merges.add(best);
            if (known.add(merged)) {
                tokens.add(merged);
            }
            for (int w = 0; w < symbols.size(); w++) {
                symbols.set(w, apply(symbols.get(w), a, b, merged));
            }
        }
        tokens.add(MASK);
        return new ByteLevelVocabulary(tokens, merges);
    }

    private static String[] apply(String[] s, String a, String b, String merged) {
        List<String> out = null;
        for (int i = 0; i < s.length; i++) {
            if (i + 1 < s.length && s[i].equals(a) && s[i + 1].equals(b)) {
                if (out == null) {
                    out = new ArrayList<>(s.length);
                    for (int j = 0; j < i; j++) {
                        out.add(s[j]);
                    }
                }
                out.add(merged);
                i++;
            } else if (out != null) {
                out.add(s[i]);
            }
        }
        return out == null ? s : out.toArray(new String[0]);
    }

    /** The pre-tokens of one word, read as if a space preceded it. */
    static List<String> pieces(String word) {
        List<String> out = new ArrayList<>();
        Matcher m = SPLIT.matcher(" " + word);
        while (m.find()) {
            out.add(m.group());
        }
        return out;
    }

    /** The 256 byte symbols in GPT-2's order: the printable bytes as themselves, the rest from U+0100 on. */
    private static String byteOrder(int index) {
        return BYTE_ORDER[index];
    }

    private static final String[] BYTE_ORDER = byteOrderTable();

    private static String[] byteOrderTable() {
        List<Integer> printable = printableBytes();
        String[] order = new String[256];
        int k = 0;
        for (int b : printable) {
            order[k++] = BYTE_SYMBOL[b];
        }
        for (int b = 0; b < 256; b++) {
            if (!printable.contains(b)) {
                order[k++] = BYTE_SYMBOL[b];
            }
        }
        return order;
    }

    private static List<Integer> printableBytes() {
        List<Integer> bs = new ArrayList<>();
        for (int b = '!'; b <= '~'; b++) {
            bs.add(b);
        }
        for (int b = 0xA1; b <= 0xAC; b++) {
            bs.add(b);
        }
        for (int b = 0xAE; b <= 0xFF; b++) {
            bs.add(b);
        }
        return bs;
    }

    /** GPT-2's bytes_to_unicode: printable bytes map to themselves, the others to U+0100 upwards. */
    private static String[] byteSymbols() {
        List<Integer> printable = printableBytes();
        String[] map = new String[256];
        int next = 0;
        for (int b = 0; b < 256; b++) {
            if (printable.contains(b)) {
                map[b] = new String(Character.toChars(b));
            } else {
                map[b] = new String(Character.toChars(256 + next++));
            }
        }
        return map;
    }

    public int size() {
        return tokens.size();
    }

    public List<String> tokens() {
        return tokens;
    }

    /**
     * Writes the tokenizer files transformers' {@code LayoutLMv3Tokenizer(Fast)} reads:
     * {@code vocab.json}, {@code merges.txt}, {@code tokenizer_config.json},
     * {@code special_tokens_map.json} and the {@code tokenizer.json} built from them.
     */
    public void write(Path folder, int modelMaxLength) throws IOException {
        Files.createDirectories(folder);
        ObjectMapper json = new ObjectMapper();
        ObjectNode vocab = json.createObjectNode();
        Map<String, Integer> ids = new LinkedHashMap<>();
        for (int i = 0; i < tokens.size(); i++) {
            ids.put(tokens.get(i), i);
            vocab.put(tokens.get(i), i);
        }
        AtomicFiles.writeString(folder.resolve("vocab.json"), json.writeValueAsString(vocab) + "\n");
        AtomicFiles.writeString(folder.resolve("merges.txt"), "#version: 0.2\n" + String.join("\n", merges) + "\n");
        ObjectNode config = TokenizerConfigFiles.settings();
        config.put("tokenizer_class", "LayoutLMv3Tokenizer");
        config.put("add_prefix_space", true);
        config.put("model_max_length", modelMaxLength);
        TokenizerConfigFiles.putSpecials(config, SPECIAL_TOKENS);
        config.put("only_label_first_subword", true);
        TokenizerConfigFiles.write(folder, config, SPECIAL_TOKENS);
        String tokenizerJson;
        try {
            tokenizerJson = ByteLevelBpe.tokenizerJson(folder.resolve("vocab.json"), folder.resolve("merges.txt"),
                    folder.resolve("tokenizer_config.json"));
        } catch (ModelFolderException e) {
            throw new IOException(e.getMessage(), e);
        }
        AtomicFiles.write(folder.resolve("tokenizer.json"), tokenizerJson.getBytes(StandardCharsets.UTF_8));
    }
}
