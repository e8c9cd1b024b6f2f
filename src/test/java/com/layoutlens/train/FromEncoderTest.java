package com.layoutlens.train;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.layoutlens.model.checkpoint.Checkpoint;
import com.layoutlens.model.checkpoint.Checkpoints;
import com.layoutlens.model.checkpoint.SafetensorsWriter;
import com.layoutlens.model.checkpoint.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** train --from-encoder: a family's model started from a BERT- or RoBERTa-style text encoder folder. */
class FromEncoderTest {

    @TempDir
    Path tmp;

    /**
     * A text encoder folder made from a trained micro model: its embeddings and layers renamed
     * under {@code encoderPrefix} (layout embeddings, page branch and head dropped), a pooler
     * added, the tokenizer files kept, {@code config.json} of {@code encoderType}.
     */
    private Path encoder(String modelType, String encoderType, String encoderPrefix) throws Exception {
        TrainingResult r = new TrainingJob(TrainingJobTest.micro(tmp.resolve("src-" + modelType)).modelType(modelType)
                .steps(1).evalEvery(1).build()).run();
        Path dir = Files.createDirectories(tmp.resolve(encoderType));
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        try (Checkpoint c = Checkpoints.open(r.bestModel())) {
            for (String name : c.names()) {
                String k = name.substring(name.indexOf('.') + 1);
                boolean text = (k.startsWith("embeddings.") && !k.contains("x_position") && !k.contains("y_position")
                        && !k.contains("h_position") && !k.contains("w_position")) || k.startsWith("encoder.layer.");
                if (text && name.startsWith(modelType + ".")) {
                    tensors.put(encoderPrefix + k, Tensor.read(c, name));
                }
            }
        }
        tensors.put(encoderPrefix + "pooler.dense.bias", Tensor.of(new float[32], 32));
        SafetensorsWriter.write(dir.resolve("model.safetensors"), tensors, Map.of("format", "pt"));
        ObjectMapper json = new ObjectMapper();
        ObjectNode cfg = (ObjectNode) json.readTree(Files.readString(r.bestModel().resolve("config.json")));
        cfg.put("model_type", encoderType);
        Files.writeString(dir.resolve("config.json"), json.writeValueAsString(cfg));
        try (var files = Files.list(r.bestModel())) {
            for (Path f : files.toList()) {
                String n = f.getFileName().toString();
                if (n.startsWith("vocab") || n.startsWith("merges") || n.startsWith("tokenizer")
                        || n.startsWith("special")) {
                    Files.copy(f, dir.resolve(n));
                }
            }
        }
        return dir;
    }

    private void startsFromTheEncodersWeights(String modelType, String encoderType, String encoderPrefix)
            throws Exception {
        Path encoder = encoder(modelType, encoderType, encoderPrefix);
        List<String> messages = new ArrayList<>();
        TrainingJob job = new TrainingJob(TrainingConfig.builder(TrainingJobTest.SAMPLES, tmp.resolve("run"))
                .fromEncoder(encoder).modelType(modelType).steps(1).batchSize(2).maxLength(64).learningRate(0)
                .device("cpu").seed(7).build());
        job.addListener(e -> {
            if (e.kind() == TrainingEvent.Kind.STARTED) {
                messages.add(e.message());
            }
        });
        TrainingResult r = job.run();
        assertTrue(messages.get(0).contains("fresh, not from the encoder")
                && messages.get(0).contains(modelType + ".embeddings.x_position_embeddings.weight")
                && messages.get(0).contains("classifier."), messages.get(0));
        try (Checkpoint enc = Checkpoints.open(encoder); Checkpoint out = Checkpoints.open(r.checkpoint())) {
            for (String k : List.of("embeddings.word_embeddings.weight", "encoder.layer.0.attention.self.query.weight",
                    "encoder.layer.0.output.LayerNorm.weight")) {
                // learning rate 0: the weights are still the encoder's
                assertArrayEquals(enc.readFloats(encoderPrefix + k), out.readFloats(modelType + "." + k), k);
            }
        }
        String config = Files.readString(r.checkpoint().resolve("config.json"));
        assertTrue(config.contains("\"model_type\" : \"" + modelType + "\""), config);
    }

    @Test
    void layoutlmStartsFromABertEncoder() throws Exception {
        startsFromTheEncodersWeights("layoutlm", "bert", "bert.");
    }

    @Test
    void layoutlmv3StartsFromARobertaEncoder() throws Exception {
        startsFromTheEncodersWeights("layoutlmv3", "roberta", "roberta.");
    }

    @Test
    void anEncoderOfAnotherFamilyIsRefusedByName() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("t5"));
        Files.writeString(dir.resolve("config.json"), "{\"model_type\": \"t5\"}");
        TrainingException e = assertThrows(TrainingException.class, () -> new TrainingJob(
                TrainingConfig.builder(TrainingJobTest.SAMPLES, tmp.resolve("x")).fromEncoder(dir).steps(1)
                        .device("cpu").build()).run());
        assertTrue(e.getMessage().contains("starts from a bert encoder, not model_type 't5'"), e.getMessage());
    }
}
