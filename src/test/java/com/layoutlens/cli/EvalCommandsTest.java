package com.layoutlens.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.layoutlens.data.Box;
import com.layoutlens.data.LabelFile;
import com.layoutlens.data.LabelRow;
import com.layoutlens.data.LabelSet;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EvalCommandsTest {

    @TempDir
    Path tmp;
    Path gold;
    Path predA;
    Path predB;

    record Run(int rc, String out, String err) {
        JsonNode json() throws Exception {
            return new ObjectMapper().readTree(out);
        }
    }

    static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = LayoutLensCli.commandLine();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int rc = cl.execute(args);
        return new Run(rc, out.toString(), err.toString());
    }

    private static LabelRow row(int seg, int word, int line, int col, String text, String label, Double score) {
        return new LabelRow(seg, word, new Box(10 + 100 * col, 10 + 30 * line, 90 + 100 * col, 30 + 30 * line),
                text, label, score);
    }

    private static List<LabelRow> receipt() {
        return List.of(row(0, 0, 0, 0, "SHOP", "COMPANY", null), row(0, 1, 0, 1, "SDN", "COMPANY", null),
                row(1, 0, 1, 0, "01/02/19", "DATE", null), row(2, 0, 2, 0, "NO", "ADDRESS", null),
                row(2, 1, 2, 1, "1", "ADDRESS", null), row(3, 0, 3, 0, "SUB", "O", null),
                row(3, 1, 3, 1, "9.00", "O", null), row(4, 0, 4, 0, "TOTAL", "O", null),
                row(5, 0, 4, 1, "9.00", "TOTAL", null));
    }

    private static List<LabelRow> relabel(List<LabelRow> rows, String... labels) {
        List<LabelRow> out = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            out.add(rows.get(i).withLabel(labels[i], 0.5 + i / 100.0));
        }
        return out;
    }

    @BeforeEach
    void files() throws Exception {
        gold = tmp.resolve("gold");
        predA = tmp.resolve("a");
        predB = tmp.resolve("b");
        LabelFile.write(gold.resolve("r1.csv"), receipt());
        LabelFile.write(gold.resolve("r2.csv"), receipt());
        // A: r1 has a TOTAL false positive on the subtotal; r2 perfect
        LabelFile.write(predA.resolve("r1.csv"),
                relabel(receipt(), "COMPANY", "COMPANY", "DATE", "ADDRESS", "ADDRESS", "O", "TOTAL", "O", "TOTAL"));
        LabelFile.write(predA.resolve("r2.csv"), relabel(receipt(),
                "COMPANY", "COMPANY", "DATE", "ADDRESS", "ADDRESS", "O", "O", "O", "TOTAL"));
        // B: r1 misses the total; r2 calls an address word O
        LabelFile.write(predB.resolve("r1.csv"),
                relabel(receipt(), "COMPANY", "COMPANY", "DATE", "ADDRESS", "ADDRESS", "O", "O", "O", "O"));
        LabelFile.write(predB.resolve("r2.csv"), relabel(receipt(),
                "COMPANY", "COMPANY", "DATE", "ADDRESS", "O", "O", "O", "O", "TOTAL"));
    }

    @Test
    void evaluateJsonHasTheDocumentedShape() throws Exception {
        Run r = run("evaluate", "--gold", gold.toString(), "--pred", predA.toString(), "--json");
        assertEquals(0, r.rc(), r.err());
        JsonNode j = r.json();
        assertEquals(2, j.get("receipts").asInt());
        assertEquals(18, j.get("words").asInt());
        JsonNode total = j.get("labels").get("TOTAL");
        assertEquals(2, total.get("tp").asInt());
        assertEquals(1, total.get("fp").asInt());
        assertEquals(0, total.get("fn").asInt());
        assertEquals(2.0 / 3, total.get("precision").asDouble(), 1e-15);
        assertEquals(1.0, total.get("recall").asDouble());
        assertEquals(0.8, total.get("f1").asDouble(), 1e-15);
        // micro: tp 4+2+4+2 = 12, fp 1, fn 0
        assertEquals(12.0 / 13, j.get("micro").get("precision").asDouble(), 1e-15);
        assertEquals(1.0, j.get("micro").get("recall").asDouble());
        for (String f : List.of("company", "date", "address", "total", "all")) {
            assertTrue(j.get("fields").get(f).has("em"), f);
            assertTrue(j.get("fields").get(f).has("em_no_space"), f);
        }
        // without keys, gold values are decoded from the gold labels: every field exact
        assertEquals(1.0, j.get("fields").get("all").get("em").asDouble());
        assertTrue(j.get("field_gold").asText().contains("gold label"));
        assertEquals(1.0, j.get("sroie").get("f1").asDouble());
        assertEquals("[\"O\",\"COMPANY\",\"DATE\",\"ADDRESS\",\"TOTAL\"]", j.get("confusion").get("labels").toString());
        assertEquals("[5,0,0,0,1]", j.get("confusion").get("matrix").get(0).toString().replace(" ", ""));
        assertEquals(0, j.get("problems").size());
    }

    @Test
    void evaluateWithRulesReportsTheirEffect() throws Exception {
        Run r = run("evaluate", "--gold", gold.toString(), "--pred", predA.toString(), "--json",
                "--rules", "total-keyword:keywords=TOTAL|AMOUNT,company-top:lines=1");
        assertEquals(0, r.rc(), r.err());
        JsonNode j = r.json();
        assertEquals(0, j.get("labels").get("TOTAL").get("fp").asInt());
        JsonNode rule = j.get("rules").get(0);
        assertEquals("total-keyword:keywords=TOTAL|AMOUNT", rule.get("rule").asText());
        assertEquals(1, rule.get("removed_false_positives").asInt());
        assertEquals(1.0, rule.get("gold_support").get("words_share").asDouble());
        assertEquals(-1, rule.get("difference").get(0).get(4).asInt());
        assertEquals(1.0, j.get("rules").get(1).get("gold_support").get("words_share").asDouble());
    }

    @Test
    void missingPredictionAndWordMismatchAreReportedNotDropped() throws Exception {
        Files.delete(predA.resolve("r2.csv"));
        LabelFile.write(gold.resolve("r3.csv"), receipt());
        List<LabelRow> shorter = new ArrayList<>(receipt());
        shorter.remove(3);
        LabelFile.write(predA.resolve("r3.csv"), shorter);
        Run r = run("evaluate", "--gold", gold.toString(), "--pred", predA.toString(), "--json");
        assertEquals(0, r.rc());
        JsonNode j = r.json();
        assertEquals(1, j.get("receipts").asInt());
        assertEquals(9, j.get("words").asInt());
        JsonNode problems = j.get("problems");
        assertEquals(2, problems.size());
        assertTrue(problems.get(0).get("file").asText().endsWith("r2.csv"));
        assertTrue(problems.get(1).get("message").asText().contains("missing from the prediction"));
        assertTrue(problems.get(1).has("line"));
        // text mode: problems on stderr
        Run t = run("evaluate", "--gold", gold.toString(), "--pred", predA.toString());
        assertEquals(0, t.rc());
        assertTrue(t.err().contains("r2.csv"), t.err());
        assertTrue(t.out().contains("Confusion matrix"));
    }

    @Test
    void unknownLabelInAPredictionIsReportedWithItsLine() throws Exception {
        String text = LabelFile.format(receipt()).replace("9.00,TOTAL,", "9.00,AMOUNT,");
        Files.writeString(predA.resolve("r1.csv"), text);
        Run r = run("evaluate", "--gold", gold.toString(), "--pred", predA.toString(), "--json");
        assertEquals(0, r.rc());
        JsonNode p = r.json().get("problems");
        assertTrue(p.get(0).get("message").asText().contains("unknown label 'AMOUNT'"), p.toString());
        assertEquals(10, p.get(0).get("line").asInt());
        assertEquals(1, r.json().get("receipts").asInt());
    }

    @Test
    void keysGiveTheGoldFieldValues() throws Exception {
        Path keys = tmp.resolve("key");
        Files.createDirectories(keys);
        String json = "{\"company\": \"SHOP SDN\", \"date\": \"01/02/19\", \"address\": \"NO 1\", \"total\": \"9.00\"}";
        Files.writeString(keys.resolve("r1.json"), json);
        Files.writeString(keys.resolve("r2.json"), json.replace("NO 1", "NO  1 "));
        Run r = run("evaluate", "--gold", gold.toString(), "--pred", predA.toString(), "--keys", keys.toString(), "--json");
        assertEquals(0, r.rc(), r.err());
        JsonNode f = r.json().get("fields");
        assertEquals("key files", r.json().get("field_gold").asText());
        assertEquals(0.5, f.get("address").get("em").asDouble());
        assertEquals(1.0, f.get("address").get("em_no_space").asDouble());
        assertEquals(1.0, f.get("total").get("em").asDouble());
    }

    @Test
    void usageErrorsExitWithTwo() throws Exception {
        assertEquals(2, run("evaluate", "--gold", gold.toString(), "--pred", predA.toString(), "--rules", "nope").rc());
        assertEquals(2, run("evaluate", "--gold", tmp.resolve("none").toString(), "--pred", predA.toString()).rc());
        Path empty = Files.createDirectories(tmp.resolve("empty"));
        Run r = run("evaluate", "--gold", gold.toString(), "--pred", empty.toString());
        assertEquals(2, r.rc());
        assertTrue(r.err().contains("nothing to evaluate"), r.err());
        assertEquals(2, run("compare", "--gold", gold.toString(), "--pred", predA.toString()).rc());
        assertEquals(2, run("errors", "--gold", gold.toString(), "--pred", predA.toString(), "--label", "PRICE").rc());
        assertEquals(2, run("errors", "--gold", gold.toString(), "--pred", predA.toString(), "--label", "TOTAL",
                "--kind", "tn").rc());
    }

    @Test
    void compareShowsBothSidesTheDifferenceAndTheDisagreements() throws Exception {
        Run r = run("compare", "--gold", gold.toString(), "--pred", predA.toString(), "--pred", predB.toString(), "--json");
        assertEquals(0, r.rc(), r.err());
        JsonNode j = r.json();
        assertEquals(2, j.get("receipts").asInt());
        assertEquals(1, j.get("a").get("labels").get("TOTAL").get("fp").asInt());
        assertEquals(0, j.get("b").get("labels").get("TOTAL").get("fp").asInt());
        assertEquals(-1, j.get("difference").get("labels").get("TOTAL").get("fp").asInt());
        assertEquals(1, j.get("difference").get("labels").get("TOTAL").get("fn").asInt());
        JsonNode d = j.get("disagreements");
        // only A right: r1 total, r2 address word; only B right: r1 subtotal
        assertEquals(2, d.get("only_a_right").size());
        assertEquals(1, d.get("only_b_right").size());
        assertEquals(0, d.get("both_wrong").size());
        JsonNode w = d.get("only_b_right").get(0);
        assertEquals("r1", w.get("receipt").asText());
        assertEquals(3, w.get("segment").asInt());
        assertEquals(1, w.get("word").asInt());
        assertEquals("TOTAL", w.get("a").asText());
        assertEquals("O", w.get("b").asText());
        assertEquals(2, j.get("mcnemar").get("overall").get("only_a").asInt());
        assertEquals(1, j.get("mcnemar").get("overall").get("only_b").asInt());
        assertEquals(1.0, j.get("mcnemar").get("overall").get("p_value").asDouble());
        assertEquals(1, j.get("mcnemar").get("labels").get("TOTAL").get("fp").get("only_b").asInt());

        Run t = run("compare", "--gold", gold.toString(), "--pred", predA.toString(), "--pred", predB.toString());
        assertEquals(0, t.rc());
        assertTrue(t.out().contains("Only A right: 2 words"), t.out());
        assertTrue(t.out().contains("B - A"));

        // a receipt B lacks is reported at the file B would have had
        java.nio.file.Files.delete(predB.resolve("r2.csv"));
        Run one = run("compare", "--gold", gold.toString(), "--pred", predA.toString(), "--pred", predB.toString());
        assertTrue(one.err().contains(predB.resolve("r2.csv") + ": warning: receipt r2 evaluated for A only"), one.err());
    }

    @Test
    void errorsListsFalsePositivesAndNegatives() throws Exception {
        Run r = run("errors", "--gold", gold.toString(), "--pred", predA.toString(), "--label", "total", "--kind", "fp", "--json");
        assertEquals(0, r.rc(), r.err());
        JsonNode j = r.json();
        assertEquals(1, j.get("count").asInt());
        JsonNode e = j.get("errors").get(0);
        assertEquals("r1", e.get("receipt").asText());
        assertEquals("9.00", e.get("text").asText());
        assertEquals("O", e.get("gold").asText());
        assertEquals(0.56, e.get("score").asDouble(), 1e-9);
        Run fn = run("errors", "--gold", gold.toString(), "--pred", predB.toString(), "--label", "ADDRESS", "--kind", "fn");
        assertEquals(0, fn.rc());
        assertTrue(fn.out().startsWith("1 ADDRESS false negatives"), fn.out());
        assertFalse(fn.out().contains("TOTAL "));
    }

    /** The folder's files with every word given tag probabilities peaked at its label. */
    private Path withProbs(Path dir, String name) throws Exception {
        Path out = tmp.resolve(name);
        LabelSet set = LabelSet.sroie();
        for (String id : List.of("r1", "r2")) {
            List<LabelRow> rows = new ArrayList<>();
            for (LabelRow r : LabelFile.readStrict(dir.resolve(id + ".csv"), set)) {
                double[] p = new double[set.tags().size()];
                java.util.Arrays.fill(p, 0.1 / (p.length - 1));
                p[set.tagIndex(r.label())] = 0.9;
                rows.add(new LabelRow(r.segment(), r.word(), r.box(), r.text(), r.label(), r.score(),
                        new com.layoutlens.data.TagProbabilities(set.tags(), p)));
            }
            LabelFile.write(out.resolve(id + ".csv"), rows);
        }
        assertTrue(Files.readString(out.resolve("r1.csv")).startsWith(LabelFile.HEADER + ",p_O,"));
        return out;
    }

    @Test
    void everyCommandReadsFilesWithProbabilityColumnsAsWithout() throws Exception {
        Path a = withProbs(predA, "a-probs");
        Path b = withProbs(predB, "b-probs");
        Path g = withProbs(gold, "gold-probs");
        for (String[] args : List.of(new String[] {"evaluate", "--json"}, new String[] {"errors", "--label", "TOTAL",
                "--json"}, new String[] {"compare", "--json"})) {
            List<String> plain = new ArrayList<>(List.of(args));
            plain.addAll(List.of("--gold", gold.toString(), "--pred", predA.toString()));
            List<String> probs = new ArrayList<>(List.of(args));
            probs.addAll(List.of("--gold", g.toString(), "--pred", a.toString()));
            if (args[0].equals("compare")) {
                plain.addAll(List.of("--pred", predB.toString()));
                probs.addAll(List.of("--pred", b.toString()));
            }
            Run without = run(plain.toArray(String[]::new));
            Run with = run(probs.toArray(String[]::new));
            assertEquals(0, without.rc(), without.err());
            assertEquals(0, with.rc(), args[0] + ": " + with.err());
            assertEquals(without.out().replace(gold.toString(), "G").replace(predA.toString(), "A")
                            .replace(predB.toString(), "B"),
                    with.out().replace(g.toString(), "G").replace(a.toString(), "A").replace(b.toString(), "B"),
                    args[0]);
        }
    }

    @Test
    void aBrokenProbabilityColumnIsReportedWithFileAndLine() throws Exception {
        Path a = withProbs(predA, "a-probs");
        Path f = a.resolve("r2.csv");
        List<String> lines = new ArrayList<>(List.of(Files.readString(f).split("\r\n")));
        lines.set(3, lines.get(3).replaceFirst(",0\\.900000", ",0.9x"));
        Files.writeString(f, String.join("\r\n", lines) + "\r\n");
        Run r = run("evaluate", "--gold", gold.toString(), "--pred", a.toString());
        assertTrue(r.err().contains(f + ":4") && r.err().contains("'0.9x' is not a decimal number"), r.err());
    }

    @Test
    void helpListsTheCommands() {
        Run r = run("help");
        assertTrue(r.out().contains("evaluate") && r.out().contains("compare") && r.out().contains("errors"), r.out());
        assertTrue(run("evaluate", "--help").out().contains("total-keyword"));
    }
}
