package com.layoutlens.ui;

import com.layoutlens.model.ModelFolderException;
import com.layoutlens.model.encode.WordTokenizer;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToIntFunction;

/**
 * How many word pieces a model folder's tokenizer cuts a text into, for the "breaks it into many
 * pieces" kind of words that look misread ({@link com.layoutlens.data.OcrSuggestions#manyPieces}).
 * The tokenizer is read on first use; counts are remembered.
 */
final class TokenizerPieces implements ToIntFunction<String>, AutoCloseable {

    /** The demo model's vocabulary, used while no model A is chosen. */
    static final Path DEMO = Path.of("models", "demo-layoutlm");

    private final Path folder;
    private final Map<String, Integer> counts = new ConcurrentHashMap<>();
    private WordTokenizer tokenizer;
    private String problem;

    private TokenizerPieces(Path folder) {
        this.folder = folder;
    }

    /** The tokenizer of a model folder, or null when the folder has no tokenizer file. */
    static TokenizerPieces of(Path folder) {
        if (folder == null || !(Files.isRegularFile(folder.resolve("tokenizer.json"))
                || Files.isRegularFile(folder.resolve("vocab.txt"))
                || Files.isRegularFile(folder.resolve("vocab.json")))) {
            return null;
        }
        return new TokenizerPieces(folder);
    }

    Path folder() {
        return folder;
    }

    /** The folder's name, for messages. */
    String name() {
        Path n = folder.toAbsolutePath().normalize().getFileName();
        return n == null ? folder.toString() : n.toString();
    }

    /** Why the tokenizer could not be read, or null. */
    synchronized String problem() {
        return problem;
    }

    private synchronized WordTokenizer tokenizer() {
        if (tokenizer == null && problem == null) {
            try {
                tokenizer = WordTokenizer.load(folder);
            } catch (ModelFolderException | RuntimeException e) {
                problem = e.getMessage();
            }
        }
        return tokenizer;
    }

    /** The word pieces of a text; 0 when the tokenizer cannot be read (nothing then looks misread by it). */
    @Override
    public int applyAsInt(String text) {
        Integer n = counts.get(text);
        if (n == null) {
            WordTokenizer t = tokenizer();
            n = t == null ? 0 : t.pieces(text).size();
            counts.put(text, n);
        }
        return n;
    }

    @Override
    public synchronized void close() {
        if (tokenizer != null) {
            tokenizer.close();
            tokenizer = null;
        }
    }
}
