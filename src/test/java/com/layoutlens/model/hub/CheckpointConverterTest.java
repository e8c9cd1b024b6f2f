package com.layoutlens.model.hub;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.layoutlens.model.checkpoint.Checkpoint;
import com.layoutlens.model.checkpoint.CheckpointException;
import com.layoutlens.model.checkpoint.Checkpoints;
import com.layoutlens.model.checkpoint.Tensor;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointConverterTest {

    @TempDir
    Path tmp;

    @Test
    void pytorchWeightsBecomeSafetensorsWithEveryTensorIdentical() throws IOException {
        Path bin = tmp.resolve(Checkpoints.PYTORCH);
        Files.copy(checkpoint("tiny.bin"), bin);
        byte[] before = Files.readAllBytes(bin);

        CheckpointConverter.Result r = CheckpointConverter.convert(tmp, false);

        assertEquals(tmp.resolve(Checkpoints.SAFETENSORS), r.target());
        assertArrayEquals(before, Files.readAllBytes(bin), "the .bin file is kept as it was");
        try (Checkpoint a = Checkpoints.open(bin); Checkpoint b = Checkpoints.open(r.target())) {
            assertEquals(new ArrayList<>(a.names()), new ArrayList<>(b.names()));
            assertEquals(a.names().size(), r.tensors());
            for (String n : a.names()) {
                assertEquals(a.info(n), b.info(n));
                assertEquals(Tensor.read(a, n), Tensor.read(b, n), n);
            }
            assertEquals(Map.of("format", "pt", "converted_from", Checkpoints.PYTORCH), b.metadata());
        }
    }

    @Test
    void existingSafetensorsIsReplacedOnlyWhenAsked() throws IOException {
        Files.copy(checkpoint("tiny.bin"), tmp.resolve(Checkpoints.PYTORCH));
        Files.writeString(tmp.resolve(Checkpoints.SAFETENSORS), "older");
        CheckpointException e = assertThrows(CheckpointException.class, () -> CheckpointConverter.convert(tmp, false));
        assertTrue(e.getMessage().contains("--force"), e.getMessage());
        assertEquals("older", Files.readString(tmp.resolve(Checkpoints.SAFETENSORS)));
        CheckpointConverter.convert(tmp, true);
        try (Checkpoint c = Checkpoints.open(tmp.resolve(Checkpoints.SAFETENSORS))) {
            assertFalse(c.names().isEmpty());
        }
    }

    @Test
    void folderWithoutPytorchWeightsIsRefused() {
        CheckpointException e = assertThrows(CheckpointException.class, () -> CheckpointConverter.convert(tmp, false));
        assertTrue(e.getMessage().contains(Checkpoints.PYTORCH), e.getMessage());
    }

    private static Path checkpoint(String name) {
        try {
            return Path.of(CheckpointConverterTest.class.getResource("/checkpoints/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
