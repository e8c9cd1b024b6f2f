package com.layoutlens.model.checkpoint;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Broken and forged safetensors files fail at open, with the file and the tensor named. */
class SafetensorsValidationTest {

    @TempDir
    Path dir;

    private Path file(String header, int dataBytes) throws Exception {
        return file(header, dataBytes, header.length());
    }

    private Path file(String header, int dataBytes, long declaredLength) throws Exception {
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(8 + h.length + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(declaredLength).put(h);
        for (int i = 0; i < dataBytes; i++) {
            b.put((byte) i);
        }
        Path p = dir.resolve("model.safetensors");
        Files.write(p, b.array());
        return p;
    }

    private CheckpointException refused(Path p) {
        CheckpointException e = assertThrows(CheckpointException.class, () -> Checkpoints.open(p));
        assertTrue(e.getMessage().contains(p.toString()), e.getMessage());
        return e;
    }

    @Test
    void aWellFormedHandWrittenFileReads() throws Exception {
        Path p = file("{\"a\":{\"dtype\":\"U8\",\"shape\":[2,2],\"data_offsets\":[0,4]},"
                + "\"b\":{\"dtype\":\"I16\",\"shape\":[1],\"data_offsets\":[4,6]}}", 6);
        try (Checkpoint c = Checkpoints.open(p)) {
            assertArrayEquals(new long[] {0, 1, 2, 3}, c.readLongs("a"));
            assertArrayEquals(new long[] {4 | 5 << 8}, c.readLongs("b"));
        }
    }

    @Test
    void aTruncatedFileSaysWhereTheTensorEnds() throws Exception {
        String h = "{\"w\":{\"dtype\":\"F32\",\"shape\":[4],\"data_offsets\":[0,16]}}";
        Path p = file(h, 10);
        CheckpointException e = refused(p);
        long end = 8 + h.length() + 16;
        long size = 8 + h.length() + 10;
        assertTrue(e.getMessage().endsWith("tensor 'w' ends at byte " + end + " but the file has only " + size
                + " bytes"), e.getMessage());
        assertEquals("w", e.tensor());
    }

    @Test
    void offsetsFarOutsideTheFileAreRefused() throws Exception {
        CheckpointException e = refused(file(
                "{\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[1099511627776,1099511627780]}}", 4));
        assertTrue(e.getMessage().contains("tensor 'w' ends at byte"), e.getMessage());
    }

    @Test
    void aHeaderLongerThanTheFileIsRefused() throws Exception {
        CheckpointException e = refused(file("{}", 0, 5000));
        assertTrue(e.getMessage().contains("header of 5000 bytes"), e.getMessage());
    }

    @Test
    void anAbsurdHeaderLengthIsRefused() throws Exception {
        CheckpointException e = refused(file("{}", 0, -1));
        assertTrue(e.getMessage().contains("not a safetensors file"), e.getMessage());
    }

    @Test
    void aFileShorterThanTheLengthFieldIsRefused() throws Exception {
        Path p = dir.resolve("short.safetensors");
        Files.write(p, new byte[] {1, 2, 3});
        assertTrue(refused(p).getMessage().contains("too short"));
    }

    @Test
    void anUnknownDtypeIsNamed() throws Exception {
        CheckpointException e = refused(file("{\"w\":{\"dtype\":\"F8_E4M3\",\"shape\":[2],\"data_offsets\":[0,2]}}", 2));
        assertTrue(e.getMessage().contains("tensor 'w'") && e.getMessage().contains("'F8_E4M3'"), e.getMessage());
    }

    @Test
    void aNegativeDimensionIsRefused() throws Exception {
        CheckpointException e = refused(file("{\"w\":{\"dtype\":\"F32\",\"shape\":[-1,4],\"data_offsets\":[0,0]}}", 0));
        assertTrue(e.getMessage().contains("tensor 'w'") && e.getMessage().contains("negative"), e.getMessage());
    }

    @Test
    void aByteRangeThatDoesNotMatchTheShapeIsRefused() throws Exception {
        CheckpointException e = refused(file("{\"w\":{\"dtype\":\"F32\",\"shape\":[2,3],\"data_offsets\":[0,20]}}", 24));
        assertTrue(e.getMessage().contains("tensor 'w' has 20 bytes of data but F32 [2, 3] needs 24"), e.getMessage());
    }

    @Test
    void overlappingTensorsAreRefused() throws Exception {
        CheckpointException e = refused(file("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
                + "\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[4,12]}}", 12));
        assertTrue(e.getMessage().contains("'a'") && e.getMessage().contains("'b'") && e.getMessage().contains("overlap"),
                e.getMessage());
    }

    @Test
    void backwardOffsetsAreRefused() throws Exception {
        CheckpointException e = refused(file("{\"w\":{\"dtype\":\"U8\",\"shape\":[0],\"data_offsets\":[4,0]}}", 4));
        assertTrue(e.getMessage().contains("tensor 'w'"), e.getMessage());
    }

    @Test
    void aDuplicatedTensorNameIsRefused() throws Exception {
        String t = "{\"dtype\":\"U8\",\"shape\":[1],\"data_offsets\":[0,1]}";
        CheckpointException e = refused(file("{\"w\":" + t + ",\"w\":" + t + "}", 1));
        assertTrue(e.getMessage().contains("not valid JSON"), e.getMessage());
    }

    @Test
    void aHeaderThatIsNotJsonIsRefused() throws Exception {
        assertTrue(refused(file("{not json at all", 0)).getMessage().contains("not valid JSON"));
    }

    @Test
    void nonStringMetadataIsRefused() throws Exception {
        CheckpointException e = refused(file("{\"__metadata__\":{\"epochs\":3}}", 0));
        assertTrue(e.getMessage().contains("'epochs'"), e.getMessage());
    }

    @Test
    void trailingSpacesInTheHeaderAreAllowed() throws Exception {
        Path p = file("{\"w\":{\"dtype\":\"I8\",\"shape\":[3],\"data_offsets\":[0,3]}}      ", 3);
        try (Checkpoint c = Checkpoints.open(p)) {
            assertEquals(Arrays.asList("w"), c.names().stream().toList());
            assertArrayEquals(new int[] {0, 1, 2}, c.readInts("w"));
        }
    }
}
