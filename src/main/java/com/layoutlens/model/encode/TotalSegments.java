package com.layoutlens.model.encode;

import com.fasterxml.jackson.databind.JsonNode;
import com.layoutlens.model.ConfigJson;
import com.layoutlens.model.ModelFolderException;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Whether a model reads its receipts split at the first total keyword ({@code train
 * --total-segments}): token type 0 before the keyword, 1 from it on
 * ({@link ReceiptEncoder#withTotalSegments()}). A model folder trained so says
 * {@code "layoutlens_total_segments": true} in {@code config.json}, beside transformers' own
 * keys (transformers keeps unknown keys and ignores them), so that every run of the folder
 * encodes as training did; a folder without the key reads zeros, as every model did before.
 */
public final class TotalSegments {

    /** Our entry in {@code config.json}. */
    public static final String CONFIG_KEY = "layoutlens_total_segments";

    /** The token types the split needs: 0 and 1. */
    public static final int TOKEN_TYPES = 2;

    private TotalSegments() {
    }

    /** Whether a model folder was trained with total segments; false when it does not say. */
    public static boolean ofFolder(Path folder) throws ModelFolderException {
        JsonNode n = ConfigJson.entry(folder, CONFIG_KEY);
        if (n == null) {
            return false;
        }
        if (!n.isBoolean()) {
            throw new ModelFolderException(ConfigJson.file(folder) + ": " + CONFIG_KEY + " must be true or false, got " + n);
        }
        return n.asBoolean();
    }

    /**
     * Records the choice in a folder's {@code config.json} (rewritten in place): the key when on,
     * no key when off, so a folder trained without the split is written exactly as before.
     */
    public static void writeTo(Path folder, boolean on) throws IOException {
        ConfigJson.update(folder, root -> {
            if (on) {
                root.put(CONFIG_KEY, true);
                return true;
            }
            return root.remove(CONFIG_KEY) != null;
        });
    }

    /**
     * Refuses a model whose token type table has fewer than two rows: token type 1 would index
     * past it.
     *
     * @param where the folder or option to name in the message
     */
    public static void requireTokenTypes(int typeVocabSize, String where) throws ModelFolderException {
        if (typeVocabSize < TOKEN_TYPES) {
            throw new ModelFolderException(where + ": the split at the first total keyword (--total-segments) needs "
                    + TOKEN_TYPES + " token types, and this model has type_vocab_size " + typeVocabSize
                    + " (LayoutLMv3 and RoBERTa checkpoints have one); train a fresh model with --config, which gets "
                    + TOKEN_TYPES + ", or leave the split out");
        }
    }
}
