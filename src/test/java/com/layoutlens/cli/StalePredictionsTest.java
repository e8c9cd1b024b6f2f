package com.layoutlens.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A predict run leaves no earlier model's file behind for a receipt it could not label. */
class StalePredictionsTest {

    @TempDir
    Path tmp;

    private Path data() throws Exception {
        Path data = tmp.resolve("data");
        for (String sub : List.of("box", "img", "key")) {
            Files.createDirectories(data.resolve(sub));
        }
        for (String id : List.of("sample-001", "sample-002", "sample-003")) {
            Files.copy(Path.of("sample-receipts/box/" + id + ".csv"), data.resolve("box/" + id + ".csv"));
            Files.copy(Path.of("sample-receipts/img/" + id + ".jpg"), data.resolve("img/" + id + ".jpg"));
            Files.copy(Path.of("sample-receipts/key/" + id + ".json"), data.resolve("key/" + id + ".json"));
        }
        return data;
    }

    private static CliRun predict(String model, Path data, Path out) {
        return CliRun.of("predict", "--model", model, "--data", data.toString(), "--out", out.toString(),
                "--device", "cpu");
    }

    @Test
    void aReceiptTheNewModelCannotLabelLosesTheOldModelsFile() throws Exception {
        Path data = data();
        Path out = tmp.resolve("pred");
        assertEquals(0, predict("models/demo-layoutlm", data, out).exit());
        assertTrue(Files.isRegularFile(out.resolve("sample-002.csv")));

        Files.writeString(data.resolve("img/sample-002.jpg"), "not an image"); // LayoutLMv2 reads the page
        CliRun r = predict("models/demo-layoutlmv2", data, out);
        assertEquals(1, r.exit(), r.err());
        assertFalse(Files.exists(out.resolve("sample-002.csv")), "the first model's file is gone");
        assertTrue(r.err().contains(out.resolve("sample-002.csv") + ": warning: removed: an earlier run's prediction"),
                r.err());
        assertTrue(Files.isRegularFile(out.resolve("sample-001.csv")));
        assertTrue(Files.isRegularFile(out.resolve("sample-003.csv")));
    }

    @Test
    void aReceiptWhoseBoxFileCannotBeReadLosesItsOldPrediction() throws Exception {
        Path data = data();
        Path out = tmp.resolve("pred");
        assertEquals(0, predict("models/demo-layoutlm", data, out).exit());
        Path box = data.resolve("box/sample-003.csv");
        Files.delete(box);
        Files.createSymbolicLink(box, tmp.resolve("nowhere.csv")); // a dangling link: no receipt to read
        CliRun r = predict("models/demo-layoutlm", data, out);
        assertFalse(Files.exists(out.resolve("sample-003.csv")), r.err());
        assertTrue(r.err().contains("removed: an earlier run's prediction"), r.err());
    }

    @Test
    void aGoldLabelFileInTheOutputFolderIsNeverRemoved() throws Exception {
        Path data = data();
        Path out = Files.createDirectories(tmp.resolve("pred"));
        String gold = "segment,word,x0,y0,x1,y1,text,label,score\r\n0,0,1,1,2,2,MURNI,COMPANY,\r\n";
        Files.writeString(out.resolve("sample-002.csv"), gold);
        Files.writeString(data.resolve("img/sample-002.jpg"), "not an image");
        CliRun r = predict("models/demo-layoutlmv2", data, out);
        assertEquals(1, r.exit(), r.err());
        assertEquals(gold, Files.readString(out.resolve("sample-002.csv")));
        assertTrue(r.err().contains("it is not a prediction"), r.err());
    }

    @Test
    void aFileWithAHeaderAloneIsKept() throws Exception {
        Path data = data();
        Path out = Files.createDirectories(tmp.resolve("pred"));
        String header = "segment,word,x0,y0,x1,y1,text,label,score\r\n";
        Files.writeString(out.resolve("sample-002.csv"), header);
        Files.writeString(data.resolve("img/sample-002.jpg"), "not an image");
        CliRun r = predict("models/demo-layoutlmv2", data, out);
        assertEquals(1, r.exit(), r.err());
        assertEquals(header, Files.readString(out.resolve("sample-002.csv")));
    }
}
