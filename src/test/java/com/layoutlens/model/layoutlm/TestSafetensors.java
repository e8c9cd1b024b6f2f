package com.layoutlens.model.layoutlm;

import com.layoutlens.model.checkpoint.Checkpoint;
import com.layoutlens.model.checkpoint.Checkpoints;
import com.layoutlens.model.checkpoint.SafetensorsWriter;
import com.layoutlens.model.checkpoint.Tensor;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.UnaryOperator;

/** Writes variants of a fixture's weights for loading tests. */
public final class TestSafetensors {

    private TestSafetensors() {
    }

    /**
     * Copies the tensors of {@code from} to {@code to}, each under {@code rename(name)},
     * dropping those renamed to null.
     */
    public static void copy(Path from, Path to, UnaryOperator<String> rename) throws IOException {
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        try (Checkpoint src = Checkpoints.open(from)) {
            for (String name : src.names()) {
                String n = rename.apply(name);
                if (n != null) {
                    tensors.put(n, Tensor.read(src, name));
                }
            }
        }
        SafetensorsWriter.write(to, tensors, Map.of());
    }
}
