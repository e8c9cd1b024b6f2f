package com.layoutlens.ui;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.layoutlens.data.AtomicFiles;
import com.layoutlens.data.InputLimits;
import com.layoutlens.data.TextFiles;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The suspected label errors the user dismissed (the gold label is right), remembered per
 * receipt folder in {@code DIR/suspects-dismissed.json}, beside the folder's other LayoutLens
 * state ({@code labels/}, {@code corrections/}), written atomically after every change:
 *
 * <pre>{"dismissed": [{"receipt": "X51005", "segment": 3, "word": 0, "gold": "O", "suggested": "TOTAL"}, ...]}</pre>
 *
 * A dismissal holds for the word with that gold label: once the label is edited the word may be
 * suspected again. A file that cannot be read is reported and treated as empty (it is only
 * replaced by the next dismissal).
 */
final class SuspectDismissals {

    /** The file's name in the receipt folder. */
    static final String FILE = "suspects-dismissed.json";

    /** One dismissal: the word, the gold label it keeps, and the suggestion that was refused. */
    record Dismissal(String receipt, int segment, int word, String gold, String suggested) {

        String key() {
            return key(receipt, segment, word, gold);
        }

        static String key(String receipt, int segment, int word, String gold) {
            return receipt + "\u0000" + segment + "\u0000" + word + "\u0000" + gold;
        }
    }

    private final Path file;
    private final Map<String, Dismissal> dismissed = new LinkedHashMap<>();

    private SuspectDismissals(Path file) {
        this.file = file;
    }

    /**
     * The dismissals of a receipt folder.
     *
     * @throws IOException when the file exists but cannot be read; the store is then empty (see {@link #empty})
     */
    static SuspectDismissals load(Path folder) throws IOException {
        SuspectDismissals d = new SuspectDismissals(folder.resolve(FILE));
        if (!Files.exists(d.file, LinkOption.NOFOLLOW_LINKS)) {
            return d;
        }
        JsonNode n;
        try {
            n = new ObjectMapper().readTree(TextFiles.readUtf8(d.file, InputLimits.MAX_CONFIG_BYTES));
        } catch (IOException e) {
            throw new IOException(d.file + ": cannot be read (" + e.getMessage() + "); the dismissed suspects start "
                    + "afresh", e);
        }
        for (JsonNode x : n.path("dismissed")) {
            if (x.path("receipt").isTextual() && x.path("segment").isInt() && x.path("word").isInt()
                    && x.path("gold").isTextual()) {
                Dismissal one = new Dismissal(x.get("receipt").asText(), x.get("segment").asInt(),
                        x.get("word").asInt(), x.get("gold").asText(), x.path("suggested").asText(""));
                d.dismissed.put(one.key(), one);
            }
        }
        return d;
    }

    /** An empty store for a folder (its file unreadable, or no folder). */
    static SuspectDismissals empty(Path folder) {
        return new SuspectDismissals(folder.resolve(FILE));
    }

    boolean isDismissed(String receipt, int segment, int word, String gold) {
        return dismissed.containsKey(Dismissal.key(receipt, segment, word, gold));
    }

    int size() {
        return dismissed.size();
    }

    Path file() {
        return file;
    }

    /**
     * Remembers a dismissal and writes the file.
     *
     * @throws IOException when the file could not be written (the dismissal holds until the app closes)
     */
    void dismiss(Dismissal d) throws IOException {
        dismissed.put(d.key(), d);
        write();
    }

    /** Forgets a dismissal (undo) and writes the file. */
    void undismiss(Dismissal d) throws IOException {
        if (dismissed.remove(d.key()) != null) {
            write();
        }
    }

    private void write() throws IOException {
        ObjectMapper json = new ObjectMapper();
        ObjectNode o = json.createObjectNode();
        ArrayNode list = o.putArray("dismissed");
        for (Dismissal d : dismissed.values()) {
            ObjectNode x = list.addObject();
            x.put("receipt", d.receipt());
            x.put("segment", d.segment());
            x.put("word", d.word());
            x.put("gold", d.gold());
            x.put("suggested", d.suggested());
        }
        AtomicFiles.writeString(file, json.writerWithDefaultPrettyPrinter().writeValueAsString(o) + "\n");
    }
}
