package com.layoutlens.ui;

import com.layoutlens.data.LabelSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AppSchemaTest {

    @Test
    void givenThenRememberedElseFromTheLabelFiles(@TempDir Path dir) throws Exception {
        try {
            assertEquals("sroie", AppSchema.choose(null, dir).name(), "nothing to go by");
            Files.createDirectories(dir.resolve("labels"));
            Files.writeString(dir.resolve("labels/r.csv"), "segment,word,x0,y0,x1,y1,text,label,score\n"
                    + "0,0,1,1,2,2,A,B-TOTAL,\n0,1,1,1,2,2,B,I-TOTAL,\n");
            assertEquals("sroie-bio", AppSchema.choose(null, dir).name(), "from the tags in labels/");
            assertEquals("funsd", AppSchema.choose("funsd", dir).name());
            assertEquals("funsd", AppSchema.choose(null, dir).name(), "remembered for the folder");
            assertEquals(LabelSet.sroie(), AppSchema.choose(null, null));
        } finally {
            AppSchema.forget(dir);
        }
        assertEquals("sroie-bio", AppSchema.choose(null, dir).name());
    }

    @Test
    void withoutAFolderSchemaTheModelsLabelsDecide(@TempDir Path dir) throws Exception {
        Path funsdModel = com.layoutlens.model.SchemaHeads.withHead(Path.of("models/demo-layoutlm"),
                dir.resolve("funsd-model"), LabelSet.resolve("funsd"), tag -> 0, true);
        Path folder = dir.resolve("receipts");
        Files.createDirectories(folder);
        try {
            assertEquals("funsd", AppSchema.choose(null, folder, funsdModel).name(), "no labels: the model's schema");
            assertEquals("sroie", AppSchema.choose(null, folder, Path.of("models/demo-layoutlm")).name());
            assertEquals("sroie", AppSchema.choose(null, folder, dir.resolve("no-model")).name(),
                    "an unreadable model: sroie, its run says why");
            assertEquals("sroie-iobes", AppSchema.choose("sroie-iobes", folder, funsdModel).name(), "given first");
            AppSchema.forget(folder);
            Files.createDirectories(folder.resolve("labels"));
            Files.writeString(folder.resolve("labels/r.csv"), "segment,word,x0,y0,x1,y1,text,label,score\n"
                    + "0,0,1,1,2,2,A,TOTAL,\n");
            assertEquals("sroie", AppSchema.choose(null, folder, funsdModel).name(), "the folder's own labels first");
            assertTrue(AppSchema.fits(Path.of("models/demo-layoutlm"), LabelSet.sroie()));
            assertTrue(AppSchema.fits(funsdModel, LabelSet.resolve("funsd")));
            assertFalse(AppSchema.fits(funsdModel, LabelSet.sroie()));
        } finally {
            AppSchema.forget(folder);
        }
    }
}
