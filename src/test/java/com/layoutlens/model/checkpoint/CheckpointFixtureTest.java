package com.layoutlens.model.checkpoint;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Reads the fixtures PyTorch wrote and compares every tensor with the values PyTorch reported. */
class CheckpointFixtureTest {

    private static void assertMatches(Checkpoint c, Map<String, Fixtures.Expected> expected) throws Exception {
        assertEquals(expected.keySet(), c.names());
        for (Fixtures.Expected e : expected.values()) {
            TensorInfo info = c.info(e.name());
            assertEquals(e.dtype(), info.dtype(), e.name());
            assertArrayEquals(e.shape(), info.shape(), e.name());
            if (e.f32Bits() != null) {
                float[] v = c.readFloats(e.name());
                int[] bits = new int[v.length];
                for (int i = 0; i < v.length; i++) {
                    bits[i] = Float.floatToRawIntBits(v[i]);
                }
                assertArrayEquals(e.f32Bits(), bits, e.name());
            } else {
                assertArrayEquals(e.values(), c.readLongs(e.name()), e.name());
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"tiny.bin", "tiny.safetensors", "tiny.legacy.bin", "tiny.p4.bin"})
    void everyTensorMatchesPyTorch(String file) throws Exception {
        try (Checkpoint c = Checkpoints.open(Fixtures.path(file))) {
            assertMatches(c, Fixtures.expected());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"tiny.bin", "tiny.legacy.bin", "tiny.p4.bin"})
    void torchFilesKeepStateDictOrder(String file) throws Exception {
        try (Checkpoint c = Checkpoints.open(Fixtures.path(file))) {
            assertEquals(Fixtures.names(), new ArrayList<>(c.names()));
        }
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 3, 7, 64, 1000})
    void tensorsCrossingMappingChunksReadTheSame(long chunk) throws Exception {
        Path st = Fixtures.path("tiny.safetensors");
        try (Checkpoint c = SafetensorsCheckpoint.parse(MappedFile.open(st, chunk))) {
            assertMatches(c, Fixtures.expected());
        }
        try (Checkpoint c = TorchCheckpoint.openZip(MappedFile.open(Fixtures.path("tiny.bin"), chunk))) {
            assertMatches(c, Fixtures.expected());
        }
    }

    @Test
    void viewsAreMaterialisedInRowMajorOrder() throws Exception {
        try (Checkpoint c = Checkpoints.open(Fixtures.path("tiny.bin"))) {
            // line = arange(10) * 1.5; sliced = line[3:8]
            assertArrayEquals(new float[] {4.5f, 6f, 7.5f, 9f, 10.5f}, c.readFloats("sliced"));
            // grid = arange(24).reshape(4, 6); grid_view = grid[1:, 2:5:2]
            assertArrayEquals(new float[] {8, 10, 14, 16, 20, 22}, c.readFloats("grid_view"));
            float[] a = c.readFloats("shared.a");
            float[] b = c.readFloats("shared.b");
            for (int j = 0; j < 6; j++) {
                assertEquals(a[2 * 6 + j], b[j]);
            }
            assertArrayEquals(new long[] {5, 3}, c.info("transposed").shape());
            assertEquals(0, c.readFloats("empty").length);
            assertArrayEquals(new float[] {3.5f}, c.readFloats("scalar"));
            assertArrayEquals(new double[] {1.0 / 3.0, -1e300, 2.5}, c.readDoubles("double"));
            assertArrayEquals(new double[] {4.5, 6, 7.5, 9, 10.5}, c.readDoubles("sliced"));
            assertEquals(0, c.info("scalar").shape().length);
        }
    }

    @Test
    void integersNarrowToIntOnlyWhenTheyFit() throws Exception {
        try (Checkpoint c = Checkpoints.open(Fixtures.path("tiny.safetensors"))) {
            assertArrayEquals(new int[] {0, 1, 2, 3, 4, 5, 6, 7}, c.readInts("position_ids"));
            assertArrayEquals(new int[] {Integer.MIN_VALUE, Integer.MAX_VALUE, 0, 5}, c.readInts("int32"));
            assertArrayEquals(new int[] {1, 0, 1, 1, 0}, c.readInts("mask"));
            CheckpointException e = assertThrows(CheckpointException.class, () -> c.readInts("ids"));
            assertTrue(e.getMessage().contains("'ids'"), e.getMessage());
            assertEquals("ids", e.tensor());
        }
    }

    @Test
    void readingWithTheWrongKindOfArrayNamesTheTensor() throws Exception {
        try (Checkpoint c = Checkpoints.open(Fixtures.path("tiny.bin"))) {
            CheckpointException e = assertThrows(CheckpointException.class, () -> c.readFloats("position_ids"));
            assertTrue(e.getMessage().contains("'position_ids'") && e.getMessage().contains("tiny.bin"), e.getMessage());
            assertThrows(CheckpointException.class, () -> c.readLongs("dense.weight"));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"tiny.bin", "tiny.safetensors", "sharded/model.safetensors.index.json"})
    void anAbsentTensorIsNamedInTheError(String file) throws Exception {
        try (Checkpoint c = Checkpoints.open(Fixtures.path(file))) {
            CheckpointException e = assertThrows(CheckpointException.class, () -> c.info("classifier.weight"));
            assertTrue(e.getMessage().contains("'classifier.weight'"), e.getMessage());
            assertTrue(e.getMessage().contains(Fixtures.path(file).getFileName().toString()), e.getMessage());
            assertThrows(CheckpointException.class, () -> c.readFloats("classifier.weight"));
        }
    }

    @Test
    void aShardedCheckpointReadsThroughItsIndex() throws Exception {
        Map<String, Fixtures.Expected> all = Fixtures.expected();
        try (Checkpoint c = Checkpoints.open(Fixtures.path("sharded"))) {
            assertEquals(List.of("dense.bias", "dense.weight", "embeddings.weight", "position_ids"),
                    new ArrayList<>(c.names()));
            Map<String, Fixtures.Expected> part = new java.util.LinkedHashMap<>();
            for (String n : c.names()) {
                part.put(n, all.get(n));
            }
            assertEquals(new HashSet<>(part.keySet()), c.names());
            assertMatches(c, part);
            assertEquals("pt", c.metadata().get("format"));
        }
    }

    @Test
    void aShapeOtherThanTheModelExpectsIsReportedWithBothShapes() throws Exception {
        try (Checkpoint c = Checkpoints.open(Fixtures.path("tiny.bin"))) {
            assertEquals(12, c.readFloats("dense.weight", 3, 4).length);
            CheckpointException e = assertThrows(CheckpointException.class, () -> c.readFloats("dense.weight", 4, 3));
            assertTrue(e.getMessage().endsWith("tensor 'dense.weight' has shape [3, 4] but the model expects [4, 3]"),
                    e.getMessage());
        }
    }

    @Test
    void readsFailAfterClose() throws Exception {
        Checkpoint c = Checkpoints.open(Fixtures.path("tiny.safetensors"));
        c.close();
        assertThrows(CheckpointException.class, () -> c.readFloats("dense.weight"));
    }

    @Test
    void safetensorsMetadataIsExposed() throws Exception {
        try (Checkpoint c = Checkpoints.open(Fixtures.path("tiny.safetensors"))) {
            assertEquals(Map.of("format", "pt"), c.metadata());
            Set<String> names = c.names();
            assertThrows(UnsupportedOperationException.class, () -> names.add("x"));
        }
    }
}
