package com.layoutlens.spark;

import com.layoutlens.cli.CliRun;
import com.layoutlens.data.Dataset;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The job's command line ({@code installer/spark-predict.sh} runs it) on the shared
 * {@code local[2]} session: the files it writes are those of {@code evaluate --json} and
 * {@code compare --json}, and bad input (a model, receipt or gold folder that is not there or
 * not usable, a gold folder that matches no receipt) is said in one line with exit code 2,
 * never as a stack trace.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SparkPredictTest {

    private static final Path SAMPLES = Path.of("sample-receipts");
    private static final Path MODEL = Path.of("models/demo-layoutlm");
    private static final Path MODEL_V2 = Path.of("models/demo-layoutlmv2");

    @TempDir
    static Path tmp;

    private Path data;

    /** What one run of the command line did. */
    private record Run(int exit, String out, String err) {
    }

    @BeforeAll
    void fourReceipts() throws IOException {
        SparkTestSession.get(); // the command uses the session that is running and leaves it running
        data = tmp.resolve("data");
        for (String dir : List.of(Dataset.BOX, Dataset.IMG, Dataset.KEY)) {
            Files.createDirectories(data.resolve(dir));
        }
        for (int i = 1; i <= 4; i++) {
            String id = String.format("sample-%03d", i);
            Files.copy(SAMPLES.resolve("box/" + id + ".csv"), data.resolve("box/" + id + ".csv"));
            Files.copy(SAMPLES.resolve("img/" + id + ".jpg"), data.resolve("img/" + id + ".jpg"));
            Files.copy(SAMPLES.resolve("key/" + id + ".json"), data.resolve("key/" + id + ".json"));
        }
    }

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = SparkPredict.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    private static void assertOneLineError(Run r, String expected) {
        assertEquals(SparkPredict.USAGE, r.exit(), r.err());
        assertTrue(r.err().contains("error: " + expected), r.err());
        assertFalse(r.err().contains("\tat "), "no stack trace: " + r.err());
    }

    @Test
    void theEvaluationAndComparisonFilesAreWhatEvaluateAndCompareJsonPrint() throws IOException {
        Path gold = tmp.resolve("gold");
        Path keys = tmp.resolve("keys");
        Files.createDirectories(gold);
        Files.createDirectories(keys);
        for (int i = 1; i <= 4; i++) {
            String id = String.format("sample-%03d", i);
            Files.copy(SAMPLES.resolve("labels/" + id + ".csv"), gold.resolve(id + ".csv"));
            Files.copy(SAMPLES.resolve("key/" + id + ".json"), keys.resolve(id + ".json"));
        }
        Path a = tmp.resolve("a");
        Path b = tmp.resolve("b");
        Path eval = tmp.resolve("a-eval.json");
        Path compare = tmp.resolve("compare.json");
        String rules = "total-keyword,company-top";
        Run r = run("--model", MODEL.toString(), "--model-b", MODEL_V2.toString(), "--data", data.toString(),
                "--out", a.toString(), "--out-b", b.toString(), "--gold", gold.toString(), "--keys", keys.toString(),
                "--rules", rules, "--eval-out", eval.toString(), "--compare-out", compare.toString(),
                "--batch", "2", "--device", "cpu");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("4 of 4 receipts labelled"), r.out());
        assertTrue(r.out().contains("model B: 4 of 4 receipts labelled -> " + b), r.out());

        CliRun e = CliRun.of("evaluate", "--gold", gold.toString(), "--pred", a.toString(), "--keys", keys.toString(),
                "--rules", rules, "--json");
        assertEquals(0, e.exit(), e.err());
        assertArrayEquals(e.out().getBytes(StandardCharsets.UTF_8), Files.readAllBytes(eval));
        CliRun c = CliRun.of("compare", "--gold", gold.toString(), "--pred", a.toString(), "--pred", b.toString(),
                "--keys", keys.toString(), "--rules", rules, "--json");
        assertEquals(0, c.exit(), c.err());
        assertArrayEquals(c.out().getBytes(StandardCharsets.UTF_8), Files.readAllBytes(compare));
        assertTrue(c.out().contains("\"mcnemar\""), "the comparison has its paired tests");
        assertEquals("", Files.readString(Path.of(a + ".problems.txt")), "every receipt labelled");
    }

    @Test
    void aGoldFolderThatMatchesNoReceiptWritesNeitherEvaluationNorComparison() throws IOException {
        Path gold = tmp.resolve("other-gold");
        Files.createDirectories(gold);
        Files.copy(SAMPLES.resolve("labels/sample-009.csv"), gold.resolve("sample-009.csv"));
        Path out = tmp.resolve("unmatched");
        Path eval = tmp.resolve("unmatched-eval.json");
        Path compare = tmp.resolve("unmatched-compare.json");
        Run r = run("--model", MODEL.toString(), "--model-b", MODEL.toString(), "--data", data.toString(),
                "--out", out.toString(), "--out-b", tmp.resolve("unmatched-b").toString(), "--gold", gold.toString(),
                "--eval-out", eval.toString(), "--compare-out", compare.toString(), "--device", "cpu");
        assertOneLineError(r, "nothing to evaluate: no gold receipt has a matching prediction in " + out
                + " (1 gold files in " + gold + "); " + eval + " not written");
        assertTrue(r.err().contains("error: nothing to compare: "), r.err());
        assertTrue(r.err().contains("no prediction for gold receipt sample-009"), "the evaluation's problems: " + r.err());
        assertFalse(Files.exists(eval));
        assertFalse(Files.exists(compare));
        try (var files = Files.list(out)) {
            assertEquals(4, files.count(), "the receipts are labelled all the same");
        }
    }

    @Test
    void aModelFolderThatIsNotThereIsSaidBeforeTheJob() {
        Path missing = tmp.resolve("no-model");
        Path out = tmp.resolve("no-model-out");
        Run r = run("--model", missing.toString(), "--data", data.toString(), "--out", out.toString());
        assertOneLineError(r, "--model " + missing + ": no such model folder");
        assertFalse(Files.exists(out), "nothing labelled");
        Run b = run("--model", MODEL.toString(), "--model-b", missing.toString(), "--out-b", tmp.resolve("x").toString(),
                "--data", data.toString(), "--out", out.toString());
        assertOneLineError(b, "--model-b " + missing + ": no such model folder");
    }

    /** Every file under the folder with its SHA-256. */
    private static java.util.Map<String, String> hashes(Path dir) throws IOException {
        java.util.Map<String, String> m = new java.util.TreeMap<>();
        try (var files = Files.walk(dir)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                m.put(dir.relativize(f).toString(), com.layoutlens.data.Sha256.hexOf(f));
            }
        }
        return m;
    }

    @Test
    void noOutputLandsOnWhatTheJobReadsNorOnAnotherOutput() throws IOException {
        Path gold = Files.createDirectories(tmp.resolve("guard-gold"));
        Files.writeString(gold.resolve("sample-001.csv"), "hand-made gold");
        var before = hashes(data);
        Path alias = Files.createSymbolicLink(tmp.resolve("guard-alias"), tmp);
        String m = MODEL.toString();
        String d = data.toString();
        String[][] refused = {
            {"--out", d},
            {"--out", data.resolve("box").toString()},
            {"--out", data.resolve("img/sub").toString()},
            {"--out", data.resolve("labels").toString()},
            {"--out", "file://" + data.resolve("key").toAbsolutePath()},
            {"--out", tmp.resolve("g-a").toString(), "--model-b", MODEL_V2.toString(), "--out-b", data.resolve("box").toString()},
            {"--out", tmp.resolve("g-a").toString(), "--model-b", MODEL_V2.toString(), "--out-b", alias.resolve("g-a") + "/"},
            {"--out", tmp.resolve("g-a").toString(), "--problems", data.resolve("box/sample-001.csv").toString()},
            {"--out", tmp.resolve("g-a").toString(), "--problems", tmp.resolve("g-a/sample-001.csv").toString()},
            {"--out", tmp.resolve("g-a").toString(), "--gold", gold.toString(), "--eval-out", data.resolve("key/x.json").toString()},
            {"--out", gold.toString(), "--gold", gold.toString(), "--eval-out", tmp.resolve("e.json").toString()},
            {"--out", tmp.resolve("g-a").toString(), "--gold", gold.toString(), "--model-b", MODEL_V2.toString(),
                "--out-b", tmp.resolve("g-b").toString(), "--eval-out", tmp.resolve("same.json").toString(),
                "--compare-out", tmp.resolve("same.json").toString()},
            {"--out", tmp.resolve("g-a").toString(), "--device", "tpu"},
            {"--out", tmp.resolve("g-a").toString(), "--threads", "100000"},
            {"--out", tmp.resolve("g-a").toString(), "--partitions", "-1"},
        };
        for (String[] args : refused) {
            List<String> all = new java.util.ArrayList<>(List.of("--model", m, "--data", d));
            all.addAll(List.of(args));
            Run r = run(all.toArray(String[]::new));
            assertEquals(SparkPredict.USAGE, r.exit(), all + "\n" + r.err());
            assertTrue(r.err().startsWith("error: "), r.err());
            assertFalse(r.err().contains("\tat "), "no stack trace: " + r.err());
        }
        assertEquals(before, hashes(data), "nothing in the receipt folder changed");
        assertEquals("hand-made gold", Files.readString(gold.resolve("sample-001.csv")));
        assertFalse(Files.exists(tmp.resolve("g-a")), "nothing labelled");
    }

    @Test
    void modelBsLabelFilesAreInItsOwnSchemaAsPredictWritesThem() throws Exception {
        com.layoutlens.data.LabelSet bio = com.layoutlens.data.LabelSet.resolve("sroie-bio");
        Path bioModel = com.layoutlens.model.SchemaHeads.withHead(MODEL, tmp.resolve("b-bio-model"), bio,
                tag -> tag.startsWith("I-") ? -0.5 : 0, false);
        Path byPredict = tmp.resolve("b-predict");
        com.layoutlens.cli.CliRun p = com.layoutlens.cli.CliRun.of("predict", "--model", bioModel.toString(), "--data",
                data.toString(), "--out", byPredict.toString(), "--batch", "2", "--no-cache");
        assertEquals(0, p.exit(), p.err());
        assertTrue(Files.readString(byPredict.resolve("sample-001.csv")).contains(",B-"), "predict wrote BIO tags");
        Run r = run("--model", MODEL.toString(), "--model-b", bioModel.toString(), "--data", data.toString(),
                "--out", tmp.resolve("b-a").toString(), "--out-b", tmp.resolve("b-b").toString(), "--batch", "2");
        assertEquals(0, r.exit(), r.err());
        ReceiptJobTest.assertSameFiles(byPredict, tmp.resolve("b-b"));
        assertFalse(Files.readString(tmp.resolve("b-a/sample-001.csv")).contains(",B-"), "model A's own IO tags");
    }

    @Test
    void aFolderThatIsNoModelIsSaidWithItsFile() throws IOException {
        Path broken = Files.createDirectories(tmp.resolve("broken-model"));
        Files.writeString(broken.resolve("config.json"), "{ not json");
        Run r = run("--model", broken.toString(), "--data", data.toString(), "--out", tmp.resolve("bm").toString());
        assertOneLineError(r, "--model " + broken + ": not a usable model folder: ");
        assertTrue(r.err().contains(broken.resolve("config.json").toString()), r.err());
    }

    @Test
    void aModelWithoutATokenizerAndAParquetFolderThatExistsAreSaidBeforeTheJob() throws IOException {
        Path noTokenizer = Files.createDirectories(tmp.resolve("no-tokenizer"));
        for (String f : List.of("config.json", "model.safetensors")) {
            Files.copy(MODEL.resolve(f), noTokenizer.resolve(f));
        }
        Run r = run("--model", noTokenizer.toString(), "--data", data.toString(), "--out", tmp.resolve("nt").toString());
        assertOneLineError(r, "--model " + noTokenizer + ": not a usable model folder: ");
        assertTrue(r.err().contains("no tokenizer"), r.err());
        Path parquet = Files.createDirectories(tmp.resolve("earlier.parquet"));
        Run q = run("--model", MODEL.toString(), "--data", data.toString(), "--out", parquet.toString(),
                "--format", "parquet");
        assertOneLineError(q, "--out " + parquet + " already exists");
    }

    @Test
    void aModelTheExecutorsCannotOpenFailsTheJobWithTheirMessage() throws IOException {
        // a URI is opened by each executor: the driver only sees that it is there
        Path broken = Files.createDirectories(tmp.resolve("broken-uri-model"));
        Files.writeString(broken.resolve("config.json"), "{ not json");
        Path out = tmp.resolve("bu");
        Run r = run("--model", broken.toUri().toString(), "--data", data.toString(), "--out", out.toString(),
                "--device", "cpu");
        assertEquals(SparkPredict.FAILED, r.exit(), r.err());
        List<String> lines = new ArrayList<>(r.err().lines().toList());
        assertEquals(1, lines.size(), r.err());
        assertTrue(lines.get(0).startsWith("error: the job failed: "), r.err());
        String uri = broken.toUri().toString().replaceFirst("/$", "");
        assertTrue(lines.get(0).contains(uri + "/config.json: not valid JSON"),
                "the executor's message names the file by the model's URI: " + r.err());
    }

    @Test
    void aReceiptOrGoldFolderThatIsNotThereIsAUsageError() {
        Path none = tmp.resolve("no-receipts");
        Run r = run("--model", MODEL.toString(), "--data", none.toString(), "--out", tmp.resolve("nr").toString());
        assertOneLineError(r, none + ": not a folder");
        Path noGold = tmp.resolve("no-gold");
        Run g = run("--model", MODEL.toString(), "--data", data.toString(), "--out", tmp.resolve("ng").toString(),
                "--gold", noGold.toString(), "--eval-out", tmp.resolve("ng.json").toString());
        assertOneLineError(g, noGold + ": not a folder");
    }
}
