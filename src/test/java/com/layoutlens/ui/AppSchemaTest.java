package com.layoutlens.ui;

import com.layoutlens.data.LabelSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
}
