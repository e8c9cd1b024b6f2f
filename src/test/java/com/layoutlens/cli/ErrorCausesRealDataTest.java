package com.layoutlens.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.layoutlens.data.KeyFile;
import com.layoutlens.data.LabelFile;
import com.layoutlens.data.LabelRow;
import com.layoutlens.data.LabelSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * On the real receipts, gold labels aligned by {@code align} and predictions made from them
 * with known mistakes: on a third of the receipts the TOTAL moved to another occurrence of
 * its value, on a third the ADDRESS stretched over the next word, on a third the DATE dropped.
 * {@code evaluate --json} must give exactly those causes, computed here with plain string
 * operations, and {@code errors --cause} must list the same words.
 */
class ErrorCausesRealDataTest {

    @TempDir
    Path tmp;

    private static String norm(String s) {
        return s.replaceAll("\\s+", "").toUpperCase(Locale.ROOT).replace(",", "");
    }

    /** Whether the key value occurs in the receipt's words joined without whitespace (commas dropped too). */
    private static boolean inText(List<LabelRow> rows, String value) {
        StringBuilder sb = new StringBuilder();
        rows.forEach(r -> sb.append(r.text()));
        String t = sb.toString().replaceAll("\\s+", "").toUpperCase(Locale.ROOT);
        String v = value.replaceAll("\\s+", "").toUpperCase(Locale.ROOT);
        return t.contains(v) || t.replace(",", "").contains(v.replace(",", ""));
    }

    @Test
    void knownMistakesGetTheirCauses() throws Exception {
        String dir = System.getProperty("layoutlens.sroie");
        assumeTrue(dir != null && Files.isDirectory(Path.of(dir, "box")), "no SROIE receipts on this machine");
        Path sroie = Path.of(dir);
        Path gold = tmp.resolve("gold");
        Path pred = tmp.resolve("pred");
        Files.createDirectories(pred);
        assertEquals(0, CliRun.of("align", "--data", sroie.toString(), "--out", gold.toString()).exit());

        Map<String, List<LabelRow>> golds = new TreeMap<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(gold, "*.csv")) {
            for (Path p : ds) {
                golds.put(p.getFileName().toString().replace(".csv", ""), LabelFile.readStrict(p, LabelSet.sroie()));
            }
        }
        assertTrue(golds.size() > 200, "aligned " + golds.size());
        Map<String, Map<String, Long>> expected = new HashMap<>();
        for (String l : List.of("COMPANY", "DATE", "ADDRESS", "TOTAL")) {
            expected.put(l, new HashMap<>());
        }
        long moved = 0;
        int k = 0;
        for (Map.Entry<String, List<LabelRow>> e : golds.entrySet()) {
            List<LabelRow> g = e.getValue();
            Map<String, String> keys = KeyFile.read(sroie.resolve("key").resolve(e.getKey() + ".json"),
                    LabelSet.sroie(), new ArrayList<>());
            List<LabelRow> p = new ArrayList<>();
            g.forEach(r -> p.add(r.withLabel(r.label(), 0.9)));
            switch (k++ % 3) {
                case 0 -> {
                    // TOTAL onto another word holding the value
                    List<Integer> span = new ArrayList<>();
                    for (int i = 0; i < g.size(); i++) {
                        if (g.get(i).label().equals("TOTAL")) {
                            span.add(i);
                        }
                    }
                    if (span.isEmpty() || keys == null || keys.get("total") == null) {
                        break;
                    }
                    String value = norm(keys.get("total"));
                    int other = -1;
                    for (int i = 0; i < g.size() && other < 0; i++) {
                        if (g.get(i).label().equals("O") && norm(g.get(i).text()).equals(value)) {
                            other = i;
                        }
                    }
                    if (other < 0) {
                        break;
                    }
                    span.forEach(i -> p.set(i, p.get(i).withLabel("O", 0.9)));
                    p.set(other, p.get(other).withLabel("TOTAL", 0.9));
                    expected.get("TOTAL").merge("alignment", (long) span.size() + 1, Long::sum);
                    moved++;
                }
                case 1 -> {
                    int last = -1;
                    for (int i = 0; i < g.size(); i++) {
                        if (g.get(i).label().equals("ADDRESS")) {
                            last = i;
                        }
                    }
                    if (last < 0 || last + 1 >= g.size() || !g.get(last + 1).label().equals("O")) {
                        break;
                    }
                    p.set(last + 1, p.get(last + 1).withLabel("ADDRESS", 0.9));
                    String cause = inText(g, keys.get("address")) ? "boundary" : "ocr";
                    expected.get("ADDRESS").merge(cause, 1L, Long::sum);
                }
                default -> {
                    long n = 0;
                    for (int i = 0; i < g.size(); i++) {
                        if (g.get(i).label().equals("DATE")) {
                            p.set(i, p.get(i).withLabel("O", 0.9));
                            n++;
                        }
                    }
                    if (n > 0) {
                        expected.get("DATE").merge(inText(g, keys.get("date")) ? "missed" : "ocr", n, Long::sum);
                    }
                }
            }
            LabelFile.write(pred.resolve(e.getKey() + ".csv"), p);
        }
        assertTrue(moved > 10, "receipts with the TOTAL moved: " + moved);
        assertTrue(expected.get("ADDRESS").getOrDefault("boundary", 0L) > 30, expected.toString());
        assertTrue(expected.get("DATE").getOrDefault("missed", 0L) > 30, expected.toString());

        CliRun run = CliRun.of("evaluate", "--gold", gold.toString(), "--pred", pred.toString(),
                "--keys", sroie.resolve("key").toString(), "--json");
        assertEquals(0, run.exit(), run.err());
        JsonNode root = new ObjectMapper().readTree(run.out());
        JsonNode causes = root.get("causes");
        for (String label : expected.keySet()) {
            long sum = 0;
            for (String cause : List.of("ocr", "alignment", "boundary", "type", "missed", "spurious")) {
                long n = causes.get(label).get(cause).asLong();
                assertEquals(expected.get(label).getOrDefault(cause, 0L), n, label + " " + cause);
                sum += n;
            }
            JsonNode s = root.get("labels").get(label);
            assertEquals(s.get("fp").asLong() + s.get("fn").asLong(), sum, label);
        }

        CliRun errors = CliRun.of("errors", "--gold", gold.toString(), "--pred", pred.toString(), "--keys",
                sroie.resolve("key").toString(), "--label", "TOTAL", "--kind", "fp", "--cause", "alignment", "--json");
        assertEquals(0, errors.exit(), errors.err());
        JsonNode list = new ObjectMapper().readTree(errors.out());
        assertEquals(moved, list.get("count").asLong());
        list.get("errors").forEach(w -> assertEquals("alignment", w.get("cause").asText()));
        CliRun text = CliRun.of("errors", "--gold", gold.toString(), "--pred", pred.toString(),
                "--label", "DATE", "--kind", "fn", "--limit", "3");
        assertTrue(text.out().contains(" cause ") && text.out().contains("missed"), text.out());
    }
}
