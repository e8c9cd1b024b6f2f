package com.layoutlens.spark;

import com.layoutlens.cli.CliRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Spark job in {@code local[2]} over a folder of another format than SROIE: the label files of {@code predict}. */
class ReceiptJobFormatsTest {

    private static final Path MODEL = Path.of("models/demo-layoutlm");
    private static final Path FUNSD = Path.of("src/test/resources/formats/funsd");

    @Test
    void aFunsdFolderIsLabelledAsPredictLabelsItAndNothingIsLeftBesideTheOutput(@TempDir Path tmp) throws IOException {
        Path byPredict = tmp.resolve("predict");
        CliRun p = CliRun.of("predict", "--model", MODEL.toString(), "--data", FUNSD.toString(), "--out",
                byPredict.toString());
        assertEquals(0, p.exit(), p.err());
        Path job = tmp.resolve("job").resolve("labels");
        // what a killed driver of an earlier run left beside the output (its process gone) is cleared
        Path leftover = Files.createDirectories(tmp.resolve("job/.labels.staging-999999999-x/box"));
        Files.writeString(leftover.resolve("a.csv"), "1,1,2,1,2,2,1,2,A\n");
        ReceiptJob.Summary s = ReceiptJob.run(SparkTestSession.get(), new ReceiptJob.Options(MODEL.toString(),
                FUNSD.toString(), job.toString(), null, "csv", 2, "cpu", 2, 0, null).withDataFormat("auto"));
        assertEquals(2, s.written(), s.problems().toString());
        assertEquals(0, s.failed());
        ReceiptJobTest.assertSameFiles(byPredict, job);
        // the words keep the boxes the funsd annotations give them, not boxes cut from their entity's
        assertTrue(Files.readString(job.resolve("form_0001.csv")).contains(",160,80,212,98,Doe,"),
                Files.readString(job.resolve("form_0001.csv")));
        try (Stream<Path> beside = Files.list(tmp.resolve("job"))) {
            assertEquals(List.of("labels"), beside.map(f -> f.getFileName().toString()).toList(),
                    "the staged receipts are removed");
        }
    }

    @Test
    void receiptsTheFormatsReaderLeavesOutAreSkippedAsPredictSkipsThem(@TempDir Path tmp) throws IOException {
        Path hf = tmp.resolve("hf");
        assertEquals(0, CliRun.of("export", "--data", "sample-receipts", "--format", "hf", "--out", hf.toString()).exit());
        Path jsonl = hf.resolve("data.jsonl");
        List<String> lines = new java.util.ArrayList<>(Files.readAllLines(jsonl));
        int total = lines.size();
        lines.set(1, "{ not json");
        lines.set(2, lines.get(2).replace("\"image\":\"images/", "\"image\":\"../../"));
        Files.write(jsonl, lines);
        CliRun p = CliRun.of("predict", "--model", MODEL.toString(), "--data", hf.toString(), "--out",
                tmp.resolve("predict").toString());
        assertEquals(1, p.exit(), p.err());
        assertTrue(p.out().contains((total - 2) + " of " + total + " receipts"), p.out());
        ReceiptJob.Summary s = ReceiptJob.run(SparkTestSession.get(), new ReceiptJob.Options(MODEL.toString(),
                hf.toString(), tmp.resolve("job").toString(), null, "csv", 2, "cpu", 2, 0, null).withDataFormat("auto"));
        assertEquals(total, s.receipts(), s.problems().toString());
        assertEquals(total - 2, s.written());
        assertEquals(2, s.skipped());
    }

    @Test
    void aFormatThatDoesNotReadTheFolderIsNamedInTheError(@TempDir Path tmp) {
        IOException e = org.junit.jupiter.api.Assertions.assertThrows(IOException.class, () -> ReceiptJob.run(
                SparkTestSession.get(), new ReceiptJob.Options(MODEL.toString(), FUNSD.toString(),
                        tmp.resolve("out").toString(), null, "csv", 2, "cpu", 2, 0, null).withDataFormat("nope")));
        assertTrue(e.getMessage().contains("--data-format") && e.getMessage().contains("nope"), e.getMessage());
    }

    @Test
    void aFolderNoFormatRecognisesIsBadInputNamedAsGiven(@TempDir Path tmp) throws IOException {
        Path odd = Files.createDirectories(tmp.resolve("odd"));
        Files.writeString(odd.resolve("notes.txt"), "not receipts");
        IOException e = org.junit.jupiter.api.Assertions.assertThrows(IOException.class, () -> ReceiptJob.run(
                SparkTestSession.get(), new ReceiptJob.Options(MODEL.toString(), odd.toString(),
                        tmp.resolve("out").toString(), null, "csv", 2, "cpu", 2, 0, null)));
        assertTrue(e instanceof ReceiptJob.InputException, "a usage error (exit 2), not a failed job: " + e);
        assertTrue(e.getMessage().contains(odd.toString()) && e.getMessage().contains("--data-format"), e.getMessage());
    }
}
