package com.layoutlens.model.hub;

import com.layoutlens.model.checkpoint.Checkpoint;
import com.layoutlens.model.checkpoint.CheckpointException;
import com.layoutlens.model.checkpoint.Checkpoints;
import com.layoutlens.model.checkpoint.SafetensorsWriter;
import com.layoutlens.model.checkpoint.Tensor;
import com.layoutlens.model.checkpoint.TensorInfo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Turns a model folder's {@code pytorch_model.bin} (single or sharded) into
 * {@code model.safetensors}: a format that cannot carry code, opens by memory-mapping, and is
 * what the app prefers. The original file is kept; the new one is read back and compared with
 * it tensor by tensor before the conversion counts as done.
 */
public final class CheckpointConverter {

    private CheckpointConverter() {
    }

    /** What a conversion wrote. */
    public record Result(Path source, Path target, int tensors, long parameters) {
    }

    /**
     * Converts the folder's PyTorch weights.
     *
     * @param overwrite whether an existing {@code model.safetensors} may be replaced
     * @throws CheckpointException when the folder has no PyTorch weights, the target exists, or
     *                             the written file differs from the source (it is then deleted)
     */
    public static Result convert(Path folder, boolean overwrite) throws IOException {
        Path source = folder.resolve(Checkpoints.PYTORCH);
        if (!Files.isRegularFile(source)) {
            source = folder.resolve(Checkpoints.PYTORCH_INDEX);
        }
        if (!Files.isRegularFile(source)) {
            throw new CheckpointException(folder, null, folder + " holds no " + Checkpoints.PYTORCH + " (nor "
                    + Checkpoints.PYTORCH_INDEX + ") to convert");
        }
        Path target = folder.resolve(Checkpoints.SAFETENSORS);
        if (Files.exists(target) && !overwrite) {
            throw new CheckpointException(target, null, target + " already exists (use --force to replace it)");
        }
        try (Checkpoint from = Checkpoints.open(source)) {
            SafetensorsWriter.write(target, from, Map.of("converted_from", source.getFileName().toString()));
            boolean ok = false;
            try (Checkpoint to = Checkpoints.open(target)) {
                long parameters = verify(from, to);
                ok = true;
                return new Result(source, target, from.names().size(), parameters);
            } finally {
                if (!ok) {
                    Files.deleteIfExists(target);
                }
            }
        }
    }

    /** Checks that two checkpoints hold the same tensors with the same dtypes, shapes and bits. */
    static long verify(Checkpoint expected, Checkpoint actual) throws CheckpointException {
        List<String> a = new ArrayList<>(expected.names());
        List<String> b = new ArrayList<>(actual.names());
        if (!a.equals(b)) {
            throw new CheckpointException(actual.source(), null, actual.source() + ": tensor names differ from "
                    + expected.source() + " after writing");
        }
        long parameters = 0;
        for (String name : a) {
            TensorInfo ei = expected.info(name);
            TensorInfo ai = actual.info(name);
            if (!ei.equals(ai)) {
                throw new CheckpointException(actual.source(), name, actual.source() + ": tensor '" + name + "' is "
                        + ai + " after writing, " + ei + " in the source");
            }
            if (!Tensor.read(expected, name).equals(Tensor.read(actual, name))) {
                throw new CheckpointException(actual.source(), name, actual.source() + ": tensor '" + name
                        + "' has other values after writing than in " + expected.source());
            }
            parameters += ei.numel();
        }
        return parameters;
    }
}
