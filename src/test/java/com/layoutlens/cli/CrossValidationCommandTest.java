package com.layoutlens.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.layoutlens.data.LabelFile;
import com.layoutlens.data.LabelRow;
import com.layoutlens.data.LabelSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code train --cross-val K}: out-of-fold predictions with probabilities for every labelled sample receipt. */
class CrossValidationCommandTest {

    private static final Path SAMPLES = Path.of("sample-receipts");

    @TempDir
    Path tmp;

    private static Set<String> ids(Path dir) throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            return new TreeSet<>(s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".csv"))
                    .map(n -> n.substring(0, n.length() - 4)).toList());
        }
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(x -> out.add(x.asText()));
        return out;
    }

    @Test
    void everyReceiptGetsOneOutOfFoldPredictionFromTheModelThatDidNotSeeIt() throws Exception {
        Path out = tmp.resolve("cv");
        CliRun r = CliRun.of("train", "--config", "tiny", "--data", SAMPLES.toString(), "--out", out.toString(),
                "--cross-val", "3", "--steps", "2", "--batch", "2", "--max-length", "64", "--device", "cpu");
        assertEquals(0, r.exit(), r.err());
        for (int f = 1; f <= 3; f++) {
            assertTrue(r.err().contains("fold " + f + "/3: training without its"), r.err());
            assertTrue(r.err().contains("fold " + f + "/3 done"), r.err());
        }
        assertTrue(r.out().contains("40 of 40 labelled receipts predicted out of fold"), r.out());

        // one out-of-fold file per labelled receipt, each in the format of predict --probs
        Set<String> labelled = ids(SAMPLES.resolve("labels"));
        Path oof = out.resolve("out-of-fold");
        assertEquals(labelled, ids(oof));
        LabelSet sroie = LabelSet.sroie();
        for (String id : labelled) {
            String header = Files.readAllLines(oof.resolve(id + ".csv")).get(0);
            assertTrue(header.endsWith(",score,p_O,p_COMPANY,p_DATE,p_ADDRESS,p_TOTAL"), id + ": " + header);
            List<LabelRow> rows = LabelFile.readStrict(oof.resolve(id + ".csv"), sroie);
            assertFalse(rows.isEmpty(), id);
            for (LabelRow row : rows) {
                assertNotNull(row.probs(), id);
                assertEquals(sroie.tags(), row.probs().tags(), id);
            }
        }

        // the folds: disjoint, covering every receipt once; each fold's model trained and was evaluated on
        // none of the receipts it predicted, and its checkpoint records them as held out
        JsonNode folds = new ObjectMapper().readTree(out.resolve("folds.json").toFile());
        assertEquals(3, folds.get("k").asInt());
        Set<String> covered = new HashSet<>();
        for (JsonNode fold : folds.get("folds")) {
            List<String> heldOut = texts(fold.get("held_out"));
            List<String> trained = texts(fold.get("trained"));
            assertTrue(fold.get("done").asBoolean());
            assertTrue(heldOut.size() == 13 || heldOut.size() == 14, heldOut.toString());
            for (String id : heldOut) {
                assertTrue(covered.add(id), id + " is in two folds");
            }
            assertEquals(40 - heldOut.size() - fold.get("evaluated").size(), trained.size());
            for (String id : trained) {
                assertFalse(heldOut.contains(id), "fold " + fold.get("fold") + " trained on its own receipt " + id);
            }
            for (String id : texts(fold.get("evaluated"))) {
                assertFalse(heldOut.contains(id), "fold " + fold.get("fold") + " evaluated on its own receipt " + id);
            }
            Path state = out.resolve("fold-" + fold.get("fold").asInt()).resolve("checkpoint/trainer_state.json");
            assertEquals(heldOut, texts(new ObjectMapper().readTree(state.toFile()).get("held_out")));
            assertTrue(Files.isRegularFile(out.resolve(fold.get("model").asText()).resolve("config.json")));
        }
        assertEquals(labelled, covered);

        // suspects reads the folder as it reads predict --probs output
        CliRun s = CliRun.of("suspects", "--gold", SAMPLES.resolve("labels").toString(), "--pred", oof.toString(),
                "--top", "3", "--json");
        assertEquals(0, s.exit(), s.err());
        assertTrue(new ObjectMapper().readTree(s.out()).get("words").asInt() > 1000, s.out());
    }

    @Test
    void kBelowTwoIsAUsageError() {
        for (String k : List.of("1", "0", "-3")) {
            Path out = tmp.resolve("k" + k);
            CliRun r = CliRun.of("train", "--config", "tiny", "--data", SAMPLES.toString(), "--out", out.toString(),
                    "--cross-val", k, "--steps", "1", "--device", "cpu");
            assertEquals(LayoutLensCli.USAGE, r.exit(), r.err());
            assertTrue(r.err().contains("--cross-val K needs K of at least 2") && r.err().contains("got " + k), r.err());
            assertFalse(Files.exists(out.resolve("fold-1")), "nothing trained");
        }
    }

    @Test
    void moreFoldsThanLabelledReceiptsIsAUsageError() {
        Path out = tmp.resolve("k41");
        CliRun r = CliRun.of("train", "--config", "tiny", "--data", SAMPLES.toString(), "--out", out.toString(),
                "--cross-val", "41", "--steps", "1", "--device", "cpu");
        assertEquals(LayoutLensCli.USAGE, r.exit(), r.err());
        assertTrue(r.err().contains("cross-validation with 41 folds needs at least 41 labelled receipts")
                && r.err().contains("has 40"), r.err());
        assertFalse(Files.exists(out.resolve("fold-1")), "nothing trained");
        assertFalse(r.err().contains("Exception"), r.err());
    }

    @Test
    void anOutputFolderWithAnEarlierCrossValidationIsRefusedUnlessResumed() throws Exception {
        Path out = tmp.resolve("cv");
        String[] args = {"train", "--config", "tiny", "--data", SAMPLES.toString(), "--out", out.toString(),
                "--cross-val", "2", "--steps", "1", "--batch", "2", "--max-length", "32", "--device", "cpu"};
        List<String> json = new ArrayList<>(List.of(args));
        json.add("--json");
        CliRun first = CliRun.of(json.toArray(String[]::new));
        assertEquals(0, first.exit(), first.err());
        JsonNode j = new ObjectMapper().readTree(first.out());
        assertEquals(40, j.get("written").asInt(), first.out());
        assertEquals(2, j.get("folds").size(), first.out());
        CliRun again = CliRun.of(args);
        assertEquals(LayoutLensCli.USAGE, again.exit(), again.err());
        assertTrue(again.err().contains("already holds a cross-validation"), again.err());

        List<String> resume = new ArrayList<>(List.of(args));
        resume.add("--resume");
        CliRun resumed = CliRun.of(resume.toArray(String[]::new));
        assertEquals(0, resumed.exit(), resumed.err());
        assertEquals(40, ids(out.resolve("out-of-fold")).size());

        resume.set(resume.indexOf("--cross-val") + 1, "3");
        CliRun other = CliRun.of(resume.toArray(String[]::new));
        assertEquals(LayoutLensCli.USAGE, other.exit(), other.err());
        assertTrue(other.err().contains("other folds"), other.err());
    }

    @Test
    void aModelFolderOrAUsersFilesAreNeverTakenOver() throws Exception {
        Path model = Files.createDirectories(tmp.resolve("model"));
        Files.writeString(model.resolve("config.json"), "{}");
        CliRun m = CliRun.of("train", "--config", "tiny", "--data", SAMPLES.toString(), "--out", model.toString(),
                "--cross-val", "2", "--steps", "1", "--batch", "2", "--max-length", "32", "--device", "cpu");
        assertEquals(LayoutLensCli.USAGE, m.exit(), m.err());
        assertTrue(m.err().contains("already holds a model (config.json)"), m.err());

        Path out = tmp.resolve("cv");
        Files.createDirectories(out.resolve("out-of-fold"));
        Files.writeString(out.resolve("out-of-fold/notes.csv"), "receipt,note\nsample-001,check\n");
        CliRun r = CliRun.of("train", "--config", "tiny", "--data", SAMPLES.toString(), "--out", out.toString(),
                "--cross-val", "2", "--steps", "1", "--batch", "2", "--max-length", "32", "--device", "cpu");
        assertEquals(0, r.exit(), r.err());
        assertEquals("receipt,note\nsample-001,check\n", Files.readString(out.resolve("out-of-fold/notes.csv")));

        Path folds = Files.createDirectories(tmp.resolve("cv2"));
        Files.writeString(folds.resolve("folds.json"), "{\"mine\": 1}");
        CliRun f = CliRun.of("train", "--config", "tiny", "--data", SAMPLES.toString(), "--out", folds.toString(),
                "--cross-val", "2", "--steps", "1", "--batch", "2", "--max-length", "32", "--device", "cpu");
        assertEquals(LayoutLensCli.USAGE, f.exit(), f.err());
        assertEquals("{\"mine\": 1}", Files.readString(folds.resolve("folds.json")));
    }

    @Test
    void crossValidationChecksItsFolderAndWhatIsLinkedInItBeforeWritingAndReadsAnyFormat() throws Exception {
        Path data = tmp.resolve("data");
        for (String dir : List.of("box", "img", "key", "labels")) {
            Files.createDirectories(data.resolve(dir));
            try (var files = Files.list(SAMPLES.resolve(dir))) {
                for (Path p : files.toList()) {
                    Files.copy(p, data.resolve(dir).resolve(p.getFileName()));
                }
            }
        }
        String[] base = {"train", "--config", "tiny", "--data", data.toString(), "--cross-val", "2", "--steps", "1",
                "--batch", "2", "--max-length", "32", "--device", "cpu", "--out"};
        List<String> args = new ArrayList<>(List.of(base));
        args.add(data.toString());
        CliRun self = CliRun.of(args.toArray(String[]::new));
        assertEquals(LayoutLensCli.USAGE, self.exit(), self.err());
        assertFalse(Files.exists(data.resolve("folds.json")));

        Path out = Files.createDirectories(tmp.resolve("cvlink"));
        Files.createSymbolicLink(out.resolve("out-of-fold"), data.resolve("box"));
        args.set(args.size() - 1, out.toString());
        CliRun linked = CliRun.of(args.toArray(String[]::new));
        assertEquals(LayoutLensCli.USAGE, linked.exit(), linked.err());
        assertTrue(Files.readString(data.resolve("box/sample-002.csv")).equals(
                Files.readString(SAMPLES.resolve("box/sample-002.csv"))));

        Path hf = tmp.resolve("hf");
        assertEquals(0, CliRun.of("export", "--data", SAMPLES.toString(), "--format", "hf", "--out", hf.toString()).exit());
        CliRun onHf = CliRun.of("train", "--config", "tiny", "--data", hf.toString(), "--cross-val", "2", "--steps",
                "1", "--batch", "2", "--max-length", "32", "--device", "cpu", "--out", tmp.resolve("cvhf").toString());
        assertEquals(0, onHf.exit(), onHf.err());
        assertEquals(40, ids(tmp.resolve("cvhf/out-of-fold")).size());

        // a folder whose own schema is not sroie: folds in that schema, as a plain run takes it
        Path cord = tmp.resolve("cord");
        assertEquals(0, CliRun.of("export", "--data", SAMPLES.toString(), "--format", "cord", "--out", cord.toString()).exit());
        CliRun onCord = CliRun.of("train", "--config", "tiny", "--data", cord.toString(), "--cross-val", "2", "--steps",
                "1", "--batch", "2", "--max-length", "32", "--device", "cpu", "--out", tmp.resolve("cvcord").toString());
        assertEquals(0, onCord.exit(), onCord.err());
    }
}
