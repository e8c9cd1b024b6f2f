package com.layoutlens.model.encode;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.layoutlens.model.ConfigJson;
import com.layoutlens.model.ModelFolderException;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Splits pre-split words into sub-token ids with the model folder's own tokenizer
 * (DJL's binding of the Hugging Face {@code tokenizers} library), keeping which word each
 * sub-token came from.
 *
 * <p>A folder with {@code tokenizer.json} is used as is. A WordPiece folder that has only
 * {@code vocab.txt} (as many LayoutLM checkpoints do) gets the {@code tokenizer.json} that
 * transformers' {@code BertTokenizerFast} would build from it: BERT normaliser (clean text,
 * CJK characters split, lower-casing and accent stripping from {@code tokenizer_config.json}'s
 * {@code do_lower_case} / {@code strip_accents}), BERT pre-tokeniser, WordPiece with
 * {@code ##} continuation and 100-character words, {@code [CLS] A [SEP]} template.
 * DJL itself reads only {@code tokenizer.json} or BPE vocab/merges, hence this. Likewise a
 * byte-level BPE folder with only {@code vocab.json} and {@code merges.txt} (RoBERTa, and
 * LayoutLMv3 checkpoints such as {@code microsoft/layoutlmv3-base}) gets the {@code tokenizer.json}
 * transformers builds from them ({@link ByteLevelBpe}).
 *
 * <p>Special tokens are never added here: windows add them (see {@link ReceiptEncoder}).
 */
public final class WordTokenizer implements AutoCloseable {

    /** Sub-token ids of a word list and, per sub-token, the index of its word. */
    public record Tokens(long[] ids, int[] words) {
        public int size() {
            return ids.length;
        }
    }

    private final HuggingFaceTokenizer tokenizer;
    private final long clsId;
    private final long sepId;
    private final long unkId;

    private final long maxId;

    private WordTokenizer(HuggingFaceTokenizer tokenizer, long clsId, long sepId, long unkId, long maxId) {
        this.tokenizer = tokenizer;
        this.clsId = clsId;
        this.sepId = sepId;
        this.unkId = unkId;
        this.maxId = maxId;
    }

    /**
     * The largest token id the tokenizer can give (its vocabulary and added tokens): a model
     * whose word embedding table has no row for it cannot read its output.
     */
    public long maxId() {
        return maxId;
    }

    /**
     * The tokenizer of a model folder: {@code tokenizer.json}, else {@code vocab.txt} (+
     * {@code tokenizer_config.json}), else {@code vocab.json} + {@code merges.txt} (+
     * {@code tokenizer_config.json}).
     */
    public static WordTokenizer load(Path folder) throws ModelFolderException {
        Path json = folder.resolve("tokenizer.json");
        Path vocab = folder.resolve("vocab.txt");
        Path bpeVocab = folder.resolve("vocab.json");
        Path merges = folder.resolve("merges.txt");
        String text;
        String source;
        if (Files.isRegularFile(json)) {
            source = json.toString();
            try {
                text = com.layoutlens.data.TextFiles.readUtf8(json, com.layoutlens.data.InputLimits.MAX_TOKENIZER_BYTES);
            } catch (com.layoutlens.data.TextFiles.Unusable e) {
                throw new ModelFolderException(json + ": " + e.getMessage(), e);
            } catch (IOException e) {
                throw new ModelFolderException(json + ": not readable: " + e.getMessage(), e);
            }
        } else if (Files.isRegularFile(vocab)) {
            source = vocab.toString();
            text = tokenizerJsonFromVocab(vocab, folder.resolve("tokenizer_config.json"),
                    folder.resolve("special_tokens_map.json"));
        } else if (Files.isRegularFile(bpeVocab) && Files.isRegularFile(merges)) {
            source = bpeVocab.toString();
            text = ByteLevelBpe.tokenizerJson(bpeVocab, merges, folder.resolve("tokenizer_config.json"));
        } else {
            throw new ModelFolderException(folder + ": no tokenizer.json or vocab.txt (nor vocab.json + merges.txt) "
                    + "in this folder");
        }
        return fromJson(text, source);
    }

    /** A tokenizer from the text of a {@code tokenizer.json}. */
    public static WordTokenizer fromJson(String tokenizerJson, String source) throws ModelFolderException {
        JsonNode root = ConfigJson.parse(tokenizerJson, source);
        long unk = -1;
        JsonNode model = root.path("model");
        String unkToken = model.path("unk_token").asText(null);
        if (unkToken != null && model.path("vocab").has(unkToken)) {
            unk = model.path("vocab").get(unkToken).asLong();
        }
        Map<String, String> options = Map.of("addSpecialTokens", "false", "truncation", "false",
                "padding", "false", "withOverflowingTokens", "false");
        HuggingFaceTokenizer hf;
        try {
            hf = HuggingFaceTokenizer.newInstance(
                    new ByteArrayInputStream(tokenizerJson.getBytes(StandardCharsets.UTF_8)), options);
        } catch (IOException | RuntimeException e) {
            throw new ModelFolderException(source + ": not a usable tokenizer: " + e.getMessage(), e);
        }
        // the template's special tokens around an empty sequence: [CLS] [SEP] for BERT
        long[] specials = hf.encode(new String[0], true, false).getIds();
        if (specials.length != 2) {
            hf.close();
            throw new ModelFolderException(source + ": expected the post-processor to add one token before and one"
                    + " after a sequence, it adds " + specials.length);
        }
        long maxId = Math.max(specials[0], specials[1]);
        for (JsonNode id : model.path("vocab")) {
            maxId = Math.max(maxId, id.asLong(-1));
        }
        for (JsonNode t : root.path("added_tokens")) {
            maxId = Math.max(maxId, t.path("id").asLong(-1));
        }
        return new WordTokenizer(hf, specials[0], specials[1], unk, maxId);
    }

    /**
     * The {@code tokenizer.json} text for a WordPiece {@code vocab.txt}, as transformers'
     * BERT converter writes it.
     *
     * @param config      {@code tokenizer_config.json}; may be absent (lower-casing, as for
     *                    uncased BERT and LayoutLM)
     * @param specialsMap {@code special_tokens_map.json}; may be absent
     */
    public static String tokenizerJsonFromVocab(Path vocabFile, Path config, Path specialsMap)
            throws ModelFolderException {
        ObjectMapper json = new ObjectMapper();
        List<String> lines;
        try {
            lines = com.layoutlens.data.TextFiles.readUtf8(vocabFile, com.layoutlens.data.InputLimits.MAX_TOKENIZER_BYTES).lines().toList();
        } catch (com.layoutlens.data.TextFiles.Unusable e) {
            throw new ModelFolderException(vocabFile + ": " + e.getMessage(), e);
        } catch (IOException e) {
            throw new ModelFolderException(vocabFile + ": not readable as UTF-8: " + e.getMessage(), e);
        }
        if (lines.isEmpty()) {
            throw new ModelFolderException(vocabFile + ": empty vocabulary");
        }
        Map<String, Integer> vocab = new LinkedHashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            vocab.put(lines.get(i), i); // transformers: later duplicates win, ids are line numbers
        }
        JsonNode cfg = readOptional(json, config);
        JsonNode map = readOptional(json, specialsMap);
        boolean lower = cfg.path("do_lower_case").asBoolean(true);
        JsonNode stripAccents = cfg.get("strip_accents");
        boolean chinese = cfg.path("tokenize_chinese_chars").asBoolean(true);
        String unk = special(cfg, map, "unk_token", "[UNK]");
        String cls = special(cfg, map, "cls_token", "[CLS]");
        String sep = special(cfg, map, "sep_token", "[SEP]");
        String pad = special(cfg, map, "pad_token", "[PAD]");
        String mask = special(cfg, map, "mask_token", "[MASK]");
        TokenizerJson.requireSpecials(vocabFile, List.of(unk, cls, sep), vocab::containsKey);

        ObjectNode root = TokenizerJson.start(json, List.of(pad, unk, cls, sep, mask),
                s -> vocab.containsKey(s) ? Long.valueOf(vocab.get(s)) : null);
        ObjectNode normalizer = root.putObject("normalizer");
        normalizer.put("type", "BertNormalizer");
        normalizer.put("clean_text", true);
        normalizer.put("handle_chinese_chars", chinese);
        if (stripAccents == null || stripAccents.isNull()) {
            normalizer.putNull("strip_accents"); // follows lowercase, as in BERT
        } else {
            normalizer.put("strip_accents", stripAccents.asBoolean());
        }
        normalizer.put("lowercase", lower);
        root.putObject("pre_tokenizer").put("type", "BertPreTokenizer");
        ObjectNode post = root.putObject("post_processor");
        post.put("type", "TemplateProcessing");
        ArrayNode single = post.putArray("single");
        single.addObject().putObject("SpecialToken").put("id", cls).put("type_id", 0);
        single.addObject().putObject("Sequence").put("id", "A").put("type_id", 0);
        single.addObject().putObject("SpecialToken").put("id", sep).put("type_id", 0);
        ArrayNode pair = post.putArray("pair");
        pair.addObject().putObject("SpecialToken").put("id", cls).put("type_id", 0);
        pair.addObject().putObject("Sequence").put("id", "A").put("type_id", 0);
        pair.addObject().putObject("SpecialToken").put("id", sep).put("type_id", 0);
        pair.addObject().putObject("Sequence").put("id", "B").put("type_id", 1);
        pair.addObject().putObject("SpecialToken").put("id", sep).put("type_id", 1);
        ObjectNode specials = post.putObject("special_tokens");
        for (String s : List.of(cls, sep)) {
            ObjectNode t = specials.putObject(s);
            t.put("id", s);
            t.putArray("ids").add(vocab.get(s));
            t.putArray("tokens").add(s);
        }
        ObjectNode decoder = root.putObject("decoder");
        decoder.put("type", "WordPiece");
        decoder.put("prefix", "##");
        decoder.put("cleanup", true);
        ObjectNode model = root.putObject("model");
        model.put("type", "WordPiece");
        model.put("unk_token", unk);
        model.put("continuing_subword_prefix", "##");
        model.put("max_input_chars_per_word", 100);
        ObjectNode v = model.putObject("vocab");
        vocab.forEach(v::put);
        try {
            return json.writeValueAsString(root);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode readOptional(ObjectMapper json, Path file) throws ModelFolderException {
        if (file == null || !Files.isRegularFile(file)) {
            return json.createObjectNode();
        }
        try {
            JsonNode n = json.readTree(com.layoutlens.data.TextFiles.readUtf8(file, com.layoutlens.data.InputLimits.MAX_CONFIG_BYTES));
            return n == null || !n.isObject() ? json.createObjectNode() : n;
        } catch (com.layoutlens.data.TextFiles.Unusable e) {
            throw new ModelFolderException(file + ": " + e.getMessage(), e);
        } catch (IOException e) {
            throw new ModelFolderException(file + ": not valid JSON: " + e.getMessage(), e);
        }
    }

    /** A special token's text from the config or the specials map: a string or {"content": ...}. */
    private static String special(JsonNode cfg, JsonNode map, String key, String fallback) {
        for (JsonNode n : List.of(map.path(key), cfg.path(key))) {
            if (n.isTextual()) {
                return n.asText();
            }
            if (n.isObject() && n.path("content").isTextual()) {
                return n.get("content").asText();
            }
        }
        return fallback;
    }

    /**
     * The sub-tokens of words that are already split (receipt words never contain
     * whitespace). A word that yields no sub-token at all (only control or zero-width
     * characters) gets the unknown token, so that every word can be labelled; without an
     * unknown token it gets none.
     */
    public Tokens tokenize(List<String> words) {
        if (words.isEmpty()) {
            return new Tokens(new long[0], new int[0]);
        }
        Encoding enc = tokenizer.encode(words.toArray(new String[0]), false, false);
        long[] ids = enc.getIds();
        long[] wordIds = enc.getWordIds();
        boolean[] seen = new boolean[words.size()];
        int missing = words.size();
        for (long w : wordIds) {
            if (w >= 0 && !seen[(int) w]) {
                seen[(int) w] = true;
                missing--;
            }
        }
        int n = ids.length + (unkId >= 0 ? missing : 0);
        long[] outIds = new long[n];
        int[] outWords = new int[n];
        int k = 0;
        int next = 0; // next word that may lack tokens, in word order
        for (int i = 0; i < ids.length; i++) {
            int w = (int) wordIds[i];
            while (unkId >= 0 && next < w) {
                if (!seen[next]) {
                    outIds[k] = unkId;
                    outWords[k++] = next;
                }
                next++;
            }
            next = Math.max(next, w + 1);
            outIds[k] = ids[i];
            outWords[k++] = w;
        }
        while (unkId >= 0 && next < words.size()) {
            if (!seen[next]) {
                outIds[k] = unkId;
                outWords[k++] = next;
            }
            next++;
        }
        return new Tokens(outIds, outWords);
    }

    /** The sub-token strings of one word, as the tokenizer writes them ({@code ##} marks a continuation). */
    public List<String> pieces(String word) {
        String[] t = tokenizer.encode(new String[] {word}, false, false).getTokens();
        if (t.length == 0) {
            return unkId >= 0 ? List.of("[UNK]") : List.of();
        }
        return List.of(t);
    }

    public long clsId() {
        return clsId;
    }

    public long sepId() {
        return sepId;
    }

    /** The unknown token's id, or -1 when the vocabulary has none. */
    public long unkId() {
        return unkId;
    }

    @Override
    public void close() {
        tokenizer.close();
    }
}
