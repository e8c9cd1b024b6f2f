package com.layoutlens.model.encode;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.layoutlens.model.ModelFolderException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The {@code tokenizer.json} of a byte-level BPE folder that ships only {@code vocab.json} and
 * {@code merges.txt} (RoBERTa's format, kept by older LayoutLMv3 checkpoints), as transformers'
 * {@code LayoutLMv3Tokenizer} / {@code RobertaTokenizer} build it: no normaliser, the ByteLevel
 * pre-tokeniser (with {@code add_prefix_space}, so that every pre-split word reads as if a space
 * preceded it, as in running text), BPE without continuation prefix, RoBERTa's post-processor
 * ({@code <s> A </s>}), ByteLevel decoder, and the special tokens as added tokens.
 */
public final class ByteLevelBpe {

    private ByteLevelBpe() {
    }

    /**
     * @param config {@code tokenizer_config.json}, may be absent: {@code add_prefix_space} (default true)
     *               and the special tokens' texts (defaults {@code <s>}, {@code </s>}, {@code <pad>},
     *               {@code <unk>}, {@code <mask>})
     */
    public static String tokenizerJson(Path vocabFile, Path mergesFile, Path config) throws ModelFolderException {
        ObjectMapper json = new ObjectMapper();
        JsonNode vocab;
        try {
            vocab = json.readTree(com.layoutlens.data.TextFiles.readUtf8(vocabFile, com.layoutlens.data.InputLimits.MAX_TOKENIZER_BYTES));
        } catch (com.layoutlens.data.TextFiles.Unusable e) {
            throw new ModelFolderException(vocabFile + ": " + e.getMessage(), e);
        } catch (IOException e) {
            throw new ModelFolderException(vocabFile + ": not valid JSON: " + e.getMessage(), e);
        }
        if (vocab == null || !vocab.isObject() || vocab.isEmpty()) {
            throw new ModelFolderException(vocabFile + ": expected a JSON object of token ids");
        }
        List<String> lines;
        try {
            lines = com.layoutlens.data.TextFiles.readUtf8(mergesFile, com.layoutlens.data.InputLimits.MAX_TOKENIZER_BYTES).lines().toList();
        } catch (com.layoutlens.data.TextFiles.Unusable e) {
            throw new ModelFolderException(mergesFile + ": " + e.getMessage(), e);
        } catch (IOException e) {
            throw new ModelFolderException(mergesFile + ": not readable as UTF-8: " + e.getMessage(), e);
        }
        JsonNode cfg = json.createObjectNode();
        if (config != null && Files.isRegularFile(config)) {
            try {
                JsonNode n = json.readTree(com.layoutlens.data.TextFiles.readUtf8(config, com.layoutlens.data.InputLimits.MAX_CONFIG_BYTES));
                if (n != null && n.isObject()) {
                    cfg = n;
                }
            } catch (IOException e) {
                throw new ModelFolderException(config + ": not valid JSON: " + e.getMessage(), e);
            }
        }
        boolean prefixSpace = cfg.path("add_prefix_space").asBoolean(true);
        String bos = special(cfg, "cls_token", special(cfg, "bos_token", "<s>"));
        String eos = special(cfg, "sep_token", special(cfg, "eos_token", "</s>"));
        String pad = special(cfg, "pad_token", "<pad>");
        String unk = special(cfg, "unk_token", "<unk>");
        String mask = special(cfg, "mask_token", "<mask>");
        TokenizerJson.requireSpecials(vocabFile, List.of(bos, eos), vocab::has);

        ObjectNode root = TokenizerJson.start(json, List.of(bos, pad, eos, unk, mask),
                s -> vocab.has(s) ? vocab.get(s).asLong() : null);
        root.putNull("normalizer");
        root.set("pre_tokenizer", byteLevel(json, prefixSpace));
        ObjectNode post = root.putObject("post_processor");
        post.put("type", "RobertaProcessing");
        post.putArray("sep").add(eos).add(vocab.get(eos).asLong());
        post.putArray("cls").add(bos).add(vocab.get(bos).asLong());
        post.put("trim_offsets", true);
        post.put("add_prefix_space", prefixSpace);
        root.set("decoder", byteLevel(json, prefixSpace));
        ObjectNode model = root.putObject("model");
        model.put("type", "BPE");
        model.putNull("dropout");
        model.putNull("unk_token");
        model.put("continuing_subword_prefix", "");
        model.put("end_of_word_suffix", "");
        model.put("fuse_unk", false);
        model.put("byte_fallback", false);
        model.put("ignore_merges", false);
        ObjectNode v = model.putObject("vocab");
        for (Iterator<Map.Entry<String, JsonNode>> it = vocab.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            v.put(e.getKey(), e.getValue().asLong());
        }
        ArrayNode m = model.putArray("merges");
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if ((i == 0 && line.startsWith("#version")) || line.isBlank()) {
                continue;
            }
            String[] pair = line.split(" ");
            if (pair.length != 2) {
                throw new ModelFolderException(mergesFile + ": line " + (i + 1) + " is not two tokens: " + line);
            }
            m.add(pair[0] + " " + pair[1]);
        }
        try {
            return json.writeValueAsString(root);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static ObjectNode byteLevel(ObjectMapper json, boolean prefixSpace) {
        ObjectNode n = json.createObjectNode();
        n.put("type", "ByteLevel");
        n.put("add_prefix_space", prefixSpace);
        n.put("trim_offsets", true);
        n.put("use_regex", true);
        return n;
    }

    /** A special token's text from the config: a string or {"content": ...}. */
    private static String special(JsonNode cfg, String key, String fallback) {
        JsonNode n = cfg.path(key);
        if (n.isTextual()) {
            return n.asText();
        }
        if (n.isObject() && n.path("content").isTextual()) {
            return n.get("content").asText();
        }
        return fallback;
    }
}
