package com.layoutlens.train;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.layoutlens.data.LabelSet;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The files training reads besides the receipts (the checkpoint's state, the tokenizer files
 * it copies, a label schema) are refused by their size before reading, with their name.
 */
class TrainingFileLimitsTest {

    @TempDir
    Path dir;

    private static Path huge(Path file) throws IOException {
        Files.createDirectories(file.getParent());
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.setLength(3L << 30);
        }
        return file;
    }

    private static void assertNamesFileAndLimit(Exception e, String name) {
        assertTrue(e.getMessage().contains(name) && e.getMessage().contains("over the limit"), e.getMessage());
    }

    @Test
    void anOversizedTrainerStateIsRefusedWithItsName() throws Exception {
        Path state = huge(dir.resolve("checkpoint/trainer_state.json"));
        assertNamesFileAndLimit(assertThrows(TrainingException.class, () -> TrainingRun.readState(state)),
                "trainer_state.json");
    }

    @Test
    void anOversizedTrainingLogIsRefusedOnResumeWithItsName() throws Exception {
        Path log = huge(dir.resolve("checkpoint/training_log.csv"));
        assertNamesFileAndLimit(assertThrows(TrainingException.class, () -> TrainingRun.readLog(log)),
                "training_log.csv");
    }

    @Test
    void anOversizedTokenizerFileIsNotCopiedAndIsNamed() throws Exception {
        huge(dir.resolve("from/tokenizer.json"));
        assertNamesFileAndLimit(assertThrows(IOException.class,
                () -> Vocabulary.copyTokenizerFiles(dir.resolve("from"), dir.resolve("to"))), "tokenizer.json");
    }

    @Test
    void anOversizedLabelSchemaIsRefusedWithItsName() throws Exception {
        Path schema = huge(dir.resolve("schema.json"));
        assertNamesFileAndLimit(assertThrows(IOException.class, () -> LabelSet.load(schema)), "schema.json");
    }
}
