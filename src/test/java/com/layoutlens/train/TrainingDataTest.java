package com.layoutlens.train;

import com.layoutlens.data.LabelFile;
import com.layoutlens.data.LabelSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TrainingDataTest {

    @Test
    void aReceiptWhoseLabelFileCannotBeReadIsLeftOutNotTrainedOnOtherLabels(@TempDir Path dir) throws Exception {
        Files.createDirectories(dir.resolve("box"));
        Files.createDirectories(dir.resolve("key"));
        Files.createDirectories(dir.resolve("labels"));
        for (String id : List.of("broken", "good")) {
            Files.writeString(dir.resolve("box/" + id + ".csv"), "1,2,60,2,60,12,1,12,ACME\n1,20,60,20,60,30,1,30,9.90\n");
            Files.writeString(dir.resolve("key/" + id + ".json"), "{\"company\":\"ACME\",\"total\":\"9.90\"}");
        }
        Files.writeString(dir.resolve("labels/broken.csv"), "segment;word;label\r\n0;0;COMPANY\r\n");
        Files.writeString(dir.resolve("labels/good.csv"), LabelFile.HEADER + "\r\n0,0,1,2,60,12,ACME,COMPANY,\r\n"
                + "1,0,1,20,60,30,9.90,TOTAL,\r\n");

        List<String> skipped = new ArrayList<>();
        List<TrainingData.Item> items = TrainingData.load(dir, LabelSet.sroie(), skipped);

        assertEquals(List.of("good"), items.stream().map(i -> i.receipt().id()).toList());
        assertTrue(skipped.stream().anyMatch(s -> s.startsWith("broken: label file")), skipped.toString());
    }
}
