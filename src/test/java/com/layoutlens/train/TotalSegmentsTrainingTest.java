package com.layoutlens.train;

import ai.djl.Device;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.layoutlens.data.Dataset;
import com.layoutlens.data.LabelRow;
import com.layoutlens.data.LabelSet;
import com.layoutlens.data.Receipt;
import com.layoutlens.model.ModelFolderException;
import com.layoutlens.model.encode.TotalSegments;
import com.layoutlens.model.predict.ReceiptPredictor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code train --total-segments} end to end on the sample receipts: the model folder remembers the
 * split and every prediction of it repeats the split; a model with one token type is refused.
 */
class TotalSegmentsTrainingTest {

    @TempDir
    Path tmp;

    private static List<Receipt> receipts(int n) throws Exception {
        return Dataset.load(TrainingJobTest.SAMPLES).receipts().subList(0, n);
    }

    private static List<LabelRow> predict(Path model, List<Receipt> receipts, boolean expectSplit) throws Exception {
        try (ReceiptPredictor p = ReceiptPredictor.open(model, Device.cpu(), LabelSet.sroie(),
                ReceiptPredictor.Settings.defaults())) {
            assertEquals(expectSplit, p.encoder().totalSegments(), model.toString());
            List<LabelRow> rows = new ArrayList<>();
            for (Receipt r : receipts) {
                ReceiptPredictor.Result res = p.predict(r);
                assertTrue(res.ok(), res.error());
                rows.addAll(res.rows());
            }
            return rows;
        }
    }

    /** A copy of a model folder with the key taken out of config.json. */
    private Path withoutTheFlag(Path model) throws Exception {
        Path copy = tmp.resolve("no-flag");
        Files.createDirectories(copy);
        try (Stream<Path> files = Files.list(model)) {
            for (Path f : files.toList()) {
                Files.copy(f, copy.resolve(f.getFileName()));
            }
        }
        TotalSegments.writeTo(copy, false);
        return copy;
    }

    @Test
    void theFolderRemembersTheSplitAndPredictionRepeatsIt() throws Exception {
        TrainingResult r = new TrainingJob(TrainingJobTest.micro(tmp.resolve("seg")).steps(4).evalEvery(4)
                .totalSegments(true).build()).run();
        assertTrue(TotalSegments.ofFolder(r.bestModel()));
        assertTrue(TotalSegments.ofFolder(r.checkpoint()));
        var config = new ObjectMapper().readTree(r.bestModel().resolve("config.json").toFile());
        assertTrue(config.get(TotalSegments.CONFIG_KEY).asBoolean());
        assertEquals(2, config.get("type_vocab_size").asInt());

        List<Receipt> receipts = receipts(6);
        List<LabelRow> split = predict(r.bestModel(), receipts, true);
        Path plain = withoutTheFlag(r.bestModel());
        assertFalse(Files.readString(plain.resolve("config.json")).contains(TotalSegments.CONFIG_KEY));
        List<LabelRow> zeros = predict(plain, receipts, false);
        assertEquals(split.size(), zeros.size());
        int differ = 0;
        for (int i = 0; i < split.size(); i++) {
            assertEquals(split.get(i).text(), zeros.get(i).text());
            if (!split.get(i).score().equals(zeros.get(i).score())) {
                differ++;
            }
        }
        assertTrue(differ > 0, "the same weights read with type 0 everywhere gave the same scores: the split was not"
                + " applied");
    }

    @Test
    void withoutTheOptionTheFolderIsWrittenAsBeforeAndFineTuningKeepsOrDropsTheSplit() throws Exception {
        TrainingResult plain = new TrainingJob(TrainingJobTest.micro(tmp.resolve("plain")).steps(1).evalEvery(1)
                .build()).run();
        assertFalse(Files.readString(plain.bestModel().resolve("config.json")).contains(TotalSegments.CONFIG_KEY));
        assertFalse(TotalSegments.ofFolder(plain.bestModel()));

        TrainingResult seg = new TrainingJob(TrainingJobTest.micro(tmp.resolve("seg")).steps(1).evalEvery(1)
                .totalSegments(true).build()).run();
        TrainingResult kept = new TrainingJob(TrainingConfig.builder(TrainingJobTest.SAMPLES, tmp.resolve("kept"))
                .from(seg.bestModel()).steps(1).batchSize(2).maxLength(64).device("cpu").build()).run();
        assertTrue(TotalSegments.ofFolder(kept.bestModel()), "a folder's own split is kept when not asked otherwise");
        TrainingResult dropped = new TrainingJob(TrainingConfig.builder(TrainingJobTest.SAMPLES, tmp.resolve("dropped"))
                .from(seg.bestModel()).steps(1).batchSize(2).maxLength(64).device("cpu").totalSegments(false).build())
                .run();
        assertFalse(TotalSegments.ofFolder(dropped.bestModel()));
    }

    @Test
    void aFreshLayoutLMv3GetsTwoTokenTypesAndACheckpointWithOneIsRefused() throws Exception {
        TrainingResult r = new TrainingJob(LayoutLMv3TrainingTest.micro(tmp.resolve("v3")).steps(1).evalEvery(1)
                .totalSegments(true).build()).run();
        var config = new ObjectMapper().readTree(r.bestModel().resolve("config.json").toFile());
        assertEquals(2, config.get("type_vocab_size").asInt());
        predict(r.bestModel(), receipts(1), true);

        Path demo = Path.of("models/demo-layoutlmv3");
        assertEquals(1, new ObjectMapper().readTree(demo.resolve("config.json").toFile()).get("type_vocab_size").asInt());
        TrainingException e = assertThrows(TrainingException.class, () -> new TrainingJob(
                TrainingConfig.builder(TrainingJobTest.SAMPLES, tmp.resolve("ft")).from(demo).steps(1).batchSize(2)
                        .maxLength(64).device("cpu").totalSegments(true).build()).run());
        assertTrue(e.getMessage().contains("needs 2 token types") && e.getMessage().contains("type_vocab_size 1"),
                e.getMessage());
        assertFalse(Files.exists(tmp.resolve("ft/checkpoint")), "nothing was trained");

        Path flagged = tmp.resolve("flagged-v3");
        Files.createDirectories(flagged);
        try (Stream<Path> files = Files.list(demo)) {
            for (Path f : files.toList()) {
                if (Files.isRegularFile(f)) {
                    Files.copy(f, flagged.resolve(f.getFileName()));
                }
            }
        }
        TotalSegments.writeTo(flagged, true);
        ModelFolderException refused = assertThrows(ModelFolderException.class, () -> ReceiptPredictor.open(flagged,
                Device.cpu(), LabelSet.sroie(), ReceiptPredictor.Settings.defaults()));
        assertTrue(refused.getMessage().contains("type_vocab_size 1"), refused.getMessage());
    }

    @Test
    void aResumedRunKeepsItsCheckpointsSplitWhateverItIsAsked() throws Exception {
        Path out = tmp.resolve("resume");
        TrainingJob first = new TrainingJob(TrainingJobTest.micro(out).steps(4).evalEvery(4).checkpointEvery(1)
                .totalSegments(true).build());
        first.addListener(e -> {
            if (e.kind() == TrainingEvent.Kind.STEP && e.step() == 1) {
                first.cancel();
            }
        });
        assertTrue(first.run().cancelled());
        TrainingResult resumed = new TrainingJob(TrainingJobTest.micro(out).steps(4).evalEvery(4).checkpointEvery(1)
                .totalSegments(false).resume(true).build()).run();
        assertEquals(4, resumed.steps());
        assertTrue(TotalSegments.ofFolder(resumed.checkpoint()));
        assertTrue(TotalSegments.ofFolder(resumed.bestModel()));
    }
}
