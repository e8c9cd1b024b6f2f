package com.layoutlens.train;

import com.layoutlens.model.checkpoint.Checkpoint;
import com.layoutlens.model.checkpoint.Checkpoints;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TrainingJobTest {

    static final Path SAMPLES = Path.of("sample-receipts");
    /** Small enough that a few steps take seconds on two cores. */
    static final Preset MICRO = new Preset("micro", 32, 1, 2, 64, 600, 1e-3);

    @TempDir
    Path tmp;

    static TrainingConfig.Builder micro(Path out) {
        return TrainingConfig.builder(SAMPLES, out).preset(MICRO).steps(6).batchSize(2).maxLength(64)
                .evalEvery(3).checkpointEvery(2).device("cpu").seed(7);
    }

    @Test
    void resumedRunEndsWithTheSameWeightsAsAnUninterruptedOne() throws Exception {
        Path a = tmp.resolve("a");
        Path b = tmp.resolve("b");
        TrainingResult whole = new TrainingJob(micro(a).build()).run();
        assertEquals(6, whole.steps());
        assertFalse(whole.cancelled());

        TrainingJob first = new TrainingJob(micro(b).build());
        first.addListener(e -> {
            if (e.kind() == TrainingEvent.Kind.STEP && e.step() == 3) {
                first.cancel();
            }
        });
        TrainingResult part = first.run();
        assertTrue(part.cancelled());
        assertEquals(3, part.steps());
        assertTrue(Files.readString(b.resolve("checkpoint/trainer_state.json")).contains("\"step\" : 3"));

        List<TrainingEvent> events = new ArrayList<>();
        TrainingJob second = new TrainingJob(micro(b).resume(true).build());
        second.addListener(events::add);
        TrainingResult rest = second.run();
        assertEquals(6, rest.steps());
        assertEquals(TrainingEvent.Kind.STARTED, events.get(0).kind());
        assertEquals(3, events.get(0).step());

        assertSameTensors(a.resolve("checkpoint/model.safetensors"), b.resolve("checkpoint/model.safetensors"));
        assertSameTensors(a.resolve("checkpoint/optimizer.safetensors"),
                b.resolve("checkpoint/optimizer.safetensors"));
        List<String> logA = Files.readAllLines(a.resolve("training_log.csv"));
        List<String> logB = Files.readAllLines(b.resolve("training_log.csv"));
        assertEquals(7, logB.size());
        for (int i = 1; i < logA.size(); i++) {
            // same step, loss, rate and norm; only the clock differs
            assertEquals(logA.get(i).substring(0, logA.get(i).lastIndexOf(',')),
                    logB.get(i).substring(0, logB.get(i).lastIndexOf(',')));
        }
    }

    @Test
    void checkpointAndBestModelAreHuggingFaceFolders() throws Exception {
        Path out = tmp.resolve("out");
        TrainingResult r = new TrainingJob(micro(out).steps(3).build()).run();
        for (String f : List.of("config.json", "model.safetensors", "vocab.txt", "tokenizer.json",
                "tokenizer_config.json")) {
            assertTrue(Files.isRegularFile(r.bestModel().resolve(f)), "best/" + f);
            assertTrue(Files.isRegularFile(r.checkpoint().resolve(f)), "checkpoint/" + f);
        }
        assertTrue(Files.isRegularFile(r.checkpoint().resolve("optimizer.safetensors")));
        assertFalse(Files.exists(out.resolve(".checkpoint.tmp")));
        assertTrue(r.bestDevF1() >= 0 && r.bestDevF1() <= 1);
        try (var model = com.layoutlens.model.layoutlm.LayoutLMModel.load(r.bestModel(), ai.djl.Device.cpu())) {
            assertEquals(List.of("O", "COMPANY", "DATE", "ADDRESS", "TOTAL"), model.config().labels());
        }
    }

    @Test
    void anOutputFolderWithACheckpointIsNotOverwritten() throws Exception {
        Path out = tmp.resolve("out");
        new TrainingJob(micro(out).steps(2).build()).run();
        List<TrainingEvent> events = new ArrayList<>();
        TrainingJob again = new TrainingJob(micro(out).steps(2).build()).addListener(events::add);
        TrainingException e = assertThrows(TrainingException.class, again::run);
        assertTrue(e.getMessage().contains("already holds a checkpoint"), e.getMessage());
        assertEquals(TrainingEvent.Kind.FAILED, events.get(events.size() - 1).kind());
    }

    @Test
    void aModelFolderOrAFinishedRunWithoutItsCheckpointIsNotTrainedOver() throws Exception {
        Path out = tmp.resolve("out");
        new TrainingJob(micro(out).steps(2).build()).run();
        try (var files = Files.walk(out.resolve("checkpoint"))) {
            for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
        byte[] best = Files.readAllBytes(out.resolve("best/model.safetensors"));
        String log = Files.readString(out.resolve("training_log.csv"));
        TrainingException e = assertThrows(TrainingException.class, new TrainingJob(micro(out).steps(2).build())::run);
        assertTrue(e.getMessage().contains("already holds an earlier run"), e.getMessage());
        assertArrayEquals(best, Files.readAllBytes(out.resolve("best/model.safetensors")));
        assertEquals(log, Files.readString(out.resolve("training_log.csv")));
        // --resume where a run stopped before its first checkpoint starts it afresh there
        new TrainingJob(micro(out).steps(2).resume(true).build()).run();
        assertTrue(Files.isDirectory(out.resolve("checkpoint")));

        Path model = Files.createDirectories(tmp.resolve("model"));
        Files.writeString(model.resolve("config.json"), "{}");
        TrainingException m = assertThrows(TrainingException.class, new TrainingJob(micro(model).steps(2).build())::run);
        assertTrue(m.getMessage().contains("(config.json)"), m.getMessage());
        assertEquals("{}", Files.readString(model.resolve("config.json")));
    }

    @Test
    void backgroundJobReportsProgressAndCompletes() throws Exception {
        List<TrainingEvent> events = java.util.Collections.synchronizedList(new ArrayList<>());
        TrainingJob job = new TrainingJob(micro(tmp.resolve("bg")).steps(3).build()).addListener(events::add);
        TrainingResult r = job.start().get();
        assertEquals(3, r.steps());
        List<TrainingEvent.Kind> kinds = events.stream().map(TrainingEvent::kind).toList();
        assertEquals(TrainingEvent.Kind.STARTED, kinds.get(0));
        assertEquals(TrainingEvent.Kind.FINISHED, kinds.get(kinds.size() - 1));
        TrainingEvent step = events.stream().filter(e -> e.kind() == TrainingEvent.Kind.STEP).findFirst().orElseThrow();
        assertTrue(step.loss() > 0 && step.stepsPerSecond() > 0 && step.totalSteps() == 3);
    }

    static final Path TINY_A = Path.of("src/test/resources/fixtures/layoutlm/tiny-a");

    @Test
    void fineTunesAModelFolderAndKeepsItsTokenizer() throws Exception {
        Path out = tmp.resolve("ft");
        TrainingResult r = new TrainingJob(TrainingConfig.builder(SAMPLES, out).from(TINY_A).steps(2).batchSize(2)
                .maxLength(64).device("cpu").build()).run();
        assertEquals(2, r.steps());
        assertEquals(Files.readString(TINY_A.resolve("vocab.txt")), Files.readString(r.bestModel().resolve("vocab.txt")));
        try (Checkpoint before = Checkpoints.open(TINY_A); Checkpoint after = Checkpoints.open(r.checkpoint())) {
            float[] w0 = before.readFloats("classifier.weight");
            float[] w1 = after.readFloats("classifier.weight");
            assertEquals(w0.length, w1.length);
            assertFalse(java.util.Arrays.equals(w0, w1), "the head was trained");
        }
    }

    @Test
    void anotherLabelSetGetsAFreshHead() throws Exception {
        Path folder = tmp.resolve("other-types");
        Files.createDirectories(folder);
        for (String f : List.of("model.safetensors", "vocab.txt", "tokenizer_config.json")) {
            Files.copy(TINY_A.resolve(f), folder.resolve(f));
        }
        // another entity type than the data's (VENDOR for COMPANY), trained on the data's schema
        String config = Files.readString(TINY_A.resolve("config.json"));
        Files.writeString(folder.resolve("config.json"), config.replace("\"COMPANY\"", "\"VENDOR\""));
        TrainingResult r = new TrainingJob(TrainingConfig.builder(SAMPLES, tmp.resolve("out")).from(folder)
                .schema(com.layoutlens.data.LabelSet.sroie()).steps(1).batchSize(2).maxLength(64).device("cpu").build()).run();
        assertTrue(Files.readString(r.checkpoint().resolve("config.json")).contains("\"1\" : \"COMPANY\""));
        assertTrue(Files.readString(r.checkpoint().resolve("trainer_state.json")).contains("\"head\" : \"fresh head"));
    }

    static void assertSameTensors(Path x, Path y) throws Exception {
        try (Checkpoint a = Checkpoints.open(x); Checkpoint b = Checkpoints.open(y)) {
            assertEquals(new TreeSet<>(a.names()), new TreeSet<>(b.names()));
            for (String n : a.names()) {
                assertArrayEquals(a.readFloats(n), b.readFloats(n), 0f, n);
            }
        }
    }
}
