package com.layoutlens.model.hub;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.layoutlens.model.layoutlm.LayoutLMConfig;
import com.layoutlens.model.layoutlm.LayoutLMForTokenClassification;
import com.layoutlens.model.layoutlmv2.LayoutLMv2Config;
import com.layoutlens.model.layoutlmv2.LayoutLMv2ForTokenClassification;
import com.layoutlens.model.nn.WeightSlot;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * How long {@code models list} takes over a folder of base-size models: builds LayoutLM and
 * LayoutLMv2 base folders (BERT-base sizes, the v2 ResNet-101 backbone, a 30,522-word
 * {@code vocab.txt}) whose {@code model.safetensors} holds the full header and a sparse data
 * region of the real length (the listing reads headers only), then lists them several times and
 * prints the times. Not a test. Usage: {@code ModelListingBenchmark [folders per family] [rounds]}.
 */
public final class ModelListingBenchmark {

    private ModelListingBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int perFamily = args.length > 0 ? Integer.parseInt(args[0]) : 4;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        Path root = Files.createTempDirectory("listing-bench");
        String labels = "\"id2label\": {\"0\": \"O\", \"1\": \"COMPANY\", \"2\": \"DATE\", \"3\": \"ADDRESS\", "
                + "\"4\": \"TOTAL\"}";
        String v1 = "{\"model_type\": \"layoutlm\", " + labels + "}";
        String v2 = "{\"model_type\": \"layoutlmv2\", " + labels + "}";
        for (int i = 0; i < perFamily; i++) {
            folder(root.resolve("layoutlm-base-" + i), v1,
                    new LayoutLMForTokenClassification(LayoutLMConfig.parse(v1, "v1")).weightSlots(""));
            folder(root.resolve("layoutlmv2-base-" + i), v2,
                    new LayoutLMv2ForTokenClassification(LayoutLMv2Config.parse(v2, "v2")).weightSlots(""));
        }
        System.out.printf(Locale.ROOT, "%d base-size folders (%d LayoutLM, %d LayoutLMv2) in %s%n", 2 * perFamily,
                perFamily, perFamily, root);
        for (int r = 0; r < rounds; r++) {
            long t0 = System.nanoTime();
            ModelFolders.Listing l = ModelFolders.listAll(List.of(root));
            long ms = (System.nanoTime() - t0) / 1_000_000;
            long bad = l.models().stream().filter(m -> !m.ok()).count();
            System.out.printf(Locale.ROOT, "round %d: %d folders listed in %d ms (%.0f ms each), %d with problems%s%n",
                    r + 1, l.models().size(), ms, (double) ms / l.models().size(), bad,
                    bad == 0 ? "" : ": " + l.models().stream().filter(m -> !m.ok()).findFirst().get().problems());
        }
        for (String name : List.of("layoutlm-base-0", "layoutlmv2-base-0")) {
            Path dir = root.resolve(name);
            long t0 = System.nanoTime();
            com.layoutlens.model.registry.TokenClassifiers.describe(dir);
            long t1 = System.nanoTime();
            try (com.layoutlens.model.checkpoint.Checkpoint c = com.layoutlens.model.checkpoint.Checkpoints.open(dir)) {
                if (name.startsWith("layoutlmv2")) {
                    com.layoutlens.model.layoutlmv2.LayoutLMv2Model.check(LayoutLMv2Config.read(dir), c);
                } else {
                    com.layoutlens.model.layoutlm.LayoutLMModel.check(LayoutLMConfig.read(dir), c);
                }
            }
            long t2 = System.nanoTime();
            com.layoutlens.model.encode.WordTokenizer.load(dir).close();
            long t3 = System.nanoTime();
            System.out.printf(Locale.ROOT, "%s: config %d ms, weight header and shapes %d ms, tokenizer %d ms%n", name,
                    (t1 - t0) / 1_000_000, (t2 - t1) / 1_000_000, (t3 - t2) / 1_000_000);
        }
        System.out.printf(Locale.ROOT, "load average %.2f%n",
                java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }

    private static void folder(Path dir, String config, List<WeightSlot> slots) throws Exception {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("config.json"), config);
        List<String> vocab = new ArrayList<>(List.of("[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"));
        for (int i = vocab.size(); i < 30522; i++) {
            vocab.add("w" + i);
        }
        Files.write(dir.resolve("vocab.txt"), vocab);
        StringBuilder header = new StringBuilder("{");
        long offset = 0;
        for (WeightSlot s : slots) {
            long[] shape = s.shape().getShape();
            long bytes = 4;
            StringBuilder dims = new StringBuilder();
            for (long d : shape) {
                bytes *= d;
                dims.append(dims.length() == 0 ? "" : ",").append(d);
            }
            header.append(header.length() == 1 ? "" : ",").append('"').append(s.name()).append("\":{\"dtype\":\"F32\","
                    + "\"shape\":[").append(dims).append("],\"data_offsets\":[").append(offset).append(',')
                    .append(offset + bytes).append("]}");
            offset += bytes;
        }
        byte[] h = header.append('}').toString().getBytes(StandardCharsets.UTF_8);
        try (RandomAccessFile f = new RandomAccessFile(dir.resolve("model.safetensors").toFile(), "rw")) {
            f.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(h.length).array());
            f.write(h);
            f.setLength(8 + h.length + offset); // sparse: the listing never reads the data
        }
        new ObjectMapper().readValue(config, ObjectNode.class);
    }
}
