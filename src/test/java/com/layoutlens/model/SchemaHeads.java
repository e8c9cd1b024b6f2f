package com.layoutlens.model;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.layoutlens.data.LabelSet;
import com.layoutlens.model.checkpoint.Checkpoint;
import com.layoutlens.model.checkpoint.Checkpoints;
import com.layoutlens.model.checkpoint.SafetensorsWriter;
import com.layoutlens.model.checkpoint.Tensor;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.function.ToDoubleFunction;
import java.util.stream.Stream;

/** Test models of another schema made from a plain SROIE model folder by rewriting its head. */
public final class SchemaHeads {

    private SchemaHeads() {
    }

    /**
     * A copy of {@code plainModel} (a LayoutLM folder with SROIE's plain labels) in {@code out}
     * whose head has one row per tag of {@code schema}: the plain model's row of the tag's type,
     * its bias shifted by {@code shift}, or a random row when {@code random}.
     */
    public static Path withHead(Path plainModel, Path out, LabelSet schema, ToDoubleFunction<String> shift,
                                boolean random) throws Exception {
        Files.createDirectories(out);
        try (Stream<Path> files = Files.list(plainModel)) {
            for (Path f : files.toList()) {
                if (!f.getFileName().toString().equals("model.safetensors")) {
                    Files.copy(f, out.resolve(f.getFileName()));
                }
            }
        }
        ObjectMapper om = new ObjectMapper();
        ObjectNode config = (ObjectNode) om.readTree(plainModel.resolve("config.json").toFile());
        ObjectNode id2label = om.createObjectNode();
        ObjectNode label2id = om.createObjectNode();
        for (int i = 0; i < schema.tags().size(); i++) {
            id2label.put(Integer.toString(i), schema.tag(i));
            label2id.put(schema.tag(i), i);
        }
        config.set("id2label", id2label);
        config.set("label2id", label2id);
        om.writeValue(out.resolve("config.json").toFile(), config);
        LabelSet plain = LabelSet.sroie();
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        try (Checkpoint c = Checkpoints.open(plainModel.resolve("model.safetensors"))) {
            for (String name : c.names()) {
                tensors.put(name, Tensor.read(c, name));
            }
        }
        float[] w = (float[]) tensors.get("classifier.weight").data();
        float[] b = (float[]) tensors.get("classifier.bias").data();
        int hidden = w.length / plain.size();
        int n = schema.tags().size();
        float[] w2 = new float[n * hidden];
        float[] b2 = new float[n];
        Random rnd = new Random(14);
        for (int t = 0; t < n; t++) {
            if (random) {
                for (int k = 0; k < hidden; k++) {
                    w2[t * hidden + k] = (float) (rnd.nextGaussian() * 0.02);
                }
                continue;
            }
            int row = plain.indexOf(schema.tag(t));
            System.arraycopy(w, row * hidden, w2, t * hidden, hidden);
            b2[t] = (float) (b[row] + shift.applyAsDouble(schema.tag(t)));
        }
        tensors.put("classifier.weight", Tensor.of(w2, n, hidden));
        tensors.put("classifier.bias", Tensor.of(b2, n));
        SafetensorsWriter.write(out.resolve("model.safetensors"), tensors, Map.of());
        return out;
    }
}
