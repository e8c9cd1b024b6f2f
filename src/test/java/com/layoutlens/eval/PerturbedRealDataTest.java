package com.layoutlens.eval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.layoutlens.cli.LayoutLensCli;
import com.layoutlens.data.LabelFile;
import com.layoutlens.data.LabelRow;
import com.layoutlens.data.LabelSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.math.MathContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * On the real receipts with a simple gold and predictions perturbed from it, the matrix
 * and per-label scores of the command must equal a naive computation that shares none of
 * its code: string pairs grouped and counted with streams, ratios in exact decimals.
 */
class PerturbedRealDataTest {

    @TempDir
    static Path tmp;
    static Path goldDir;
    static Path predDir;

    @BeforeAll
    static void writeFiles() throws Exception {
        Path sroie = TestReceipts.sroie();
        assumeTrue(sroie != null, "no SROIE receipts on this machine");
        goldDir = tmp.resolve("gold");
        predDir = tmp.resolve("pred");
        Random rnd = new Random(20190301);
        for (Map.Entry<String, List<LabelRow>> e : TestReceipts.realGold(sroie).entrySet()) {
            LabelFile.write(goldDir.resolve(e.getKey() + ".csv"), e.getValue());
            List<LabelRow> p = TestReceipts.perturb(e.getValue(), 0.15, rnd);
            // flip some words to the field labels specifically, so every cell gets counts
            List<LabelRow> q = new ArrayList<>();
            for (LabelRow r : p) {
                q.add(rnd.nextDouble() < 0.02 ? r.withLabel(rnd.nextBoolean() ? "TOTAL" : "COMPANY", 0.5) : r);
            }
            LabelFile.write(predDir.resolve(e.getKey() + ".csv"), q);
        }
    }

    /** (gold, predicted) label pairs of every word, matched by a "segment:word" text key. */
    private static List<String[]> naivePairs() throws Exception {
        List<String[]> pairs = new ArrayList<>();
        try (Stream<Path> files = Files.list(goldDir)) {
            for (Path g : files.sorted().toList()) {
                Map<String, String> gold = labelsByKey(g);
                Map<String, String> pred = labelsByKey(predDir.resolve(g.getFileName()));
                assertEquals(gold.keySet(), pred.keySet());
                gold.forEach((k, v) -> pairs.add(new String[] {v, pred.get(k)}));
            }
        }
        return pairs;
    }

    private static Map<String, String> labelsByKey(Path file) throws Exception {
        return LabelFile.read(file, null).rows().stream()
                .collect(Collectors.toMap(r -> r.segment() + ":" + r.word(), LabelRow::label));
    }

    private static double exact(long a, long b) {
        return b == 0 ? 0 : new BigDecimal(a).divide(new BigDecimal(b), MathContext.DECIMAL128).doubleValue();
    }

    @Test
    void commandMatchesNaiveComputation() throws Exception {
        List<String[]> pairs = naivePairs();
        Map<String, Long> cells = pairs.stream()
                .collect(Collectors.groupingBy(p -> p[0] + ">" + p[1], Collectors.counting()));

        StringWriter out = new StringWriter();
        CommandLine cl = LayoutLensCli.commandLine();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(new StringWriter()));
        int rc = cl.execute("evaluate", "--gold", goldDir.toString(), "--pred", predDir.toString(), "--json");
        assertEquals(0, rc);
        JsonNode json = new ObjectMapper().readTree(out.toString());

        List<String> labels = TestReceipts.LABELS;
        assertEquals(labels.size(), json.get("confusion").get("labels").size());
        for (int i = 0; i < labels.size(); i++) {
            assertEquals(labels.get(i), json.get("confusion").get("labels").get(i).asText());
            for (int j = 0; j < labels.size(); j++) {
                assertEquals(cells.getOrDefault(labels.get(i) + ">" + labels.get(j), 0L),
                        json.get("confusion").get("matrix").get(i).get(j).asLong(), labels.get(i) + " -> " + labels.get(j));
            }
        }
        assertEquals(pairs.size(), json.get("words").asLong());
        long sumTp = 0, sumFp = 0, sumFn = 0;
        for (String l : labels.subList(1, labels.size())) {
            long tp = pairs.stream().filter(p -> p[0].equals(l) && p[1].equals(l)).count();
            long fp = pairs.stream().filter(p -> !p[0].equals(l) && p[1].equals(l)).count();
            long fn = pairs.stream().filter(p -> p[0].equals(l) && !p[1].equals(l)).count();
            assertTrue(tp > 0 && fp > 0 && fn > 0, "the perturbation must exercise " + l);
            JsonNode s = json.get("labels").get(l);
            assertEquals(tp, s.get("tp").asLong(), l);
            assertEquals(fp, s.get("fp").asLong(), l);
            assertEquals(fn, s.get("fn").asLong(), l);
            assertEquals(exact(tp, tp + fp), s.get("precision").asDouble(), 0.0, l);
            assertEquals(exact(tp, tp + fn), s.get("recall").asDouble(), 0.0, l);
            assertEquals(exact(2 * tp, 2 * tp + fp + fn), s.get("f1").asDouble(), 0.0, l);
            sumTp += tp;
            sumFp += fp;
            sumFn += fn;
        }
        JsonNode micro = json.get("micro");
        assertEquals(exact(sumTp, sumTp + sumFp), micro.get("precision").asDouble(), 0.0);
        assertEquals(exact(sumTp, sumTp + sumFn), micro.get("recall").asDouble(), 0.0);
        assertEquals(exact(2 * sumTp, 2 * sumTp + sumFp + sumFn), micro.get("f1").asDouble(), 0.0);
        assertEquals(0, json.get("problems").size());
    }

    @Test
    void apiMatchesNaiveComputationAfterEachRule() throws Exception {
        // the naive path applies the rules itself, on the rows read back from the files
        LabelSet set = LabelSet.sroie();
        EvalFolders folders = new EvalFolders(set, goldDir, null);
        Matcher.Result m = folders.match(predDir);
        List<Rule> rules = List.of(new TotalKeywordRule(), new CompanyTopRule(2));
        Evaluation e = Evaluator.sroie(rules).evaluate(m.pairs(), true, m.problems());

        Map<String, Long> cells = new HashMap<>();
        try (Stream<Path> files = Files.list(goldDir)) {
            for (Path g : files.sorted().toList()) {
                List<LabelRow> gold = LabelFile.read(g, null).rows();
                List<LabelRow> pred = LabelFile.read(predDir.resolve(g.getFileName()), null).rows();
                for (Rule r : rules) {
                    pred = r.apply(pred);
                }
                Map<Long, String> p = pred.stream().collect(Collectors.toMap(LabelRow::key, LabelRow::label));
                gold.forEach(r -> cells.merge(r.label() + ">" + p.get(r.key()), 1L, Long::sum));
            }
        }
        Function<String, Long> cell = k -> cells.getOrDefault(k, 0L);
        for (int i = 0; i < 5; i++) {
            for (int j = 0; j < 5; j++) {
                assertEquals((long) cell.apply(TestReceipts.LABELS.get(i) + ">" + TestReceipts.LABELS.get(j)),
                        e.confusion().count(i, j));
            }
        }
        // the rules ran and their before/after chain up
        assertEquals(2, e.rules().size());
        assertEquals(e.rules().get(0).after(), e.rules().get(1).before());
        assertEquals(e.confusion(), e.rules().get(1).after());
        assertTrue(e.rules().get(0).changedWords() > 0);
    }
}
