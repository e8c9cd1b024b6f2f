package com.layoutlens.model.encode;

import com.layoutlens.data.Box;
import com.layoutlens.data.Receipt;
import com.layoutlens.data.Segment;
import com.layoutlens.data.Word;
import com.layoutlens.model.ModelFolderException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BoxLevelTest {

    @TempDir
    Path tmp;

    private static Receipt receipt() {
        return new Receipt("r", null, 500, 800, List.of(Segment.of(0, new Box(10, 20, 210, 40), "TOTAL RM 12.50"),
                Segment.of(3, new Box(10, 60, 110, 80), "CASH")), null, null);
    }

    @Test
    void segmentLevelGivesEveryWordItsLinesBoxAndKeepsTheRest() {
        Receipt r = receipt();
        List<Word> words = r.words();
        List<Word> segment = BoxLevel.SEGMENT.apply(r, words);
        assertEquals(words.size(), segment.size());
        for (int i = 0; i < words.size(); i++) {
            Word w = words.get(i);
            Word s = segment.get(i);
            assertEquals(w.key(), s.key());
            assertEquals(w.text(), s.text());
            assertEquals(w.segment() == 0 ? new Box(10, 20, 210, 40) : new Box(10, 60, 110, 80), s.box());
        }
        assertTrue(!words.get(1).box().equals(segment.get(1).box()), "a word inside a line had its own box");
        assertSame(words, BoxLevel.WORD.apply(r, words));
    }

    @Test
    void aFolderRemembersItsLevelAndDefaultsToWord() throws Exception {
        Files.writeString(tmp.resolve("config.json"), "{\"model_type\": \"layoutlmv3\", \"vocab_size\": 10}");
        assertEquals(BoxLevel.WORD, BoxLevel.ofFolder(tmp));
        BoxLevel.SEGMENT.writeTo(tmp);
        assertEquals(BoxLevel.SEGMENT, BoxLevel.ofFolder(tmp));
        assertTrue(Files.readString(tmp.resolve("config.json")).contains("\"vocab_size\" : 10"));
        Files.writeString(tmp.resolve("config.json"), "{\"layoutlens_box_level\": \"line\"}");
        ModelFolderException e = assertThrows(ModelFolderException.class, () -> BoxLevel.ofFolder(tmp));
        assertTrue(e.getMessage().contains("layoutlens_box_level must be word or segment, got 'line'"), e.getMessage());
    }

    @Test
    void parsesItsNames() {
        assertEquals(BoxLevel.SEGMENT, BoxLevel.parse(" Segment"));
        assertEquals("word-level boxes", BoxLevel.WORD.describe());
        assertThrows(IllegalArgumentException.class, () -> BoxLevel.parse("page"));
    }
}
