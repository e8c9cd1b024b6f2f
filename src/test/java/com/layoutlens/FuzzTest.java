package com.layoutlens;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.layoutlens.cli.CliRun;
import com.layoutlens.cli.LayoutLensCli;
import com.layoutlens.data.BoxFile;
import com.layoutlens.data.HostileFiles;
import com.layoutlens.data.InputLimits;
import com.layoutlens.data.LabelFile;
import com.layoutlens.data.Problem;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Hostile and unlucky receipt folders and label files, built on the fly, through the commands
 * as a user runs them: the good receipts are processed, each bad one is named, nothing prints
 * a stack trace or a raw control character, and the exit code says whether all the work was done.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class FuzzTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String KEY = "{\"company\":\"ACME SDN BHD\",\"date\":\"01/02/2019\","
            + "\"address\":\"NO 1 JALAN SATU\",\"total\":\"9.90\"}";
    private static final String BOX = "10,10,200,10,200,30,10,30,ACME SDN BHD\n"
            + "10,40,200,40,200,60,10,60,NO 1 JALAN SATU\n"
            + "10,70,200,70,200,90,10,90,DATE 01/02/2019\n"
            + "10,100,200,100,200,120,10,120,TOTAL 9.90\n";
    private static final String ESC_ID = "esc\u001b[2J";

    @TempDir
    Path tmp;
    Path data;
    boolean fifo;

    private void receipt(String id, String box, String key) throws IOException {
        Files.writeString(data.resolve("box/" + id + ".csv"), box, StandardCharsets.UTF_8);
        if (key != null) {
            Files.writeString(data.resolve("key/" + id + ".json"), key, StandardCharsets.UTF_8);
        }
        BufferedImage img = new BufferedImage(220, 130, BufferedImage.TYPE_INT_RGB);
        ImageIO.write(img, "png", data.resolve("img/" + id + ".png").toFile());
    }

    @BeforeEach
    void hostileFolder() throws IOException {
        data = tmp.resolve("data");
        for (String d : List.of("box", "key", "img")) {
            Files.createDirectories(data.resolve(d));
        }
        receipt("good1", BOX, KEY);
        receipt("good2", BOX.replace("9.90", "12.00"), KEY.replace("9.90", "12.00"));
        // a few hundred bytes that declare 25000 x 25000 pixels
        receipt("hugeimg", BOX, KEY);
        HostileFiles.pngDeclaring(data.resolve("img/hugeimg.png"), 25_000, 25_000);
        // coordinates that would overflow: the line is reported, the rest of the receipt is read
        receipt("overflow", BOX + "2147483647,0,2147483647,0,2147483647,9,0,9,HUGE\n", KEY);
        // control characters in a box text and in a file name
        receipt("ctrl", BOX + "5,130,90,130,90,140,5,140,\u001b]0;owned\u0007 \u001b[31mRED\n", KEY);
        receipt(ESC_ID, BOX, null);
        // key files that give no gold
        receipt("nokey-missing", BOX, null);
        receipt("nokey-folder", BOX, null);
        Files.createDirectories(data.resolve("key/nokey-folder.json"));
        receipt("nokey-link", BOX, null);
        HostileFiles.danglingLink(data.resolve("key/nokey-link.json"));
        receipt("nokey-fifo", BOX, null);
        fifo = HostileFiles.fifo(data.resolve("key/nokey-fifo.json"));
        receipt("nokey-dup", BOX, "{\"company\":\"ACME\",\"total\":\"9.90\",\"total\":\"1.00\"}");
        receipt("nokey-trailing", BOX, KEY + "\n{\"total\":\"1.00\"}");
        // box files over the limits, kept small enough to build in milliseconds
        receipt("big-words", HostileFiles.boxLineOfWords(InputLimits.MAX_WORDS + 1), KEY);
        receipt("big-bytes", "1,1,2,1,2,2,1,2," + "x".repeat((int) InputLimits.MAX_BOX_BYTES) + "\n", KEY);
    }

    private static void noStackTraceNorRawControls(CliRun r) {
        String all = r.out() + r.err();
        assertFalse(all.contains("Exception") || all.contains("\tat ") || all.contains("Error:"), all);
        assertFalse(all.chars().anyMatch(c -> c == 0x1b || c == 0x07 || (c >= 0x80 && c <= 0x9f)),
                "a raw control character reached the terminal");
    }

    private List<String> goodIds() {
        return List.of("ctrl", "good1", "good2", "hugeimg", "overflow");
    }

    private List<String> badIds() {
        List<String> bad = new ArrayList<>(List.of("nokey-missing", "nokey-folder", "nokey-link", "nokey-dup",
                "nokey-trailing", "big-words", "big-bytes"));
        if (fifo) {
            bad.add("nokey-fifo");
        }
        return bad;
    }

    @Test
    void alignLabelsTheGoodReceiptsNamesEveryBadOneAndExitsOne() throws IOException {
        Path out = tmp.resolve("labels");
        CliRun r = CliRun.of("align", "--data", data.toString(), "--out", out.toString());

        assertEquals(LayoutLensCli.FAILED, r.exit(), "receipts without label files: the work was not all done\n" + r.err());
        noStackTraceNorRawControls(r);
        for (String id : goodIds()) {
            assertTrue(Files.isRegularFile(out.resolve(id + ".csv")), id + " labelled\n" + r.err());
        }
        for (String id : badIds()) {
            assertFalse(Files.exists(out.resolve(id + ".csv")), id + ": no all-O label file");
            assertTrue((r.out() + r.err()).contains(id), id + " named\n" + r.out() + r.err());
        }
        String all = r.out() + r.err();
        assertTrue(all.contains("esc\\e[2J"), "a file name with an escape is printed escaped\n" + all);
        assertTrue(all.contains("overflow.csv:5") && all.contains("out of range"), all);
        assertTrue(all.contains("hugeimg.png") && all.contains("25000 x 25000"), all);
        assertTrue(all.contains("'total' is given twice") && all.contains("text after the JSON object"), all);
        var rows = LabelFile.readStrict(out.resolve("good1.csv"), com.layoutlens.data.LabelSet.sroie());
        assertTrue(rows.stream().anyMatch(x -> x.label().equals("TOTAL") && x.text().equals("9.90")));
    }

    @Test
    void alignJsonStaysOneJsonObject() throws IOException {
        CliRun r = CliRun.of("align", "--data", data.toString(), "--out", tmp.resolve("l").toString(), "--json");
        assertEquals(LayoutLensCli.FAILED, r.exit());
        JsonNode j = JSON.readTree(r.out());
        assertEquals(goodIds().size(), j.get("receipts").asInt(), j.toString());
        assertTrue(j.get("receipts_skipped").has("big-words") && j.get("receipts_skipped").has("big-bytes"));
        List<String> noGold = new ArrayList<>();
        j.get("receipts_without_gold").forEach(n -> noGold.add(n.get("receipt").asText()));
        assertTrue(noGold.containsAll(List.of("nokey-missing", "nokey-folder", "nokey-link", "nokey-dup")), noGold.toString());
    }

    @Test
    void statsCountsOnlyReceiptsWithGoldAndNamesTheOthers() throws IOException {
        CliRun r = CliRun.of("stats", "--data", data.toString(), "--json");
        assertEquals(0, r.exit(), r.err());
        JsonNode j = JSON.readTree(r.out());
        assertEquals(goodIds().size(), j.get("receipts").asInt(), j.toString());
        for (String id : List.of("nokey-missing", "nokey-folder", "nokey-link", "nokey-dup", "nokey-trailing")) {
            assertTrue(j.get("receipts_without_gold").has(id), id);
        }
        CliRun text = CliRun.of("stats", "--data", data.toString());
        noStackTraceNorRawControls(text);
        assertTrue(text.out().contains("Left out"), text.out());
    }

    @Test
    void evaluateLeavesOutReceiptsWhoseFilesAreBrokenOnBothSidesAndReportsOrphans() throws IOException {
        Path gold = tmp.resolve("gold");
        assertEquals(LayoutLensCli.FAILED, CliRun.of("align", "--data", data.toString(), "--out", gold.toString()).exit());
        Path pred = tmp.resolve("pred");
        Files.createDirectories(pred);
        for (String id : goodIds()) {
            Files.copy(gold.resolve(id + ".csv"), pred.resolve(id + ".csv"));
        }
        // the same receipt broken on both sides must not become a receipt of 0 words
        Files.writeString(gold.resolve("broken.csv"), "segment,word,text\r\n0,0,ACME\r\n");
        Files.writeString(pred.resolve("broken.csv"), "not,a,label,file\r\n");
        // a hexadecimal score is no score
        String good2 = Files.readString(pred.resolve("good2.csv"));
        Files.writeString(pred.resolve("good2.csv"), good2.replaceFirst(",O,\r\n", ",O,0x1p-1\r\n"));
        Files.writeString(pred.resolve("orphan.csv"), LabelFile.HEADER + "\r\n");

        CliRun r = CliRun.of("evaluate", "--gold", gold.toString(), "--pred", pred.toString(), "--json");
        noStackTraceNorRawControls(r);
        JsonNode j = JSON.readTree(r.out());
        assertEquals(goodIds().size() - 1, j.get("receipts").asInt(),
                "good2 lost a row to its bad score, broken is unusable on both sides\n" + j.get("problems"));
        String problems = j.get("problems").toString();
        assertTrue(problems.contains("broken.csv") && problems.contains("left out"), problems);
        assertTrue(problems.contains("good2.csv") && problems.contains("0x1p-1"), problems);
        assertTrue(problems.contains("orphan.csv"), problems);
    }

    @Test
    void evaluateWithKeysReadsTheCompetitionsTxtKeysAndNamesKeyEntriesThatAreNoFiles() throws IOException {
        Path gold = tmp.resolve("gold");
        CliRun.of("align", "--data", data.toString(), "--out", gold.toString());
        Path keys = tmp.resolve("keys");
        Files.createDirectories(keys);
        Files.writeString(keys.resolve("good1.txt"), KEY); // the SROIE download's name for key files
        Files.createDirectories(keys.resolve("good2.json"));

        CliRun r = CliRun.of("evaluate", "--gold", gold.toString(), "--pred", gold.toString(), "--keys",
                keys.toString(), "--json");

        noStackTraceNorRawControls(r);
        JsonNode j = JSON.readTree(r.out());
        String problems = j.get("problems").toString();
        assertTrue(problems.contains("good2.json") && problems.contains("a folder"), problems);
        assertFalse(problems.contains("no key file for receipt good1"), problems);
        assertEquals(4, j.get("sroie").get("gold").asInt(), "the four values of good1.txt only: " + j.get("sroie"));
    }

    @Test
    void predictWithAnImageModelLabelsTheOthersWhenOneImageDeclaresTooManyPixels() throws Exception {
        Path small = tmp.resolve("small");
        for (String d : List.of("box", "key", "img")) {
            Files.createDirectories(small.resolve(d));
        }
        for (String id : List.of("good1", "good2", "hugeimg", "big-words")) {
            Files.copy(data.resolve("box/" + id + ".csv"), small.resolve("box/" + id + ".csv"));
            Files.copy(data.resolve("img/" + id + ".png"), small.resolve("img/" + id + ".png"));
        }
        Path out = tmp.resolve("pred");
        CliRun r = CliRun.of("predict", "--model", v2Model().toString(), "--data", small.toString(),
                "--out", out.toString(), "--device", "cpu");

        noStackTraceNorRawControls(r);
        assertEquals(LayoutLensCli.FAILED, r.exit(), r.err());
        assertTrue(Files.isRegularFile(out.resolve("good1.csv")) && Files.isRegularFile(out.resolve("good2.csv")), r.err());
        assertFalse(Files.exists(out.resolve("hugeimg.csv")));
        assertTrue(r.err().contains("hugeimg.png") && r.err().contains("25000 x 25000"), r.err());
        assertTrue(r.err().contains("big-words.csv") && r.err().contains("more than"), r.err());
        assertTrue(r.out().contains("2 of 4 receipts labelled"), r.out());
    }

    @Test
    void randomlyDamagedBoxAndLabelLinesAreReportedNeverThrown() {
        Random rnd = new Random(16);
        String label = LabelFile.HEADER + "\r\n0,0,10,10,80,30,ACME,COMPANY,0.9\r\n0,1,80,10,200,30,SDN,O,\r\n";
        String[] junk = {",", "\"", "\u001b", "\u0000", "-", "2147483648", "0x1p-1", "9e99", "NaN", "\r", "\n", "\u202e", "é"};
        for (int round = 0; round < 300; round++) {
            StringBuilder b = new StringBuilder(round % 2 == 0 ? BOX : label);
            for (int k = 0; k < 1 + rnd.nextInt(4); k++) {
                int at = rnd.nextInt(b.length() + 1);
                if (rnd.nextBoolean() && at < b.length()) {
                    b.deleteCharAt(at);
                } else {
                    b.insert(at, junk[rnd.nextInt(junk.length)]);
                }
            }
            List<Problem> problems = new ArrayList<>();
            if (round % 2 == 0) {
                BoxFile.parse(b.toString(), "box/f.csv", problems).forEach(s -> s.words().forEach(w ->
                        assertTrue(w.box().x0() <= w.box().x1() && Math.abs((long) w.box().x1()) <= InputLimits.MAX_COORDINATE,
                                w.toString())));
            } else {
                LabelFile.parse(b.toString(), "labels/f.csv", com.layoutlens.data.LabelSet.sroie(), problems);
            }
            for (Problem p : problems) {
                assertTrue(p.file().endsWith("f.csv"));
                assertFalse(p.toString().chars().anyMatch(c -> c < 0x20), p.toString());
            }
        }
    }

    private Path v2Model() throws IOException, URISyntaxException {
        Path dir = tmp.resolve("model");
        Files.createDirectories(dir);
        Path v2 = Path.of(FuzzTest.class.getResource("/fixtures/layoutlmv2/tiny-a/config.json").toURI()).getParent();
        Path v1 = Path.of(FuzzTest.class.getResource("/fixtures/layoutlm/tiny-a/config.json").toURI()).getParent();
        Files.copy(v2.resolve("config.json"), dir.resolve("config.json"));
        Files.copy(v2.resolve("model.safetensors"), dir.resolve("model.safetensors"));
        Files.copy(v1.resolve("vocab.txt"), dir.resolve("vocab.txt"));
        Files.copy(v1.resolve("tokenizer_config.json"), dir.resolve("tokenizer_config.json"));
        return dir;
    }
}
