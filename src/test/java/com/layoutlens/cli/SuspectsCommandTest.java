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
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code suspects} on the sample receipts with the demo model, gold labels flipped at known words. */
class SuspectsCommandTest {

    private static final Path SAMPLES = Path.of("sample-receipts");
    private static final Path MODEL = Path.of("models", "demo-layoutlm");

    @TempDir
    Path tmp;

    private Path predictWithProbs() {
        Path pred = tmp.resolve("pred");
        CliRun r = CliRun.of("predict", "--model", MODEL.toString(), "--data", SAMPLES.toString(), "--out",
                pred.toString(), "--device", "cpu", "--probs", "--no-cache");
        assertEquals(0, r.exit(), r.err());
        return pred;
    }

    @Test
    void flippedGoldLabelsRankNearTheTop() throws Exception {
        LabelSet set = LabelSet.sroie();
        Path pred = predictWithProbs();
        Path gold = tmp.resolve("gold");
        Files.createDirectories(gold);
        List<Path> files;
        try (Stream<Path> s = Files.list(SAMPLES.resolve("labels"))) {
            files = s.filter(p -> p.toString().endsWith(".csv")).sorted().toList();
        }
        // flip words the model is sure of and right about: a field word to O in every 6th receipt,
        // an O word to TOTAL in every 6th receipt from the third on
        Map<String, String> flipped = new LinkedHashMap<>(); // receipt/segment/word -> the true type
        for (int i = 0; i < files.size(); i++) {
            Path f = files.get(i);
            String id = f.getFileName().toString().replace(".csv", "");
            List<LabelRow> rows = new ArrayList<>(LabelFile.readStrict(f, set));
            Map<Long, LabelRow> predicted = new HashMap<>();
            for (LabelRow p : LabelFile.readStrict(pred.resolve(id + ".csv"), set)) {
                predicted.put(p.key(), p);
            }
            boolean toO = i % 6 == 0;
            boolean toTotal = i % 6 == 2;
            for (int k = 0; k < rows.size() && (toO || toTotal); k++) {
                LabelRow g = rows.get(k);
                LabelRow p = predicted.get(g.key());
                boolean field = !g.label().equals("O");
                if (p != null && p.label().equals(g.label()) && p.probs().of(g.label()) >= 0.9
                        && (toO ? field : !field)) {
                    rows.set(k, g.withLabel(toO ? "O" : "TOTAL", null));
                    flipped.put(id + "/" + g.segment() + "/" + g.word(), g.label());
                    toO = false;
                    toTotal = false;
                }
            }
            LabelFile.write(gold.resolve(id + ".csv"), rows);
        }
        assertTrue(flipped.size() >= 10, flipped.toString());

        CliRun r = CliRun.of("suspects", "--gold", gold.toString(), "--pred", pred.toString(), "--json");
        assertEquals(0, r.exit(), r.err());
        JsonNode j = new ObjectMapper().readTree(r.out());
        JsonNode list = j.get("suspects");
        Map<String, Integer> rank = new HashMap<>();
        for (int i = 0; i < list.size(); i++) {
            JsonNode s = list.get(i);
            for (String key : List.of("receipt", "segment", "word", "text", "gold", "suggested", "confidence")) {
                assertTrue(s.has(key), key);
            }
            if (i > 0) {
                assertTrue(list.get(i - 1).get("confidence").asDouble() >= s.get("confidence").asDouble());
            }
            String key = s.get("receipt").asText() + "/" + s.get("segment").asInt() + "/" + s.get("word").asInt();
            rank.put(key, i);
            if (flipped.containsKey(key)) {
                assertEquals(flipped.get(key), s.get("suggested").asText(), key);
            }
        }
        // every flipped word is found; the demo model is also confidently wrong on some correct gold
        // labels (those are suspects too), so at least half of the flips must be among the first
        // twice as many suspects as there are flips (ranked the other way round, none would be)
        int nearTop = 0;
        for (String key : flipped.keySet()) {
            assertTrue(rank.containsKey(key), key + " not found among " + list.size());
            nearTop += rank.get(key) < 2 * flipped.size() ? 1 : 0;
        }
        assertTrue(2 * nearTop >= flipped.size(), nearTop + " of " + flipped.size() + " flips near the top: "
                + flipped.keySet().stream().map(k -> k + "=" + rank.get(k)).toList());

        CliRun top = CliRun.of("suspects", "--gold", gold.toString(), "--pred", pred.toString(), "--top", "3");
        assertEquals(0, top.exit(), top.err());
        String[] lines = top.out().split("\\R");
        assertTrue(lines[0].contains(list.size() + " suspected label errors") && lines[0].contains("first 3"), lines[0]);
        assertTrue(lines[1].matches("receipt\\s+segment\\s+word\\s+text\\s+gold\\s+suggested\\s+confidence"), lines[1]);
        assertEquals(5, lines.length, top.out());
    }

    @Test
    void predictionsWithoutProbabilitiesAreAClearUsageError() throws Exception {
        Path pred = tmp.resolve("plain");
        CliRun p = CliRun.of("predict", "--model", MODEL.toString(), "--data", SAMPLES.toString(), "--out",
                pred.toString(), "--device", "cpu", "--no-cache");
        assertEquals(0, p.exit(), p.err());
        CliRun r = CliRun.of("suspects", "--gold", SAMPLES.resolve("labels").toString(), "--pred", pred.toString());
        assertEquals(LayoutLensCli.USAGE, r.exit());
        assertTrue(r.err().contains(pred.toString()) && r.err().contains("predict --probs"), r.err());
    }
}
