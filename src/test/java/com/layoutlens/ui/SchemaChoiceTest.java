package com.layoutlens.ui;

import com.layoutlens.data.LabelSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SchemaChoiceTest {

    @Test
    void offersTheBuiltInSchemasThenAFile() throws Exception {
        SchemaChoice c = new SchemaChoice(LabelSet.resolve("funsd"));
        List<String> choices = c.choices();
        assertEquals(LabelSet.BUILT_IN, choices.subList(0, choices.size() - 1));
        assertEquals(SchemaChoice.FROM_FILE, choices.get(choices.size() - 1));
        assertEquals("funsd", c.preselected());
        assertTrue(c.header(Path.of("r")).startsWith("The label schema of r (now "));
    }

    @Test
    void aFolderWithAnotherSchemaAsksForARebuild(@TempDir Path dir) throws Exception {
        List<LabelSet> asked = new ArrayList<>();
        SchemaChoice c = new SchemaChoice(LabelSet.sroie());
        try {
            assertFalse(c.rebuildsFor(dir), "nobody rebuilds");
            c.onChange((folder, s) -> asked.add(s));
            assertFalse(c.rebuildsFor(dir), "nothing to go by: sroie, as now");
            Files.createDirectories(dir.resolve("labels"));
            Files.writeString(dir.resolve("labels/r.csv"), "segment,word,x0,y0,x1,y1,text,label,score\n"
                    + "0,0,1,1,2,2,A,B-TOTAL,\n");
            assertTrue(c.rebuildsFor(dir));
            assertEquals("sroie-bio", asked.get(0).name());
            c.use(dir, "funsd");
            assertEquals("funsd", asked.get(1).name());
            assertEquals("funsd", AppSchema.remembered(dir));
        } finally {
            AppSchema.forget(dir);
        }
    }

    @Test
    void aModelWithAnotherSchemaOnAFolderWithoutOneRebuildsTheWindowAndCarriesTheRun(@TempDir Path dir)
            throws Exception {
        Path funsdModel = com.layoutlens.model.SchemaHeads.withHead(Path.of("models/demo-layoutlm"),
                dir.resolve("funsd-model"), LabelSet.resolve("funsd"), tag -> 0, true);
        Path folder = dir.resolve("receipts");
        Files.createDirectories(folder);
        List<LabelSet> asked = new ArrayList<>();
        SchemaChoice c = new SchemaChoice(LabelSet.sroie());
        try {
            assertFalse(c.rebuildsForModel(folder, funsdModel, Slot.B), "nobody rebuilds");
            c.onChange((f, s) -> asked.add(s));
            assertFalse(c.rebuildsForModel(folder, Path.of("models/demo-layoutlm"), Slot.A), "it fits: runs here");
            assertTrue(asked.isEmpty());
            assertTrue(c.rebuildsForModel(folder, funsdModel, Slot.B));
            assertEquals("funsd", asked.get(0).name());
            assertEquals(new SchemaChoice.ModelRun(funsdModel, Slot.B), c.pending());
            assertEquals(null, AppSchema.remembered(folder), "a model's schema is not remembered for the folder");

            SchemaChoice withOwn = new SchemaChoice(LabelSet.sroie());
            withOwn.onChange((f, s) -> asked.add(s));
            withOwn.use(folder, "sroie");
            asked.clear();
            assertFalse(withOwn.rebuildsForModel(folder, funsdModel, Slot.A),
                    "the folder has its own schema: the run says the labels do not fit");
            assertTrue(asked.isEmpty());
            assertEquals(null, withOwn.pending());
        } finally {
            AppSchema.forget(folder);
        }
    }
}
