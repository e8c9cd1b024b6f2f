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
    void theCompetitionsTxtFilesAreReadAndOurOwnNamesWin(@TempDir Path dir) throws IOException {
        receipt(dir, "001", "1,2,3,2,3,4,1,4,FROM CSV\n", "{\"company\":\"JSON\",\"date\":\"d\",\"address\":\"a\",\"total\":\"1\"}", true);
        Files.writeString(dir.resolve("box/001.txt"), "1,2,3,2,3,4,1,4,FROM TXT\n");
        Files.writeString(dir.resolve("key/001.txt"), "{\"company\":\"TXT\",\"date\":\"d\",\"address\":\"a\",\"total\":\"1\"}");
        // as the SROIE download ships them: box/ID.txt and key/ID.txt only
        Files.writeString(dir.resolve("box/X51005.txt"), "1,2,3,2,3,4,1,4,TOTAL\n");
        Files.writeString(dir.resolve("key/X51005.txt"), "{\"company\":\"SHOP\",\"date\":\"d\",\"address\":\"a\",\"total\":\"9.00\"}");
        ImageIO.write(new BufferedImage(60, 40, BufferedImage.TYPE_INT_RGB), "jpg", dir.resolve("img/X51005.jpg").toFile());

        Dataset ds = Dataset.load(dir);
        assertEquals(List.of("001", "X51005"), ds.receipts().stream().map(Receipt::id).toList());
        assertEquals("FROM CSV", ds.receipt("001").segments().get(0).text());
        assertEquals("JSON", ds.receipt("001").keys().get("company"));
        assertEquals("TOTAL", ds.receipt("X51005").segments().get(0).text());
        assertEquals("9.00", ds.receipt("X51005").keys().get("total"));
        assertTrue(ds.problems().isEmpty(), ds.problems().toString());
    }

    @Test
    void aFolderWithoutBoxFilesIsAClearError(@TempDir Path dir) {
        IOException e = assertThrows(IOException.class, () -> Dataset.load(dir));
        assertTrue(e.getMessage().contains("no 'box' folder"), e.getMessage());
        assertThrows(IOException.class, () -> Dataset.load(dir.resolve("missing")));
    }
}
