package com.layoutlens.model;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.layoutlens.model.checkpoint.CheckpointException;
import com.layoutlens.model.checkpoint.Checkpoints;
import com.layoutlens.model.encode.WordTokenizer;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The JSON and vocabulary files of a model folder are read only when they are regular files
 * within a size limit, checked before reading: a 3 GB file is refused by its size (not read
 * into memory), a FIFO is refused (not read, which would block), and the message names the file.
 */
class ModelFileLimitsTest {

    @TempDir
    Path dir;

    /** A sparse file that says it is {@code size} bytes without using the disk. */
    private static Path huge(Path file, long size) throws IOException {
        Files.createDirectories(file.getParent());
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.setLength(size);
        }
        return file;
    }

    private static void assertNamesFileAndLimit(Exception e, String name) {
        assertTrue(e.getMessage().contains(name) && e.getMessage().contains("over the limit"), e.getMessage());
    }

    @Test
    void anOversizedConfigIsRefusedByItsSizeWithItsName() throws Exception {
        huge(dir.resolve("m/config.json"), 3L << 30);
        ModelFolderException e = assertThrows(ModelFolderException.class, () -> ConfigJson.readText(dir.resolve("m")));
        assertNamesFileAndLimit(e, "config.json");
    }

    @Test
    void aConfigThatIsAFifoIsRefusedWithoutBlocking() throws Exception {
        Path m = Files.createDirectories(dir.resolve("m"));
        Process p = new ProcessBuilder("mkfifo", m.resolve("config.json").toString()).start();
        Assertions.assertEquals(0, p.waitFor());
        ModelFolderException e = Assertions.assertTimeoutPreemptively(Duration.ofSeconds(10),
                () -> assertThrows(ModelFolderException.class, () -> ConfigJson.readText(m)));
        assertTrue(e.getMessage().contains("config.json") && e.getMessage().contains("not a regular file"), e.getMessage());
    }

    @Test
    void anOversizedTokenizerOrVocabularyIsRefusedWithItsName() throws Exception {
        huge(dir.resolve("t/tokenizer.json"), 3L << 30);
        assertNamesFileAndLimit(assertThrows(ModelFolderException.class, () -> WordTokenizer.load(dir.resolve("t"))),
                "tokenizer.json");
        huge(dir.resolve("v/vocab.txt"), 3L << 30);
        assertNamesFileAndLimit(assertThrows(ModelFolderException.class, () -> WordTokenizer.load(dir.resolve("v"))),
                "vocab.txt");
    }

    @Test
    void anOversizedShardIndexIsRefusedWithItsName() throws Exception {
        Path index = huge(dir.resolve("s/" + Checkpoints.SAFETENSORS_INDEX), 3L << 30);
        assertNamesFileAndLimit(assertThrows(CheckpointException.class, () -> Checkpoints.open(index)),
                Checkpoints.SAFETENSORS_INDEX);
    }

    @Test
    void theCacheKeyOfAModelWithAnOversizedConfigNamesIt() throws Exception {
        huge(dir.resolve("m/config.json"), 3L << 30);
        assertNamesFileAndLimit(assertThrows(IOException.class,
                () -> com.layoutlens.service.PredictionRun.cacheDir(dir.resolve("cache"), dir.resolve("m"), dir.resolve("data"))), "config.json");
    }
}
