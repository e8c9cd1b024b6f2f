package com.layoutlens.model.checkpoint;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What the writer puts in a file reads back the same, laid out as the Python library expects. */
class SafetensorsWriterTest {

    @TempDir
    Path dir;

    private static LinkedHashMap<String, Tensor> sample() {
        LinkedHashMap<String, Tensor> t = new LinkedHashMap<>();
        t.put("mask", Tensor.of(DType.BOOL, new long[] {1, 0, 1}, 3));
        t.put("w.f32", Tensor.of(new float[] {1.5f, -2f, 3.25f, Float.NaN, 0f, -0f}, 2, 3));
        t.put("w.f16", Tensor.of(DType.F16, new float[] {0.1f, 65504f, 1e-7f, Float.NEGATIVE_INFINITY}, 4));
        t.put("w.bf16", Tensor.of(DType.BF16, new float[] {0.1f, 1e30f}, 2, 1));
        t.put("ids", Tensor.of(new long[] {1L << 40, -3}, 2));
        t.put("i32", Tensor.of(new int[] {7, -7}, 1, 2));
        t.put("u8", Tensor.of(DType.U8, new long[] {0, 255}, 2));
        t.put("f64", Tensor.of(new double[] {1.0 / 3}, 1));
        t.put("scalar", Tensor.of(new float[] {42f}));
        t.put("empty", Tensor.of(new float[0], 0, 5));
        return t;
    }

    @Test
    void theSameMetadataInAnyOrderGivesTheSameBytes() throws Exception {
        Map<String, String> ab = new LinkedHashMap<>();
        ab.put("step", "200");
        ab.put("optimizer", "adamw");
        Map<String, String> ba = new LinkedHashMap<>();
        ba.put("optimizer", "adamw");
        ba.put("step", "200");
        Path first = dir.resolve("a.safetensors");
        Path second = dir.resolve("b.safetensors");
        SafetensorsWriter.write(first, sample(), ab);
        SafetensorsWriter.write(second, sample(), ba);
        assertArrayEquals(Files.readAllBytes(first), Files.readAllBytes(second));
        try (Checkpoint c = Checkpoints.open(first)) {
            assertEquals(Map.of("format", "pt", "optimizer", "adamw", "step", "200"), c.metadata());
        }
    }

    @Test
    void whatIsWrittenReadsBack() throws Exception {
        Path p = dir.resolve("model.safetensors");
        SafetensorsWriter.write(p, sample(), Map.of("epoch", "3"));
        try (Checkpoint c = Checkpoints.open(p)) {
            assertEquals(List.copyOf(sample().keySet()), new ArrayList<>(c.names()));
            assertArrayEquals(new float[] {1.5f, -2f, 3.25f, Float.NaN, 0f, -0f}, c.readFloats("w.f32"));
            assertArrayEquals(new float[] {FloatFormats.halfToFloat(FloatFormats.floatToHalf(0.1f)), 65504f,
                    FloatFormats.halfToFloat(FloatFormats.floatToHalf(1e-7f)), Float.NEGATIVE_INFINITY},
                    c.readFloats("w.f16"));
            assertArrayEquals(new float[] {FloatFormats.bf16ToFloat(FloatFormats.floatToBf16(0.1f)),
                    FloatFormats.bf16ToFloat(FloatFormats.floatToBf16(1e30f))}, c.readFloats("w.bf16"));
            assertArrayEquals(new long[] {1L << 40, -3}, c.readLongs("ids"));
            assertArrayEquals(new int[] {7, -7}, c.readInts("i32"));
            assertArrayEquals(new long[] {0, 255}, c.readLongs("u8"));
            assertArrayEquals(new long[] {1, 0, 1}, c.readLongs("mask"));
            assertArrayEquals(new float[] {(float) (1.0 / 3)}, c.readFloats("f64"));
            assertArrayEquals(new float[] {42f}, c.readFloats("scalar"));
            assertEquals(0, c.info("scalar").shape().length);
            assertArrayEquals(new long[] {0, 5}, c.info("empty").shape());
            assertEquals(DType.BF16, c.info("w.bf16").dtype());
            assertEquals(Map.of("epoch", "3", "format", "pt"), c.metadata());
        }
    }

    @Test
    void everyTensorIsAlignedToItsElementSize() throws Exception {
        Path p = dir.resolve("model.safetensors");
        SafetensorsWriter.write(p, sample(), Map.of());
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(p)).order(ByteOrder.LITTLE_ENDIAN);
        long n = b.getLong(0);
        assertEquals(0, (8 + n) % 8, "the data block starts 8-byte aligned");
        JsonNode h = new ObjectMapper().readTree(new String(Files.readAllBytes(p), 8, (int) n,
                java.nio.charset.StandardCharsets.UTF_8));
        for (Map.Entry<String, JsonNode> e : h.properties()) {
            if (!e.getKey().equals("__metadata__")) {
                int size = DType.valueOf(e.getValue().get("dtype").asText()).byteSize();
                assertEquals(0, e.getValue().get("data_offsets").get(0).asLong() % size, e.getKey());
            }
        }
    }

    @Test
    void aCheckpointIsCopiedWithItsDtypes() throws Exception {
        Path p = dir.resolve("copy.safetensors");
        try (Checkpoint bin = Checkpoints.open(Fixtures.path("tiny.bin"))) {
            SafetensorsWriter.write(p, bin, Map.of("source", "tiny.bin"));
        }
        try (Checkpoint bin = Checkpoints.open(Fixtures.path("tiny.bin")); Checkpoint copy = Checkpoints.open(p)) {
            assertEquals(new ArrayList<>(bin.names()), new ArrayList<>(copy.names()));
            for (String name : bin.names()) {
                assertEquals(Tensor.read(bin, name), Tensor.read(copy, name), name);
            }
            assertEquals("tiny.bin", copy.metadata().get("source"));
        }
    }

    @Test
    void aFailedWriteLeavesThePreviousFileAndNoTemporaryFile() throws Exception {
        Path p = dir.resolve("model.safetensors");
        SafetensorsWriter.write(p, sample(), Map.of());
        byte[] before = Files.readAllBytes(p);
        LinkedHashMap<String, Tensor> bad = new LinkedHashMap<>();
        bad.put("ok", Tensor.of(new float[] {1f}, 1));
        bad.put("pixels", Tensor.of(DType.U8, new long[] {10, 300}, 2));
        CheckpointException e = assertThrows(CheckpointException.class, () -> SafetensorsWriter.write(p, bad, Map.of()));
        assertTrue(e.getMessage().contains("'pixels'") && e.getMessage().contains("300"), e.getMessage());
        assertArrayEquals(before, Files.readAllBytes(p));
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(p), files.toList());
        }
    }

    @Test
    void aTensorWhoseValuesDoNotFillItsShapeIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> Tensor.of(new float[5], 2, 3));
        assertThrows(IllegalArgumentException.class, () -> new Tensor(DType.I64, new long[] {1}, new float[1]));
    }
}
