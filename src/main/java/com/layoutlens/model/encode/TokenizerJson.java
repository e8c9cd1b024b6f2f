package com.layoutlens.model.encode;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.layoutlens.model.ModelFolderException;

import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * What the tokenizer.json files built from a slow tokenizer's files (WordPiece for BERT,
 * byte-level BPE for RoBERTa) have in common, as transformers' converters write them: the
 * special tokens the vocabulary must hold, and the file's start (version, no truncation, no
 * padding, the added special tokens).
 */
final class TokenizerJson {

    private TokenizerJson() {
    }

    /** Refuses a vocabulary that lacks one of the special tokens the model needs. */
    static void requireSpecials(Path vocabFile, List<String> tokens, Predicate<String> inVocabulary)
            throws ModelFolderException {
        for (String s : tokens) {
            if (!inVocabulary.test(s)) {
                throw new ModelFolderException(vocabFile + ": the special token " + s + " is not in the vocabulary");
            }
        }
    }

    /**
     * A new tokenizer.json object with its version, no truncation and no padding, and
     * {@code added_tokens} listing each of {@code specials} the vocabulary has (its id from
     * {@code idOf}, null when absent), in the order given.
     */
    static ObjectNode start(ObjectMapper json, List<String> specials, Function<String, Long> idOf) {
        ObjectNode root = json.createObjectNode();
        root.put("version", "1.0");
        root.putNull("truncation");
        root.putNull("padding");
        ArrayNode added = root.putArray("added_tokens");
        for (String s : specials) {
            Long id = idOf.apply(s);
            if (id != null) {
                ObjectNode t = added.addObject();
                t.put("id", id);
                t.put("content", s);
                t.put("single_word", false);
                t.put("lstrip", false);
                t.put("rstrip", false);
                t.put("normalized", false);
                t.put("special", true);
            }
        }
        return root;
    }
}
