package com.layoutlens.model.checkpoint;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A pickle names the functions it wants called; only the few a state dict needs are accepted,
 * and nothing is ever run. The malicious fixtures would create marker files if executed.
 */
class RestrictedUnpicklerTest {

    private static final Path MARKER_OS_SYSTEM = Path.of("/tmp/layoutlens-pickle-marker-os-system");
    private static final Path MARKER_EVAL = Path.of("/tmp/layoutlens-pickle-marker-eval");

    @TempDir
    Path dir;

    @BeforeEach
    void removeMarkers() throws Exception {
        Files.deleteIfExists(MARKER_OS_SYSTEM);
        Files.deleteIfExists(MARKER_EVAL);
    }

    @ParameterizedTest
    @CsvSource({
        "malicious_os_system.bin, os.system",
        "malicious_posix_system.bin, posix.system",
        "malicious_eval.bin, __builtin__.eval",
    })
    void aPickleThatWouldRunCodeIsRefusedAndNothingRuns(String file, String global) throws Exception {
        Path p = Fixtures.path(file);
        CheckpointException e = assertThrows(CheckpointException.class, () -> Checkpoints.open(p));
        assertTrue(e.getMessage().startsWith("refusing to load " + p + ": the pickle references '" + global + "'"),
                e.getMessage());
        assertTrue(e.getMessage().contains("may try to run code"), e.getMessage());
        assertFalse(Files.exists(MARKER_OS_SYSTEM), "the os.system payload ran");
        assertFalse(Files.exists(MARKER_EVAL), "the eval payload ran");
    }

    @ParameterizedTest
    @CsvSource({
        "subprocess, Popen",
        "builtins, eval",
        "builtins, getattr",
        "numpy.core.multiarray, _reconstruct",
        "torch, load",
    })
    void everyOtherGlobalIsRefused(String module, String name) {
        byte[] pickle = PickleBytes.protocol(2).global(module, name).str("x").op(0x85, 'R', '.').bytes();
        CheckpointException e = assertThrows(CheckpointException.class, () -> load(pickle));
        assertTrue(e.getMessage().contains("'" + module + "." + name + "'"), e.getMessage());
    }

    @Test
    void aStackGlobalIsCheckedLikeAGlobal() {
        // protocol 4 spells globals as two strings and STACK_GLOBAL
        byte[] pickle = PickleBytes.protocol(4).shortStr("builtins").shortStr("exec").op(0x93)
                .shortStr("print(1)").op(0x85, 'R', '.').bytes();
        CheckpointException e = assertThrows(CheckpointException.class, () -> load(pickle));
        assertTrue(e.getMessage().contains("refusing to load") && e.getMessage().contains("'builtins.exec'"),
                e.getMessage());
    }

    @Test
    void anUnsupportedTorchRebuildIsNotCalledMalicious() {
        byte[] pickle = PickleBytes.protocol(2).global("torch._utils", "_rebuild_qtensor").op(')', 'R', '.').bytes();
        CheckpointException e = assertThrows(CheckpointException.class, () -> load(pickle));
        assertTrue(e.getMessage().contains("does not support"), e.getMessage());
        assertFalse(e.getMessage().contains("refusing"), e.getMessage());
    }

    @Test
    void opcodesOutsideAStateDictAreRefused() {
        // INST builds an object from a class named inline: never needed, so refused
        byte[] pickle = PickleBytes.protocol(2).op('(').op('i').bytes();
        CheckpointException e = assertThrows(CheckpointException.class, () -> load(pickle));
        assertTrue(e.getMessage().contains("opcode 0x69"), e.getMessage());
    }

    @Test
    void aTruncatedPickleIsReported() {
        byte[] pickle = PickleBytes.protocol(2).op('X', 100, 0, 0, 0).op('a', 'b').bytes();
        CheckpointException e = assertThrows(CheckpointException.class, () -> load(pickle));
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());
    }

    @Test
    void aHandWrittenStateDictLoadsItsTensor() throws Exception {
        byte[] pickle = PickleBytes.protocol(2).op('}', '(').str("w").tensor1d("FloatStorage", "0", 4, 1, 2, 2)
                .op('u', '.').bytes();
        Path file = PickleBytes.torchZip(dir.resolve("w.bin"), pickle, PickleBytes.floats(1, 2, 3, 4));
        try (Checkpoint c = Checkpoints.open(file)) {
            assertArrayEquals(new float[] {2, 4}, c.readFloats("w"));
        }
    }

    @Test
    void aViewReachingPastItsStorageIsRefusedAtOpen() {
        // offset 1, size 3, stride 2 reaches element 5 of a storage of 4
        byte[] pickle = PickleBytes.protocol(2).op('}', '(').str("w").tensor1d("FloatStorage", "0", 4, 1, 3, 2)
                .op('u', '.').bytes();
        Path file = PickleBytes.torchZip(dir.resolve("w.bin"), pickle, PickleBytes.floats(1, 2, 3, 4));
        CheckpointException e = assertThrows(CheckpointException.class, () -> Checkpoints.open(file));
        assertTrue(e.getMessage().contains("'w'") && e.getMessage().contains("element 5"), e.getMessage());
    }

    @Test
    void aStrideThatOverflowsIsRefusedAtOpen() {
        // size 3 with stride 2^62 would reach element 2^63, which wraps around in a long
        PickleBytes p = PickleBytes.protocol(2).op('}', '(').str("w");
        p.global("torch._utils", "_rebuild_tensor_v2").op('(').storage("FloatStorage", "0", 4);
        p.int1(0).int1(3).op(0x85).long8(1L << 62).op(0x85).op(0x89).global("collections", "OrderedDict")
                .op(')', 'R').op('t', 'R').op('u', '.');
        Path file = PickleBytes.torchZip(dir.resolve("w.bin"), p.bytes(), PickleBytes.floats(1, 2, 3, 4));
        CheckpointException e = assertThrows(CheckpointException.class, () -> Checkpoints.open(file));
        assertTrue(e.getMessage().contains("'w'"), e.getMessage());
    }

    @Test
    void aStorageLargerThanItsEntryIsRefusedAtOpen() {
        byte[] pickle = PickleBytes.protocol(2).op('}', '(').str("w").tensor1d("FloatStorage", "0", 8, 0, 8, 1)
                .op('u', '.').bytes();
        Path file = PickleBytes.torchZip(dir.resolve("w.bin"), pickle, PickleBytes.floats(1, 2, 3, 4));
        CheckpointException e = assertThrows(CheckpointException.class, () -> Checkpoints.open(file));
        assertTrue(e.getMessage().contains("'w'") && e.getMessage().contains("16 bytes"), e.getMessage());
    }

    @Test
    void aMissingStorageEntryIsNamed() {
        byte[] pickle = PickleBytes.protocol(2).op('}', '(').str("w").tensor1d("FloatStorage", "7", 4, 0, 4, 1)
                .op('u', '.').bytes();
        Path file = PickleBytes.torchZip(dir.resolve("w.bin"), pickle, PickleBytes.floats(1, 2, 3, 4));
        CheckpointException e = assertThrows(CheckpointException.class, () -> Checkpoints.open(file));
        assertTrue(e.getMessage().contains("storage '7'"), e.getMessage());
    }

    private Object load(byte[] pickle) throws CheckpointException {
        return RestrictedUnpickler.load(dir.resolve("x.pkl"), ByteBuffer.wrap(pickle)).value();
    }
}
