package com.layoutlens.data.samples;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The receipts in {@code sample-receipts/} are what {@code samples --count 40 --seed 42}
 * writes, byte for byte: this guards the generator's determinism against the files that
 * users see, and fails when a change to the generator was not followed by regenerating
 * the folder (see its README).
 */
class CommittedSamplesTest {

    private static final Path COMMITTED = Path.of("sample-receipts");

    @Test
    void committedSamplesEqualARegeneration(@TempDir Path dir) throws IOException {
        assertTrue(Files.isDirectory(COMMITTED), "run the tests from the project folder: " + COMMITTED.toAbsolutePath()
                + " is missing");
        new SampleGenerator(SampleGenerator.DEFAULT_SEED).write(dir, SampleGenerator.DEFAULT_COUNT);
        Map<String, byte[]> fresh = SampleGeneratorTest.contents(dir);
        Map<String, byte[]> committed = new TreeMap<>(SampleGeneratorTest.contents(COMMITTED));
        committed.keySet().removeIf(name -> name.equals("README.md") || name.startsWith("."));
        assertEquals(4 * SampleGenerator.DEFAULT_COUNT, fresh.size());
        assertEquals(fresh.keySet(), committed.keySet());
        for (String name : fresh.keySet()) {
            assertArrayEquals(fresh.get(name), committed.get(name), "sample-receipts/" + name
                    + " differs from a fresh 'samples --count 40 --seed 42'");
        }
    }

    @Test
    void committedFolderIsASampleFolder() throws IOException {
        assertTrue(SampleGenerator.isSampleFolder(COMMITTED));
        assertTrue(Files.readString(COMMITTED.resolve("README.md")).contains("samples --out sample-receipts --count 40 --seed 42"));
    }
}
