package com.layoutlens.train;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.layoutlens.data.AtomicFiles;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * The two JSON files every Hugging Face tokenizer folder has beside its vocabulary:
 * {@code tokenizer_config.json} (the tokenizer's settings with its special tokens) and
 * {@code special_tokens_map.json} (the special tokens alone), written the same way for the
 * WordPiece and the byte-level BPE vocabularies.
 */
final class TokenizerConfigFiles {

    private static final ObjectMapper JSON = new ObjectMapper();

    private TokenizerConfigFiles() {
    }

    /** A new, empty settings object. */
    static ObjectNode settings() {
        return JSON.createObjectNode();
    }

    /** Adds the special tokens ({@code unk_token} → {@code [UNK]}, ...) to a settings object, in order. */
    static void putSpecials(ObjectNode settings, Map<String, String> specials) {
        specials.forEach(settings::put);
    }

    /**
     * Writes {@code settings} as {@code tokenizer_config.json} and {@code specials} as
     * {@code special_tokens_map.json} into {@code folder}, pretty-printed with a final newline,
     * each file replaced atomically.
     */
    static void write(Path folder, ObjectNode settings, Map<String, String> specials) throws IOException {
        writeJson(folder.resolve("tokenizer_config.json"), settings);
        ObjectNode map = settings();
        putSpecials(map, specials);
        writeJson(folder.resolve("special_tokens_map.json"), map);
    }

    private static void writeJson(Path file, ObjectNode node) throws IOException {
        AtomicFiles.writeString(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(node) + "\n");
    }
}
