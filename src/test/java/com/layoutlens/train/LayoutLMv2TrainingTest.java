package com.layoutlens.train;

import ai.djl.Device;
import com.layoutlens.model.checkpoint.Checkpoint;
import com.layoutlens.model.checkpoint.Checkpoints;
import com.layoutlens.model.layoutlmv2.LayoutLMv2Model;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** LayoutLMv2 in the training engine: the same contract as LayoutLM, with the page image. */
class LayoutLMv2TrainingTest {

    @TempDir
    Path tmp;

    /** The micro preset as LayoutLMv2 (a backbone of 4-16 channels): 4 steps of 2 windows, one dev check. */
    static TrainingConfig.Builder micro(Path out) {
        return TrainingJobTest.micro(out).modelType("layoutlmv2").steps(4).evalEvery(4);
    }

    @Test
    void resumedRunEndsWithTheSameWeightsAsAnUninterruptedOne() throws Exception {
        Path a = tmp.resolve("a");
        Path b = tmp.resolve("b");
        TrainingResult whole = new TrainingJob(micro(a).build()).run();
        assertEquals(4, whole.steps());

        TrainingJob first = new TrainingJob(micro(b).build());
        first.addListener(e -> {
            if (e.kind() == TrainingEvent.Kind.STEP && e.step() == 2) {
                first.cancel();
            }
        });
        TrainingResult part = first.run();
        assertTrue(part.cancelled());
        assertEquals(2, part.steps());

        List<TrainingEvent> events = new ArrayList<>();
        TrainingJob second = new TrainingJob(micro(b).resume(true).build());
        second.addListener(events::add);
        assertEquals(4, second.run().steps());
        assertEquals(2, events.get(0).step());

        TrainingJobTest.assertSameTensors(a.resolve("checkpoint/model.safetensors"),
                b.resolve("checkpoint/model.safetensors"));
        TrainingJobTest.assertSameTensors(a.resolve("checkpoint/optimizer.safetensors"),
                b.resolve("checkpoint/optimizer.safetensors"));
        assertTrue(Files.readString(b.resolve("checkpoint/trainer_state.json")).contains("\"model_type\" : \"layoutlmv2\""));
    }

    @Test
    void backboneConvolutionsTrainAndFrozenBatchNormsDoNot() throws Exception {
        Path out = tmp.resolve("out");
        TrainingResult r = new TrainingJob(micro(out).steps(2).build()).run();
        try (Checkpoint c = Checkpoints.open(r.checkpoint());
             Checkpoint opt = Checkpoints.open(r.checkpoint().resolve("optimizer.safetensors"))) {
            String bn = "layoutlmv2.visual.backbone.bottom_up.res2.0.conv1.norm.weight";
            float[] ones = new float[c.readFloats(bn).length];
            Arrays.fill(ones, 1f);
            assertTrue(Arrays.equals(ones, c.readFloats(bn)), "a frozen batch norm kept its value");
            float[] var = c.readFloats("layoutlmv2.visual.backbone.bottom_up.stem.conv1.norm.running_var");
            assertEquals(1f - 1e-5f, var[0], 0f);
            // the residual branch's last convolution starts at zero and has learnt
            float[] conv3 = c.readFloats("layoutlmv2.visual.backbone.bottom_up.res2.0.conv3.weight");
            assertFalse(Arrays.equals(new float[conv3.length], conv3), "the backbone's convolutions train");
            assertTrue(opt.names().stream().anyMatch(n -> n.contains("bottom_up.res2.0.conv3.weight")));
            assertTrue(opt.names().stream().noneMatch(n -> n.contains(".norm.")), String.valueOf(opt.names()));
        }
        try (LayoutLMv2Model model = LayoutLMv2Model.load(r.bestModel(), Device.cpu())) {
            assertEquals(List.of("O", "COMPANY", "DATE", "ADDRESS", "TOTAL"), model.config().labels());
            assertTrue(model.report().unexpected().isEmpty(), model.report().summary());
        }
        for (String f : List.of("config.json", "model.safetensors", "vocab.txt", "tokenizer.json")) {
            assertTrue(Files.isRegularFile(r.bestModel().resolve(f)), f);
        }
    }

    @Test
    void fineTuningAFolderWithAnotherLabelSetGetsAFreshHead() throws Exception {
        Path first = tmp.resolve("first");
        TrainingResult r = new TrainingJob(micro(first).steps(1).build()).run();
        Path folder = tmp.resolve("other-types");
        Files.createDirectories(folder);
        try (var files = Files.list(r.bestModel())) {
            for (Path f : files.toList()) {
                Files.copy(f, folder.resolve(f.getFileName()));
            }
        }
        String config = Files.readString(folder.resolve("config.json"));
        // another entity type than the data's (VENDOR for COMPANY): the trained head cannot be kept
        Files.writeString(folder.resolve("config.json"), config.replace("\"COMPANY\"", "\"VENDOR\""));
        // a preset or --model for LayoutLM is ignored: the folder's model_type decides
        TrainingResult ft = new TrainingJob(TrainingConfig.builder(TrainingJobTest.SAMPLES, tmp.resolve("ft"))
                .from(folder).schema(com.layoutlens.data.LabelSet.sroie()).steps(1).batchSize(2).maxLength(64)
                .device("cpu").build()).run();
        String saved = Files.readString(ft.checkpoint().resolve("config.json"));
        assertTrue(saved.contains("\"1\" : \"COMPANY\""), saved);
        assertTrue(saved.contains("\"model_type\" : \"layoutlmv2\""), saved);
        String state = Files.readString(ft.checkpoint().resolve("trainer_state.json"));
        assertTrue(state.contains("\"model_type\" : \"layoutlmv2\""), state);
        assertTrue(state.contains("\"head\" : \"fresh head"), state);
    }

    @Test
    void twoDozenStepsOnGeneratedReceiptsLowerTheLoss() throws Exception {
        List<Double> losses = new ArrayList<>();
        TrainingJob job = new TrainingJob(micro(tmp.resolve("learn")).steps(24).batchSize(2).devFraction(0)
                .checkpointEvery(24).learningRate(3e-3).build());
        job.addListener(e -> {
            if (e.kind() == TrainingEvent.Kind.STEP) {
                losses.add(e.loss());
            }
        });
        job.run();
        double first = losses.subList(0, 5).stream().mapToDouble(Double::doubleValue).average().orElseThrow();
        double last = losses.subList(19, 24).stream().mapToDouble(Double::doubleValue).average().orElseThrow();
        assertTrue(last < 0.6 * first, "loss " + first + " -> " + last);
    }
}
