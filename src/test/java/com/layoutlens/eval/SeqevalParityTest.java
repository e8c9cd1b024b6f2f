package com.layoutlens.eval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.layoutlens.data.Chunks;
import com.layoutlens.data.Scheme;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Entity reading and entity scores against figures seqeval 1.2.2 itself produced
 * ({@code tools/reference/make_seqeval_fixtures.py}): BIO and IOBES cases with every malformed
 * pattern and random sequences, in seqeval's default mode and in strict mode. Entities and
 * counts must be equal; precision, recall and F1 equal up to the last bits of rounding (seqeval
 * computes F1 as 2pr/(p+r), we as 2tp/(2tp+fp+fn)).
 */
class SeqevalParityTest {

    private static JsonNode fixture() throws IOException {
        try (InputStream in = SeqevalParityTest.class.getResourceAsStream("/fixtures/seqeval/seqeval.json")) {
            assertNotNull(in, "fixture made by tools/reference/make_seqeval_fixtures.py");
            return new ObjectMapper().readTree(in);
        }
    }

    private static List<List<String>> seqs(JsonNode n) {
        List<List<String>> out = new ArrayList<>();
        n.forEach(s -> {
            List<String> seq = new ArrayList<>();
            s.forEach(t -> seq.add(t.asText()));
            out.add(seq);
        });
        return out;
    }

    private static List<List<Chunks.Chunk>> entities(JsonNode n) {
        List<List<Chunks.Chunk>> out = new ArrayList<>();
        n.forEach(s -> {
            List<Chunks.Chunk> seq = new ArrayList<>();
            s.forEach(e -> seq.add(new Chunks.Chunk(e.get(0).asText(), e.get(1).asInt(), e.get(2).asInt())));
            out.add(seq);
        });
        return out;
    }

    @Test
    void entitiesAndScoresAreSeqevals() throws IOException {
        JsonNode root = fixture();
        int checked = 0;
        for (JsonNode c : root.get("cases")) {
            String name = c.get("name").asText();
            Scheme scheme = Scheme.parse(c.get("scheme").asText());
            List<List<String>> gold = seqs(c.get("gold"));
            List<List<String>> pred = seqs(c.get("pred"));
            for (EntityScores.Mode mode : EntityScores.Mode.values()) {
                JsonNode m = c.get(mode == EntityScores.Mode.DEFAULT ? "default" : "strict");
                String where = name + " (" + mode + ")";
                List<List<Chunks.Chunk>> ge = new ArrayList<>(), pe = new ArrayList<>();
                for (int k = 0; k < gold.size(); k++) {
                    ge.add(mode == EntityScores.Mode.DEFAULT ? Chunks.lenient(gold.get(k)) : Chunks.strict(gold.get(k), scheme));
                    pe.add(mode == EntityScores.Mode.DEFAULT ? Chunks.lenient(pred.get(k)) : Chunks.strict(pred.get(k), scheme));
                }
                assertEquals(entities(m.get("gold_entities")), ge, where + ": gold entities");
                assertEquals(entities(m.get("pred_entities")), pe, where + ": predicted entities");

                EntityScores scores = new EntityScores(List.of(), mode, scheme);
                for (int k = 0; k < gold.size(); k++) {
                    scores.add(gold.get(k), pred.get(k));
                }
                Map<String, LabelScore> ours = scores.scores();
                JsonNode counts = m.get("counts");
                assertEquals(counts.size(), ours.size(), where + ": types " + ours.keySet());
                for (Iterator<Map.Entry<String, JsonNode>> it = counts.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> e = it.next();
                    LabelScore s = ours.get(e.getKey());
                    assertNotNull(s, where + ": type " + e.getKey());
                    assertEquals(e.getValue().get("tp").asLong(), s.tp(), where + " tp " + e.getKey());
                    assertEquals(e.getValue().get("fp").asLong(), s.fp(), where + " fp " + e.getKey());
                    assertEquals(e.getValue().get("fn").asLong(), s.fn(), where + " fn " + e.getKey());
                }
                JsonNode report = m.get("report");
                for (Iterator<Map.Entry<String, JsonNode>> it = report.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> e = it.next();
                    LabelScore s = e.getKey().equals("micro") ? LabelScore.pooled(ours.values()) : ours.get(e.getKey());
                    assertNotNull(s, where + ": reported type " + e.getKey());
                    assertEquals(e.getValue().get("precision").asDouble(), s.precision(), 1e-12, where + " precision " + e.getKey());
                    assertEquals(e.getValue().get("recall").asDouble(), s.recall(), 1e-12, where + " recall " + e.getKey());
                    assertEquals(e.getValue().get("f1").asDouble(), s.f1(), 1e-12, where + " f1 " + e.getKey());
                    assertEquals(e.getValue().get("support").asLong(), s.tp() + s.fn(), where + " support " + e.getKey());
                }
                checked++;
            }
        }
        assertTrue(checked >= 100, "cases checked: " + checked);
    }

    /**
     * The same cases through {@link EntityScores#of}, the path evaluate and compare take, with the
     * case's scheme as the schema's: gold and predictions already in that scheme are read as they
     * are (a receipt of B- and I- tags only in an IOBES folder is IOBES, as seqeval reads it).
     */
    @Test
    void evaluatesPathGivesSeqevalsCountsUnderTheSchemasScheme() throws IOException {
        int checked = 0;
        for (JsonNode c : fixture().get("cases")) {
            String name = c.get("name").asText();
            com.layoutlens.data.LabelSet schema = com.layoutlens.data.LabelSet.builtIn(
                    c.get("scheme").asText().equals("bio") ? "sroie-bio" : "sroie-iobes");
            List<Map<String, LabelScore>> ours = EntityScores.of(seqs(c.get("gold")), seqs(c.get("pred")), schema);
            for (int mode = 0; mode < 2; mode++) {
                JsonNode counts = c.get(mode == 0 ? "default" : "strict").get("counts");
                String where = name + (mode == 0 ? " (default)" : " (strict)");
                for (Map.Entry<String, LabelScore> e : ours.get(mode).entrySet()) {
                    JsonNode x = counts.get(e.getKey());
                    long[] expected = x == null ? new long[3]
                            : new long[] {x.get("tp").asLong(), x.get("fp").asLong(), x.get("fn").asLong()};
                    LabelScore s = e.getValue();
                    assertEquals(java.util.Arrays.toString(expected),
                            java.util.Arrays.toString(new long[] {s.tp(), s.fp(), s.fn()}), where + " " + e.getKey());
                }
                for (Iterator<String> it = counts.fieldNames(); it.hasNext(); ) {
                    String type = it.next();
                    assertTrue(ours.get(mode).containsKey(type), where + ": type " + type);
                }
                checked++;
            }
        }
        assertTrue(checked >= 100, "cases checked: " + checked);
    }
}
