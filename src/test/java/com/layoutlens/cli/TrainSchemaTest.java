package com.layoutlens.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** train with schemas: a fresh head's scheme, a kept and re-indexed head, converted data, a fresh head said. */
class TrainSchemaTest {

    @TempDir
    Path tmp;

    private CliRun train(String... args) {
        List<String> a = new ArrayList<>(List.of("train", "--steps", "2", "--batch", "2", "--device", "cpu"));
        a.addAll(List.of(args));
        CliRun r = CliRun.of(a.toArray(new String[0]));
        assertEquals(0, r.exit(), r.err());
        return r;
    }

    private static JsonNode json(Path f) throws Exception {
        return new ObjectMapper().readTree(f.toFile());
    }

    private static List<String> labels(Path model) throws Exception {
        JsonNode id2label = json(model.resolve("config.json")).get("id2label");
        List<String> out = new ArrayList<>();
        for (int i = 0; i < id2label.size(); i++) {
            out.add(id2label.get(Integer.toString(i)).asText());
        }
        return out;
    }

    @Test
    void schemasThroughTraining() throws Exception {
        Path data = Path.of("sample-receipts");
        train("--config", "tiny", "--schema", "sroie-bio", "--data", data.toString(), "--out", tmp.resolve("bio").toString());
        Path bio = tmp.resolve("bio/best");
        assertEquals(List.of("O", "B-COMPANY", "I-COMPANY", "B-DATE", "I-DATE", "B-ADDRESS", "I-ADDRESS", "B-TOTAL",
                "I-TOTAL"), labels(bio), "--schema picks the fresh head's tags");
        JsonNode state = json(tmp.resolve("bio/checkpoint/trainer_state.json"));
        assertEquals("sroie-bio", state.get("schema").asText());

        // the same tags in another order: the head is kept, in the model's order
        Path shuffled = tmp.resolve("shuffled");
        Files.createDirectories(shuffled);
        try (Stream<Path> files = Files.list(bio)) {
            for (Path f : files.toList()) {
                Files.copy(f, shuffled.resolve(f.getFileName()));
            }
        }
        ObjectNode config = (ObjectNode) json(bio.resolve("config.json"));
        List<String> order = new ArrayList<>(labels(bio));
        java.util.Collections.reverse(order);
        ObjectNode id2label = config.putObject("id2label");
        ObjectNode label2id = config.putObject("label2id");
        for (int i = 0; i < order.size(); i++) {
            id2label.put(Integer.toString(i), order.get(i));
            label2id.put(order.get(i), i);
        }
        new ObjectMapper().writeValue(shuffled.resolve("config.json").toFile(), config);
        CliRun r = train("--from", shuffled.toString(), "--schema", "sroie", "--data", data.toString(), "--out",
                tmp.resolve("kept").toString());
        assertTrue(r.err().contains("head kept") && r.err().contains("re-indexed")
                && r.err().contains("converted to the model's scheme bio"), r.err());
        assertEquals(order, labels(tmp.resolve("kept/best")), "the trained head keeps its class order");
        assertTrue(json(tmp.resolve("kept/checkpoint/trainer_state.json")).get("head").asText().startsWith("head kept"));

        // other entity types: a fresh head, and the run says so
        Path two = tmp.resolve("two.json");
        Files.writeString(two, "{\"name\":\"two\",\"scheme\":\"bio\",\"labels\":[\"O\",\"COMPANY\",\"DATE\"],"
                + "\"fields\":{\"COMPANY\":\"company\",\"DATE\":\"date\"}}");
        Path twoData = tmp.resolve("two-data");
        for (String sub : List.of("box", "img", "key")) {
            Path d = twoData.resolve(sub);
            Files.createDirectories(d);
            try (Stream<Path> files = Files.list(data.resolve(sub))) {
                for (Path f : files.toList()) {
                    Files.copy(f, d.resolve(f.getFileName()));
                }
            }
        }
        CliRun a = CliRun.of("align", "--data", twoData.toString(), "--out", twoData.resolve("labels").toString(),
                "--schema", two.toString());
        assertEquals(0, a.exit(), a.err());
        r = train("--from", bio.toString(), "--schema", two.toString(), "--data", twoData.toString(), "--out",
                tmp.resolve("fresh").toString());
        assertTrue(r.err().contains("fresh head"), r.err());
        assertEquals(List.of("O", "B-COMPANY", "I-COMPANY", "B-DATE", "I-DATE"), labels(tmp.resolve("fresh/best")));
        assertTrue(json(tmp.resolve("fresh/checkpoint/trainer_state.json")).get("head").asText().startsWith("fresh head"));
    }
}
