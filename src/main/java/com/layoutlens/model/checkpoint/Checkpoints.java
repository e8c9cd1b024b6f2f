package com.layoutlens.model.checkpoint;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** Opens the weights of a Hugging Face model folder, or one weights file, whatever its format. */
public final class Checkpoints {

    /** File names a Hugging Face model folder uses, in the order they are preferred. */
    public static final String SAFETENSORS = "model.safetensors";
    public static final String SAFETENSORS_INDEX = "model.safetensors.index.json";
    public static final String PYTORCH = "pytorch_model.bin";
    public static final String PYTORCH_INDEX = "pytorch_model.bin.index.json";

    private Checkpoints() {
    }

    /**
     * Opens a model folder (preferring safetensors, which cannot carry code, over
     * {@code pytorch_model.bin}; single files over shard indexes) or a single file: a
     * {@code .safetensors} file, a {@code torch.save} file (zip or legacy), or a shard index
     * ({@code *.index.json}). The format of a single file is told by its content, not its name.
     */
    public static Checkpoint open(Path folderOrFile) throws CheckpointException {
        if (Files.isDirectory(folderOrFile)) {
            for (String name : new String[] {SAFETENSORS, SAFETENSORS_INDEX, PYTORCH, PYTORCH_INDEX}) {
                Path p = folderOrFile.resolve(name);
                if (Files.isRegularFile(p)) {
                    return openFile(p);
                }
            }
            throw new CheckpointException(folderOrFile, null, folderOrFile + " holds no model weights (looked for "
                    + SAFETENSORS + ", " + SAFETENSORS_INDEX + ", " + PYTORCH + " and " + PYTORCH_INDEX + ")");
        }
        if (!Files.isRegularFile(folderOrFile)) {
            throw new CheckpointException(folderOrFile, null, folderOrFile + " does not exist");
        }
        return openFile(folderOrFile);
    }

    /**
     * For a {@code .safetensors} file, the length its header declares; {@link Long#MAX_VALUE}
     * when even the header is cut short; -1 when it does not begin like a safetensors file.
     */
    public static long declaredSafetensorsLength(Path file) {
        return SafetensorsCheckpoint.declaredLength(file);
    }

    static Checkpoint openFile(Path file) throws CheckpointException {
        if (file.getFileName().toString().endsWith(".index.json")) {
            return ShardedCheckpoint.open(file);
        }
        byte[] head = new byte[40];
        int n;
        try (InputStream in = Files.newInputStream(file)) {
            n = in.readNBytes(head, 0, head.length);
        } catch (IOException e) {
            throw new CheckpointException(file, null, "cannot read " + file + ": " + e.getMessage(), e);
        }
        if (n == 0) {
            throw new CheckpointException(file, null, file + " is empty: the weights were not written or not fetched");
        }
        String text = new String(head, 0, n, java.nio.charset.StandardCharsets.US_ASCII);
        if (text.startsWith("version https://git-lfs")) {
            // what a clone without Git LFS leaves in place of the weights
            throw new CheckpointException(file, null, file + " is a Git LFS pointer, not the weights: fetch them"
                    + " (git lfs pull) or download the model with 'models download'");
        }
        // safetensors: an 8-byte header length, then the JSON header's '{'; checked first because
        // a header length can begin with the same bytes as a pickle
        boolean safetensors = n >= 9 && head[8] == '{';
        boolean zip = n >= 4 && head[0] == 'P' && head[1] == 'K' && head[2] == 3 && head[3] == 4;
        boolean pickle = n >= 2 && (head[0] & 0xff) == 0x80 && head[1] >= 2 && head[1] <= 5;
        if (!safetensors && (zip || pickle)) {
            return TorchCheckpoint.open(file);
        }
        return SafetensorsCheckpoint.open(file);
    }
}
