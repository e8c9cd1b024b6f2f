package com.layoutlens.spark;

import com.layoutlens.cli.CliRun;
import com.layoutlens.data.Dataset;
import com.layoutlens.data.OcrCorrections;
import com.layoutlens.data.LabelFile;
import com.layoutlens.data.LabelRow;
import com.layoutlens.data.LabelSet;
import com.layoutlens.data.Problem;
import com.layoutlens.eval.RuleEffect;
import com.layoutlens.service.EvaluationExport;
import org.apache.spark.TaskEndReason;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The Spark job in {@code local[2]} against the command line on the same receipts: the same
 * label files byte for byte, the same evaluation, a broken receipt reported without failing
 * the job, and a task that dies half-way retried without leaving anything twice.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReceiptJobTest {

    private static final Path SAMPLES = Path.of("sample-receipts");
    private static final Path MODEL = Path.of("models/demo-layoutlm");
    private static final Path MODEL_V2 = Path.of("models/demo-layoutlmv2");

    @TempDir
    static Path tmp;

    private SparkSession spark;
    private Path predicted;
    private String evaluateJson;

    @BeforeAll
    void predictWithTheCommandLine() {
        spark = SparkTestSession.get();
        predicted = tmp.resolve("predict");
        // batches of 2 windows: the predictor's chunks are 8 receipts, so the job's partitions are several
        CliRun p = CliRun.of("predict", "--model", MODEL.toString(), "--data", SAMPLES.toString(),
                "--out", predicted.toString(), "--batch", "2");
        assertEquals(0, p.exit(), p.err());
        CliRun e = CliRun.of("evaluate", "--gold", SAMPLES.resolve("labels").toString(), "--pred",
                predicted.toString(), "--json");
        assertEquals(0, e.exit(), e.err());
        evaluateJson = e.out().strip();
    }

    private static ReceiptJob.Options options(Path model, Path data, Path out, String gold, String format,
                                              ReceiptJob.FailurePlan failure) {
        return new ReceiptJob.Options(model.toString(), data.toString(), out.toString(), gold, format, 2, "cpu", 3, 0,
                failure);
    }

    @Test
    void labelFilesAndEvaluationAreThoseOfPredictAndEvaluate() throws IOException {
        Path out = tmp.resolve("job");
        ReceiptJob.Summary s = ReceiptJob.run(spark, options(MODEL, SAMPLES, out,
                SAMPLES.resolve("labels").toString(), "csv", null));
        assertEquals(40, s.written());
        assertEquals(0, s.failed());
        assertSameFiles(predicted, out);
        assertEquals(evaluateJson, EvaluationExport.evaluationJson(s.evaluation(), s.causes()));
        assertTrue(evaluateJson.contains("\"causes\" : {"), "the error causes are summed from the partitions too");
        assertEquals(3, s.partitions());
    }

    /**
     * A BIO-tagged model (the demo's head rows copied to B- and I-) on twelve receipts: the job
     * reads the schema from the model folder as predict does, writes its tags as predict does,
     * and evaluates against BIO gold as evaluate does (entities and entities_strict included).
     */
    @Test
    void aBioModelsTagsAndEntityScoresAreThoseOfPredictAndEvaluate() throws Exception {
        com.layoutlens.data.LabelSet bio = com.layoutlens.data.LabelSet.resolve("sroie-bio");
        Path model = com.layoutlens.model.SchemaHeads.withHead(MODEL, tmp.resolve("bio-model"), bio,
                tag -> tag.startsWith("I-") ? -0.5 : 0, false);
        Path data = tmp.resolve("bio-data");
        for (String sub : List.of("box", "img", "key")) {
            Files.createDirectories(data.resolve(sub));
        }
        try (var ids = Files.list(SAMPLES.resolve("box"))) {
            for (Path box : ids.sorted().limit(12).toList()) {
                String id = box.getFileName().toString().replaceFirst("\\.csv$", "");
                Files.copy(box, data.resolve("box").resolve(box.getFileName()));
                Files.copy(SAMPLES.resolve("img/" + id + ".jpg"), data.resolve("img/" + id + ".jpg"));
                Files.copy(SAMPLES.resolve("key/" + id + ".json"), data.resolve("key/" + id + ".json"));
            }
        }
        Path gold = tmp.resolve("bio-gold");
        CliRun a = CliRun.of("align", "--data", data.toString(), "--out", gold.toString(), "--schema", "sroie-bio");
        assertEquals(0, a.exit(), a.err());
        Path pred = tmp.resolve("bio-predict");
        CliRun p = CliRun.of("predict", "--model", model.toString(), "--data", data.toString(), "--out", pred.toString(),
                "--batch", "2", "--no-cache");
        assertEquals(0, p.exit(), p.err());
        CliRun e = CliRun.of("evaluate", "--gold", gold.toString(), "--pred", pred.toString(), "--json");
        assertEquals(0, e.exit(), e.err());
        String tags = Files.readString(pred.resolve("sample-001.csv"));
        assertTrue(tags.contains(",B-"), "predict wrote BIO tags");

        Path out = tmp.resolve("bio-job");
        ReceiptJob.Summary s = ReceiptJob.run(spark, options(model, data, out, gold.toString(), "csv", null)
                .withSchema(com.layoutlens.model.registry.ModelSchemas.of(model)));
        assertEquals(12, s.written());
        assertSameFiles(pred, out);
        assertEquals(e.out().strip(), EvaluationExport.evaluationJson(s.evaluation(), s.causes()));
        assertTrue(e.out().contains("\"entities_strict\""), e.out());
    }

    @Test
    void aTaskKilledHalfWayIsRetriedWithoutDuplicates() throws Exception {
        AtomicInteger failedTasks = new AtomicInteger();
        SparkListener listener = new SparkListener() {
            @Override
            public void onTaskEnd(SparkListenerTaskEnd end) {
                TaskEndReason reason = end.reason();
                if (!(reason instanceof org.apache.spark.Success$)) {
                    failedTasks.incrementAndGet();
                }
            }
        };
        spark.sparkContext().addSparkListener(listener);
        try {
            Path out = tmp.resolve("retried");
            ReceiptJob.Summary s = ReceiptJob.run(spark, options(MODEL, SAMPLES, out, null, "csv",
                    new ReceiptJob.FailurePlan(1, 5)));
            spark.sparkContext().listenerBus().waitUntilEmpty();
            assertEquals(1, failedTasks.get(), "the planned failure happened once and its task was retried");
            assertEquals(40, s.written());
            assertSameFiles(predicted, out);
        } finally {
            spark.sparkContext().removeSparkListener(listener);
        }
    }

    @Test
    void parquetHasOneRowPerWordWithTheLabelFilesColumns() throws IOException {
        Path out = tmp.resolve("words.parquet");
        ReceiptJob.Summary s = ReceiptJob.run(spark, options(MODEL, SAMPLES, out, null, "parquet",
                new ReceiptJob.FailurePlan(0, 3)));
        List<Row> rows = spark.read().parquet(out.toString()).collectAsList();
        assertEquals(s.words(), rows.size());
        Map<String, List<String>> byReceipt = new TreeMap<>();
        for (Row r : rows) {
            byReceipt.computeIfAbsent(r.getString(0), k -> new ArrayList<>()).add(line(r.getInt(1), r.getInt(2),
                    r.getInt(3), r.getInt(4), r.getInt(5), r.getInt(6), r.getString(7), r.getString(8),
                    r.isNullAt(9) ? null : r.getDouble(9)));
        }
        assertEquals(40, byReceipt.size());
        try (Stream<Path> files = Files.list(predicted)) {
            for (Path f : files.toList()) {
                List<String> expected = new ArrayList<>();
                for (LabelRow r : LabelFile.readStrict(f, LabelSet.sroie())) {
                    expected.add(line(r.segment(), r.word(), r.box().x0(), r.box().y0(), r.box().x1(), r.box().y1(),
                            r.text(), r.label(), r.score()));
                }
                List<String> got = byReceipt.get(f.getFileName().toString().replace(".csv", ""));
                got.sort(null);
                expected.sort(null);
                assertEquals(expected, got, f.toString());
            }
        }
    }

    @Test
    void aReceiptWithABrokenImageIsReportedAndTheOthersAreLabelled() throws IOException {
        Path data = tmp.resolve("broken");
        List<String> ids = List.of("sample-001", "sample-002", "sample-003", "sample-004");
        for (String dir : List.of(Dataset.BOX, Dataset.IMG, Dataset.KEY)) {
            Files.createDirectories(data.resolve(dir));
        }
        for (String id : ids) {
            Files.copy(SAMPLES.resolve("box/" + id + ".csv"), data.resolve("box/" + id + ".csv"));
            Files.copy(SAMPLES.resolve("img/" + id + ".jpg"), data.resolve("img/" + id + ".jpg"));
            Files.copy(SAMPLES.resolve("key/" + id + ".json"), data.resolve("key/" + id + ".json"));
        }
        Files.write(data.resolve("img/sample-003.jpg"), "not a JPEG at all".getBytes(StandardCharsets.UTF_8));
        // a box file over the 1 MB limit: refused by its listed size, never read
        Files.writeString(data.resolve("box/huge.csv"), "1,1,2,1,2,2,1,2,WORD\n".repeat(60_000));
        Path out = tmp.resolve("broken-out");
        ReceiptJob.Summary s = ReceiptJob.run(spark, options(MODEL_V2, data, out, null, "csv", null));
        assertEquals(5, s.receipts());
        assertEquals(3, s.written());
        assertEquals(1, s.failed());
        assertEquals(1, s.skipped());
        assertTrue(s.problems().stream().anyMatch(p -> p.file().equals(data + "/box/huge.csv")
                && p.message().contains("over the limit of 1 MB")), s.problems().toString());
        assertFalse(Files.exists(out.resolve("sample-003.csv")));
        assertTrue(Files.exists(out.resolve("sample-004.csv")));
        List<String> about = s.problems().stream().filter(Problem::isError).map(Problem::toString)
                .filter(p -> p.contains("sample-003")).toList();
        assertTrue(about.stream().anyMatch(p -> p.contains("image not readable")), about.toString());
        assertTrue(about.stream().anyMatch(p -> p.contains(data + "/box/sample-003.csv")
                && p.contains("no image") && p.contains("skipped")), about.toString());
    }

    @Test
    void entriesThatAreNoFilesAreNeverOpenedAndSaidAsPredictSaysThem() throws Exception {
        Path data = tmp.resolve("no-files");
        List<String> ids = List.of("sample-001", "sample-002", "sample-003");
        for (String dir : List.of(Dataset.BOX, Dataset.IMG, Dataset.KEY)) {
            Files.createDirectories(data.resolve(dir));
        }
        for (String id : ids) {
            Files.copy(SAMPLES.resolve("box/" + id + ".csv"), data.resolve("box/" + id + ".csv"));
            Files.copy(SAMPLES.resolve("key/" + id + ".json"), data.resolve("key/" + id + ".json"));
        }
        // a FIFO as an image (opening it would wait for ever), a folder and a dangling link as box files
        Process mk = new ProcessBuilder("mkfifo", data.resolve("img/sample-001.jpg").toString()).start();
        assumeTrue(mk.waitFor() == 0, "mkfifo");
        Files.createDirectories(data.resolve("box/folder.csv"));
        Files.createSymbolicLink(data.resolve("box/gone.csv"), tmp.resolve("nothing-there.csv"));
        // a ':' in a receipt id, which a Hadoop path cannot hold: that receipt left out, not the whole job failed
        Files.copy(SAMPLES.resolve("box/sample-004.csv"), data.resolve("box/a:b.csv"));
        Path out = tmp.resolve("no-files-out");
        // an earlier run's prediction for a receipt this run cannot label goes, as predict removes it; gold stays
        Files.createDirectories(out);
        Files.writeString(out.resolve("folder.csv"), "segment,word,x0,y0,x1,y1,text,label,score\n0,0,1,1,2,2,X,O,0.9\n");
        Files.writeString(out.resolve("gone.csv"), "segment,word,x0,y0,x1,y1,text,label,score\n0,0,1,1,2,2,X,O,\n");
        for (String f : List.of("folder.csv", "gone.csv")) {
            Files.setLastModifiedTime(out.resolve(f), java.nio.file.attribute.FileTime.fromMillis(1_000_000_000_000L));
        }
        ReceiptJob.Summary s = ReceiptJob.run(spark, options(MODEL, data, out, null, "csv", null));
        assertFalse(Files.exists(out.resolve("folder.csv")), s.problems().toString());
        assertTrue(Files.exists(out.resolve("gone.csv")), "not a prediction: kept");
        assertTrue(s.problems().stream().anyMatch(p -> p.file().equals(out + "/folder.csv")
                && p.message().startsWith("removed: an earlier run's prediction")), s.problems().toString());
        assertEquals(6, s.receipts(), s.problems().toString());
        assertEquals(3, s.written());
        assertEquals(3, s.skipped());
        for (String f : List.of("img/sample-001.jpg", "box/folder.csv", "box/gone.csv", "box/a:b.csv")) {
            assertTrue(s.problems().stream().anyMatch(p -> p.file().equals(data + "/" + f)
                    && p.message().startsWith("ignored: it ")), f + ": " + s.problems());
        }
        assertTrue(Files.exists(out.resolve("sample-001.csv")), "LayoutLM labels the receipt without its image");
    }

    @Test
    void aFolderWhereALabelFileGoesCostsThatReceiptOnly() throws IOException {
        Path data = tmp.resolve("in-the-way");
        for (String dir : List.of(Dataset.BOX, Dataset.IMG, Dataset.KEY)) {
            Files.createDirectories(data.resolve(dir));
        }
        for (String id : List.of("sample-001", "sample-002", "sample-003")) {
            Files.copy(SAMPLES.resolve("box/" + id + ".csv"), data.resolve("box/" + id + ".csv"));
            Files.copy(SAMPLES.resolve("img/" + id + ".jpg"), data.resolve("img/" + id + ".jpg"));
        }
        Path out = tmp.resolve("in-the-way-out");
        Files.createDirectories(out.resolve("sample-002.csv/sub"));
        ReceiptJob.Summary s = ReceiptJob.run(spark, options(MODEL, data, out, null, "csv", null));
        assertEquals(2, s.written(), s.problems().toString());
        assertEquals(1, s.failed());
        assertTrue(s.problems().stream().anyMatch(p -> p.message().contains("sample-002.csv: a directory is in the way")),
                s.problems().toString());
        assertTrue(Files.isRegularFile(out.resolve("sample-001.csv")) && Files.isRegularFile(out.resolve("sample-003.csv")));
        assertTrue(Files.isDirectory(out.resolve("sample-002.csv/sub")), "the user's folder stays");
        assertFalse(Files.exists(out.resolve("_temporary")));
    }

    @Test
    void foldersOfAKilledTaskAreRemovedAndThoseOfALiveOneKept() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("leftovers"));
        Path dead = Files.createDirectories(dir.resolve("layoutlens-part-999999999-0-abc/box"));
        Files.writeString(dead.resolve("x.csv"), "x");
        Path live = Files.createDirectories(dir.resolve("layoutlens-part-" + ProcessHandle.current().pid() + "-1-def"));
        Path other = Files.createDirectories(dir.resolve("layoutlens-part-mine"));
        assertEquals(1, ReceiptJob.removeLeftovers(dir, "layoutlens-part-"));
        assertFalse(Files.exists(dead.getParent()));
        assertTrue(Files.isDirectory(live) && Files.isDirectory(other));
    }

    @Test
    void ocrCorrectionsAreReadAsPredictReadsThem() throws IOException {
        Path data = tmp.resolve("corrected");
        List<String> ids = List.of("sample-001", "sample-002");
        for (String dir : List.of(Dataset.BOX, Dataset.KEY)) {
            Files.createDirectories(data.resolve(dir));
        }
        for (String id : ids) {
            Files.copy(SAMPLES.resolve("box/" + id + ".csv"), data.resolve("box/" + id + ".csv"));
            Files.copy(SAMPLES.resolve("key/" + id + ".json"), data.resolve("key/" + id + ".json"));
        }
        Path box = data.resolve("box/sample-002.csv");
        OcrCorrections.write(OcrCorrections.file(data, "sample-002"), new OcrCorrections.Corrections(
                List.of(new OcrCorrections.SetText(0, 0, "CORRECTED"), new OcrCorrections.DeleteSegment(1)),
                com.layoutlens.data.Sha256.hexOf(box)));
        Path byPredict = tmp.resolve("corrected-predict");
        CliRun p = CliRun.of("predict", "--model", MODEL.toString(), "--data", data.toString(), "--out",
                byPredict.toString());
        assertEquals(0, p.exit(), p.err());
        Path out = tmp.resolve("corrected-job");
        ReceiptJob.Summary s = ReceiptJob.run(spark, options(MODEL, data, out, null, "csv", null));
        assertEquals(2, s.written());
        assertSameFiles(byPredict, out);
        String labels = Files.readString(out.resolve("sample-002.csv"));
        assertTrue(labels.contains(",CORRECTED,"), "the corrected word is labelled");
        assertFalse(labels.contains("\r\n1,0,"), "the deleted segment has no words");
    }

    @Test
    void onTheRealReceiptsTheLabelFilesAndEvaluationAreThoseOfPredictAndEvaluate() throws IOException {
        Path sroie = Path.of(System.getProperty("layoutlens.sroie", "../shared/sroie"));
        assumeTrue(Files.isDirectory(sroie.resolve("box")), "no SROIE receipts at " + sroie);
        Path gold = tmp.resolve("sroie-gold");
        CliRun.of("align", "--data", sroie.toString(), "--out", gold.toString());
        Path pred = tmp.resolve("sroie-predict");
        CliRun p = CliRun.of("predict", "--model", MODEL.toString(), "--data", sroie.toString(), "--out", pred.toString());
        assertEquals(0, p.exit(), p.err());
        CliRun e = CliRun.of("evaluate", "--gold", gold.toString(), "--pred", pred.toString(), "--json");
        Path out = tmp.resolve("sroie-job");
        ReceiptJob.Summary s = ReceiptJob.run(spark, new ReceiptJob.Options(MODEL.toString(), sroie.toString(),
                out.toString(), gold.toString(), "csv", 8, "cpu", 0, 0, null));
        assertTrue(s.partitions() > 1, "several partitions");
        assertSameFiles(pred, out);
        assertEquals(e.out().strip(), EvaluationExport.evaluationJson(s.evaluation(), s.causes()));
    }

    /**
     * Two models on ten receipts (two partitions), LayoutLMv2 failing on one of them: B's
     * label files are predict's, the comparison is {@code compare --json}'s on the job's two
     * folders and the evaluation with rules and key files {@code evaluate --json}'s, to the byte.
     */
    @Test
    void withASecondModelTheComparisonIsCompareAndTheEvaluationWithRulesIsEvaluate() throws IOException {
        Path data = tmp.resolve("two-models");
        Path gold = tmp.resolve("two-models-gold");
        Path keys = tmp.resolve("two-models-keys");
        for (String dir : List.of(Dataset.BOX, Dataset.IMG, Dataset.KEY)) {
            Files.createDirectories(data.resolve(dir));
        }
        Files.createDirectories(gold);
        Files.createDirectories(keys);
        for (int i = 1; i <= 10; i++) {
            String id = String.format("sample-%03d", i);
            Files.copy(SAMPLES.resolve("box/" + id + ".csv"), data.resolve("box/" + id + ".csv"));
            Files.copy(SAMPLES.resolve("img/" + id + ".jpg"), data.resolve("img/" + id + ".jpg"));
            Files.copy(SAMPLES.resolve("key/" + id + ".json"), data.resolve("key/" + id + ".json"));
            Files.copy(SAMPLES.resolve("labels/" + id + ".csv"), gold.resolve(id + ".csv"));
            if (i != 4) { // a receipt without a key file: reported, left out of the field scores
                Files.copy(SAMPLES.resolve("key/" + id + ".json"), keys.resolve(id + ".json"));
            }
        }
        // a key file that is no JSON: reported at its own path, as evaluate reports it
        Files.writeString(keys.resolve("sample-005.json"), "{ not json");
        // LayoutLMv2 cannot label sample-010 (in the second partition); LayoutLM does not read images
        Files.write(data.resolve("img/sample-010.jpg"), "not a JPEG at all".getBytes(StandardCharsets.UTF_8));
        Path byPredict = tmp.resolve("two-models-predict-b");
        CliRun p = CliRun.of("predict", "--model", MODEL_V2.toString(), "--data", data.toString(), "--out",
                byPredict.toString(), "--batch", "1");
        assertEquals(1, p.exit(), p.err());
        Path out = tmp.resolve("two-models-a");
        Path outB = tmp.resolve("two-models-b");
        String rules = "total-keyword,company-top";
        // batches of 1 window: chunks of 8 receipts, so two partitions
        ReceiptJob.Summary s = ReceiptJob.run(spark, new ReceiptJob.Options(MODEL.toString(), data.toString(),
                out.toString(), gold.toString(), "csv", 1, "cpu", 3, 0, null)
                .withEvaluation(rules, keys.toString()).withModelB(MODEL_V2.toString(), outB.toString()));
        assertEquals(2, s.partitions());
        assertEquals(10, s.written());
        assertEquals(9, s.writtenB());
        assertEquals(1, s.failedB());
        assertSameFiles(byPredict, outB);

        CliRun e = CliRun.of("evaluate", "--gold", gold.toString(), "--pred", out.toString(), "--rules", rules,
                "--keys", keys.toString(), "--json");
        assertEquals(0, e.exit(), e.err());
        assertEquals(e.out().strip(), EvaluationExport.evaluationJson(s.evaluation(), s.causes()));
        assertTrue(e.out().contains(keys.resolve("sample-005.json").toString()), e.out());
        assertEquals(2, s.evaluation().rules().size());
        assertTrue(s.evaluation().rules().stream().mapToLong(RuleEffect::changedWords).sum() > 0,
                "the rules change some predictions");
        assertFalse(s.evaluation().keysFromLabels());

        CliRun c = CliRun.of("compare", "--gold", gold.toString(), "--pred", out.toString(), "--pred", outB.toString(),
                "--rules", rules, "--keys", keys.toString(), "--json");
        assertEquals(0, c.exit(), c.err());
        String json = EvaluationExport.comparisonJson(s.comparison(), out.toString(), outB.toString());
        assertEquals(c.out().strip(), json);
        assertEquals(9, s.comparison().a().receipts());
        assertTrue(s.comparison().problems().stream().anyMatch(q -> q.message().contains("sample-010 evaluated for A only")),
                s.comparison().problems().toString());
        assertTrue(s.comparison().problems().stream().anyMatch(q -> q.message().contains("no key file for receipt sample-004")),
                s.comparison().problems().toString());
        assertFalse(s.comparison().onlyARight().isEmpty() && s.comparison().onlyBRight().isEmpty(),
                "the models disagree somewhere");
    }

    @Test
    void partitionsAreWholePredictorChunksInOrder() {
        List<ReceiptFiles> receipts = new ArrayList<>();
        for (int i = 0; i < 250; i++) {
            receipts.add(new ReceiptFiles(String.format("%03d", i), null, null, null, null));
        }
        List<List<ReceiptFiles>> groups = ReceiptJob.partition(receipts, 3, 64);
        assertEquals(List.of(128, 122), groups.stream().map(List::size).toList());
        assertEquals(receipts, groups.stream().flatMap(List::stream).toList());
        assertEquals(List.of(64, 64, 64, 58), ReceiptJob.partition(receipts, 10, 64).stream().map(List::size).toList());
        assertEquals(List.of(250), ReceiptJob.partition(receipts, 1, 64).stream().map(List::size).toList());
    }

    private static String line(int segment, int word, int x0, int y0, int x1, int y1, String text, String label,
                               Double score) {
        return segment + "," + word + "," + x0 + "," + y0 + "," + x1 + "," + y1 + "," + text + "," + label + ","
                + LabelFile.formatScore(score);
    }

    /** Both folders hold the same files (names and bytes) and nothing else. */
    static void assertSameFiles(Path expected, Path actual) throws IOException {
        List<String> a;
        List<String> b;
        try (Stream<Path> s = Files.list(expected)) {
            a = s.map(p -> p.getFileName().toString()).sorted().toList();
        }
        try (Stream<Path> s = Files.list(actual)) {
            b = s.map(p -> p.getFileName().toString()).sorted().toList();
        }
        assertEquals(a, b);
        for (String name : a) {
            assertArrayEquals(Files.readAllBytes(expected.resolve(name)), Files.readAllBytes(actual.resolve(name)), name);
        }
    }
}
