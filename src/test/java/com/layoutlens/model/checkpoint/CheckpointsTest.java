package com.layoutlens.model.checkpoint;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** How a model folder is opened: which file wins, and what happens when none is there. */
class CheckpointsTest {

    @TempDir
    Path dir;

    @Test
    void aFolderPrefersSafetensorsOverPytorchBin() throws Exception {
        Files.copy(Fixtures.path("tiny.bin"), dir.resolve("pytorch_model.bin"));
        Files.copy(Fixtures.path("tiny.safetensors"), dir.resolve("model.safetensors"));
        try (Checkpoint c = Checkpoints.open(dir)) {
            assertEquals(dir.resolve("model.safetensors"), c.source());
            assertInstanceOf(SafetensorsCheckpoint.class, c);
        }
    }

    @Test
    void aFolderWithOnlyPytorchBinOpensIt() throws Exception {
        Files.copy(Fixtures.path("tiny.bin"), dir.resolve("pytorch_model.bin"));
        try (Checkpoint c = Checkpoints.open(dir)) {
            assertEquals(Fixtures.names().size(), c.names().size());
            assertInstanceOf(TorchCheckpoint.class, c);
        }
    }

    @Test
    void theFormatOfAFileIsToldByItsContentNotItsName() throws Exception {
        Path misnamed = dir.resolve("weights.safetensors");
        Files.copy(Fixtures.path("tiny.bin"), misnamed);
        try (Checkpoint c = Checkpoints.open(misnamed)) {
            assertInstanceOf(TorchCheckpoint.class, c);
        }
    }

    @Test
    void aFolderWithoutWeightsSaysWhatWasLookedFor() {
        CheckpointException e = assertThrows(CheckpointException.class, () -> Checkpoints.open(dir));
        assertTrue(e.getMessage().contains("model.safetensors") && e.getMessage().contains("pytorch_model.bin"),
                e.getMessage());
        assertTrue(e.getMessage().contains(dir.toString()), e.getMessage());
    }

    @Test
    void aMissingFileIsNamed() {
        Path nowhere = dir.resolve("nothing.bin");
        CheckpointException e = assertThrows(CheckpointException.class, () -> Checkpoints.open(nowhere));
        assertTrue(e.getMessage().contains(nowhere.toString()), e.getMessage());
    }

    @Test
    void aGitLfsPointerAndAnEmptyFileAreCalledWhatTheyAre() throws Exception {
        Path pointer = Files.writeString(dir.resolve("pointer.bin"), "version https://git-lfs.github.com/spec/v1\n"
                + "oid sha256:4d7a214614ab2935c943f9e0ff69d22eadbb8f32b1258daaa5e2ca24d17e2393\nsize 12345\n");
        CheckpointException e = assertThrows(CheckpointException.class, () -> Checkpoints.open(pointer));
        assertTrue(e.getMessage().contains("is a Git LFS pointer, not the weights"), e.getMessage());
        Path empty = Files.write(dir.resolve("empty.safetensors"), new byte[0]);
        CheckpointException f = assertThrows(CheckpointException.class, () -> Checkpoints.open(empty));
        assertTrue(f.getMessage().contains(empty + " is empty"), f.getMessage());
    }

    @Test
    void aShardIndexPointingOutsideItsFolderIsRefused() throws Exception {
        Files.writeString(dir.resolve("model.safetensors.index.json"),
                "{\"weight_map\": {\"w\": \"../elsewhere/model.safetensors\"}}");
        CheckpointException e = assertThrows(CheckpointException.class, () -> Checkpoints.open(dir));
        assertTrue(e.getMessage().contains("'w'"), e.getMessage());
    }

    @Test
    void aShardIndexNamingAMissingShardSaysWhich() throws Exception {
        Files.writeString(dir.resolve("model.safetensors.index.json"),
                "{\"weight_map\": {\"w\": \"model-00001-of-00002.safetensors\"}}");
        CheckpointException e = assertThrows(CheckpointException.class, () -> Checkpoints.open(dir));
        assertTrue(e.getMessage().contains("model-00001-of-00002.safetensors"), e.getMessage());
    }

    @Test
    void theZip64DirectoryRecordIsFollowedWhenTheClassicOneIsSaturated() throws Exception {
        // PyTorch always writes a ZIP64 record; files over 4 GiB leave only it valid
        byte[] all = Files.readAllBytes(Fixtures.path("tiny.bin"));
        java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(all).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        int eocd = all.length - 22;
        assertEquals(0x06054b50, b.getInt(eocd));
        b.putShort(eocd + 8, (short) -1).putShort(eocd + 10, (short) -1).putInt(eocd + 12, -1).putInt(eocd + 16, -1);
        Path p = dir.resolve("pytorch_model.bin");
        Files.write(p, all);
        try (Checkpoint c = Checkpoints.open(p)) {
            assertEquals(Fixtures.names(), new java.util.ArrayList<>(c.names()));
        }
    }

    @Test
    void aTruncatedTorchFileIsReportedAsSuch() throws Exception {
        byte[] all = Files.readAllBytes(Fixtures.path("tiny.bin"));
        Path cut = dir.resolve("pytorch_model.bin");
        Files.write(cut, java.util.Arrays.copyOf(all, all.length / 2));
        CheckpointException e = assertThrows(CheckpointException.class, () -> Checkpoints.open(cut));
        assertTrue(e.getMessage().contains("truncated") && e.getMessage().contains(cut.toString()), e.getMessage());
    }
}
