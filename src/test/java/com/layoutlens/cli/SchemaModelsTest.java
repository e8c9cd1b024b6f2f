package com.layoutlens.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.layoutlens.data.Dataset;
import com.layoutlens.data.LabelFile;
import com.layoutlens.data.LabelRow;
import com.layoutlens.data.LabelSet;
import com.layoutlens.eval.FieldDecoder;
import com.layoutlens.model.checkpoint.Checkpoint;
import com.layoutlens.model.checkpoint.Checkpoints;
import com.layoutlens.model.checkpoint.SafetensorsWriter;
import com.layoutlens.model.checkpoint.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Models of other schemas on the sample receipts: a BIO model made from the plain demo model
 * gives the plain model's fields; a random FUNSD model runs; evaluate reads gold in one scheme
 * against predictions in another.
 */
class SchemaModelsTest {

    private static final Path DEMO = Path.of("models/demo-layoutlm");
    private static final Path SAMPLES = Path.of("sample-receipts");

    @TempDir
    Path tmp;

    /**
     * A copy of the demo model whose head has one row per tag of {@code schema}: {@code rowOf}
     * gives the tag's row (the plain model's type row, its bias shifted by {@code shift}), or a
     * random row when {@code random}.
     */
    private Path withHead(LabelSet schema, java.util.function.ToDoubleFunction<String> shift, boolean random)
            throws Exception {
        return com.layoutlens.model.SchemaHeads.withHead(DEMO, tmp.resolve(schema.name() + (random ? "-random" : "")),
                schema, shift, random);
    }

    private static Map<String, List<LabelRow>> read(Path dir, LabelSet schema) throws Exception {
        Map<String, List<LabelRow>> out = new LinkedHashMap<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.sorted().toList()) {
                out.put(f.getFileName().toString(), LabelFile.readStrict(f, schema));
            }
        }
        return out;
    }

    private CliRun predict(Path model, String out, String... more) throws Exception {
        List<String> args = new java.util.ArrayList<>(List.of("predict", "--model", model.toString(), "--data",
                SAMPLES.toString(), "--out", tmp.resolve(out).toString(), "--device", "cpu", "--no-cache", "--json"));
        args.addAll(List.of(more));
        CliRun r = CliRun.of(args.toArray(new String[0]));
        assertEquals(0, r.exit(), r.err());
        return r;
    }

    @Test
    void aBioModelMadeFromThePlainOneGivesTheSameFields() throws Exception {
        LabelSet bio = LabelSet.resolve("sroie-bio");
        // B- rows far below their I- rows: every entity word is I-, as the plain model's runs
        Path model = withHead(bio, tag -> tag.startsWith("B-") ? -30 : 0, false);
        predict(DEMO, "plain");
        predict(model, "bio");
        Map<String, List<LabelRow>> plain = read(tmp.resolve("plain"), LabelSet.sroie());
        Map<String, List<LabelRow>> tagged = read(tmp.resolve("bio"), bio);
        assertEquals(plain.keySet(), tagged.keySet());
        FieldDecoder plainDecoder = FieldDecoder.sroie(LabelSet.sroie());
        FieldDecoder bioDecoder = FieldDecoder.sroie(bio);
        boolean anyEntity = false;
        for (String id : plain.keySet()) {
            List<LabelRow> p = plain.get(id), t = tagged.get(id);
            for (int i = 0; i < p.size(); i++) {
                String want = p.get(i).label().equals("O") ? "O" : "I-" + p.get(i).label();
                assertEquals(want, t.get(i).label(), id + " word " + i + ": the model's own tag is written");
                assertEquals(p.get(i).score(), t.get(i).score(), 1e-4, id + " word " + i);
                anyEntity |= !want.equals("O");
            }
            assertEquals(plainDecoder.decode(p), bioDecoder.decode(t), id + ": fields");
        }
        assertTrue(anyEntity);
        // evaluated against BIO gold from align: the same entity figures in the default mode,
        // none in strict mode (an entity that starts with I- is not well formed)
        CliRun a = CliRun.of("align", "--data", SAMPLES.toString(), "--out", tmp.resolve("gold").toString(),
                "--schema", "sroie-bio", "--json");
        assertEquals(0, a.exit(), a.err());
        JsonNode ep = new ObjectMapper().readTree(CliRun.of("evaluate", "--gold", tmp.resolve("gold").toString(),
                "--pred", tmp.resolve("plain").toString(), "--json").out());
        JsonNode eb = new ObjectMapper().readTree(CliRun.of("evaluate", "--gold", tmp.resolve("gold").toString(),
                "--pred", tmp.resolve("bio").toString(), "--json").out());
        assertEquals(ep.get("micro"), eb.get("micro"), "word level on types");
        assertEquals(ep.get("entities"), eb.get("entities"));
        assertEquals(ep.get("fields"), eb.get("fields"));
        assertTrue(ep.get("entities").get("micro").get("tp").asLong() > 0);
        assertEquals(0, eb.get("entities_strict").get("micro").get("tp").asLong());
        assertEquals(ep.get("entities").get("micro"), ep.get("entities_strict").get("micro"), "IO: strict is default");
        // stats count words per type whatever the scheme
        CliRun io = CliRun.of("align", "--data", SAMPLES.toString(), "--out", tmp.resolve("gold-io").toString());
        assertEquals(0, io.exit(), io.err());
        JsonNode sb = new ObjectMapper().readTree(CliRun.of("stats", "--data", SAMPLES.toString(), "--labels",
                tmp.resolve("gold").toString(), "--json").out());
        JsonNode si = new ObjectMapper().readTree(CliRun.of("stats", "--data", SAMPLES.toString(), "--labels",
                tmp.resolve("gold-io").toString(), "--json").out());
        assertEquals(si.get("labels"), sb.get("labels"));
        assertTrue(sb.get("labels").get("TOTAL").asInt() > 0);
    }

    @Test
    void aRandomFunsdModelRunsOnReceipts() throws Exception {
        LabelSet funsd = LabelSet.resolve("funsd");
        Path model = withHead(funsd, tag -> 0, true);
        CliRun r = predict(model, "funsd");
        assertEquals(0, new ObjectMapper().readTree(r.out()).get("failed").asInt(), r.out());
        assertEquals("funsd", new ObjectMapper().readTree(r.out()).get("schema").asText(), "the model's schema");
        Map<String, List<LabelRow>> rows = read(tmp.resolve("funsd"), funsd);
        assertFalse(rows.isEmpty());
        for (List<LabelRow> file : rows.values()) {
            for (LabelRow row : file) {
                assertTrue(funsd.tagIndex(row.label()) >= 0, row.label());
            }
        }
        // the schema comes from the tags in the label files: evaluate runs on them as gold too
        CliRun e = CliRun.of("evaluate", "--gold", tmp.resolve("funsd").toString(), "--pred",
                tmp.resolve("funsd").toString(), "--json");
        assertEquals(0, e.exit(), e.err());
        JsonNode j = new ObjectMapper().readTree(e.out());
        assertTrue(j.get("entities").get("labels").has("QUESTION"), j.toString());
        assertEquals(1.0, j.get("entities_strict").get("micro").get("f1").asDouble(0), 0.0);
    }

    @Test
    void anUnknownTagIsNamedWithFileAndLine() throws Exception {
        Path gold = tmp.resolve("gold");
        Files.createDirectories(gold);
        Files.writeString(gold.resolve("sample-001.csv"), "segment,word,x0,y0,x1,y1,text,label,score\n"
                + "0,0,1,1,2,2,A,B-TOTAL,\n0,1,1,1,2,2,B,B-PRICE,\n");
        CliRun r = CliRun.of("evaluate", "--gold", gold.toString(), "--pred", gold.toString(), "--schema", "sroie-bio");
        assertTrue(r.err().contains("sample-001.csv:3") && r.err().contains("B-PRICE"), r.err());
    }
}
