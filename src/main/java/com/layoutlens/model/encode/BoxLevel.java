package com.layoutlens.model.encode;

import com.fasterxml.jackson.databind.JsonNode;
import com.layoutlens.data.Box;
import com.layoutlens.data.Receipt;
import com.layoutlens.data.Segment;
import com.layoutlens.data.Word;
import com.layoutlens.model.ConfigJson;
import com.layoutlens.model.ModelFolderException;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Which box a word is given to the model: its own (cut from the segment by character offsets,
 * the default) or its whole segment's, as LayoutLMv3 was fine-tuned (every word of an OCR line
 * shares the line's box). A model folder remembers the choice it was trained with in
 * {@code config.json} under {@link #CONFIG_KEY}; runs use it unless told otherwise. Label files
 * keep the word boxes either way: only the model's input changes.
 */
public enum BoxLevel {
    WORD, SEGMENT;

    /** Our entry in {@code config.json} (transformers keeps unknown keys and ignores them). */
    public static final String CONFIG_KEY = "layoutlens_box_level";

    /** {@code word} or {@code segment}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** What a run's summary says: {@code word-level boxes}. */
    public String describe() {
        return id() + "-level boxes";
    }

    /** The level of {@code word} or {@code segment}. */
    public static BoxLevel parse(String text) {
        for (BoxLevel l : values()) {
            if (l.id().equals(text.trim().toLowerCase(Locale.ROOT))) {
                return l;
            }
        }
        throw new IllegalArgumentException("boxes must be word or segment, got '" + text + "'");
    }

    /**
     * The words as the model reads them: unchanged at word level; at segment level each with
     * its segment's axis-aligned box.
     */
    public List<Word> apply(Receipt receipt, List<Word> words) {
        if (this == WORD) {
            return words;
        }
        Map<Integer, Box> boxes = new HashMap<>();
        for (Segment s : receipt.segments()) {
            boxes.put(s.index(), s.box());
        }
        List<Word> out = new ArrayList<>(words.size());
        for (Word w : words) {
            Box b = boxes.getOrDefault(w.segment(), w.box());
            out.add(new Word(w.segment(), w.index(), b, w.text(), w.charStart(), w.charEnd()));
        }
        return out;
    }

    /** The level a model folder was trained with; word level when it does not say. */
    public static BoxLevel ofFolder(Path folder) throws ModelFolderException {
        JsonNode n = ConfigJson.entry(folder, CONFIG_KEY);
        if (n == null) {
            return WORD;
        }
        try {
            return parse(n.asText());
        } catch (IllegalArgumentException e) {
            throw new ModelFolderException(ConfigJson.file(folder) + ": " + CONFIG_KEY + " " + e.getMessage().substring("boxes ".length()),
                    e);
        }
    }

    /** Records this level in a folder's {@code config.json} (rewritten in place). */
    public void writeTo(Path folder) throws IOException {
        ConfigJson.update(folder, root -> {
            root.put(CONFIG_KEY, id());
            return true;
        });
    }
}
