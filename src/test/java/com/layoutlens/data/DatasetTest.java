package com.layoutlens.data;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DatasetTest {

    private static void receipt(Path dir, String id, String box, String key, boolean image) throws IOException {
        Files.createDirectories(dir.resolve("box"));
        Files.createDirectories(dir.resolve("key"));
        Files.createDirectories(dir.resolve("img"));
        Files.writeString(dir.resolve("box/" + id + ".csv"), box);
        if (key != null) {
            Files.writeString(dir.resolve("key/" + id + ".json"), key);
        }
        if (image) {
            ImageIO.write(new BufferedImage(120, 80, BufferedImage.TYPE_INT_RGB), "jpg", dir.resolve("img/" + id + ".jpg").toFile());
        }
    }

    @Test
    void aFolderWithBrokenFilesStillOpensAndListsEveryProblem(@TempDir Path dir) throws IOException {
        receipt(dir, "001", "1,2,3,2,3,4,1,4,GOOD\n", "{\"company\":\"A\",\"date\":\"B\",\"address\":\"C\",\"total\":\"1\"}", true);
        receipt(dir, "002", "1,2,3,2,3,4,1,4,NO IMAGE\n1,2,BROKEN\n", "{\"company\":\"A\",\"date\":\"B\",\"total\":\"1\"}", false);
        receipt(dir, "003", "1,2,3,2,3,4,1,4,BAD IMAGE\n", "{not json", false);
        Files.writeString(dir.resolve("img/003.jpg"), "this is not a jpeg");
        receipt(dir, "004", "1,2,3,2,3,4,1,4,NO KEY\n", null, true);

        Dataset ds = Dataset.load(dir);
        assertEquals(List.of("001", "002", "003", "004"), ds.receipts().stream().map(Receipt::id).toList());
        Receipt good = ds.receipt("001");
        assertEquals(120, good.width());
        assertEquals(80, good.height());
        assertNotNull(good.image());
        Receipt noImage = ds.receipt("002");
        assertNull(noImage.image());
        assertEquals(4, noImage.width(), "falls back to the extent of the boxes");
        assertNull(ds.receipt("003").image());
        assertNull(ds.receipt("003").keys());
        assertNull(ds.receipt("004").keys());

        List<String> messages = ds.problems().stream().map(Problem::toString).toList();
        assertTrue(messages.stream().anyMatch(m -> m.contains("002.csv") && m.contains("no image")), messages.toString());
        assertTrue(messages.stream().anyMatch(m -> m.contains("002.csv:2") && m.contains("found only 3 fields")), messages.toString());
        assertTrue(messages.stream().anyMatch(m -> m.contains("002.json") && m.contains("no 'address' field")), messages.toString());
        assertTrue(messages.stream().anyMatch(m -> m.contains("003.jpg") && m.contains("image not readable")), messages.toString());
        assertTrue(messages.stream().anyMatch(m -> m.contains("003.json") && m.contains("not valid JSON")), messages.toString());
    }

    @Test
    void labelFilesAreReadFromTheLabelsFolder(@TempDir Path dir) throws IOException {
        receipt(dir, "001", "1,2,30,2,30,4,1,4,HELLO WORLD\n", null, true);
        Receipt bare = Dataset.load(dir).receipt("001");
        assertNull(bare.labels());
        List<LabelRow> rows = bare.words().stream().map(w -> LabelRow.of(w, "O", null)).toList();
        LabelFile.write(dir.resolve("labels/001.csv"), rows);
        Receipt labelled = Dataset.load(dir).receipt("001");
        assertEquals(rows, labelled.labels());
    }

    @Test
    void aFolderWithoutBoxFilesIsAClearError(@TempDir Path dir) {
        IOException e = assertThrows(IOException.class, () -> Dataset.load(dir));
        assertTrue(e.getMessage().contains("no 'box' folder"), e.getMessage());
        assertThrows(IOException.class, () -> Dataset.load(dir.resolve("missing")));
    }
}
