package com.layoutlens.model.checkpoint;

import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

/**
 * Read access to the named tensors of a saved model (a Hugging Face {@code model.safetensors}
 * or {@code pytorch_model.bin}). Tensors are read one at a time into fresh Java arrays, in
 * row-major order, so a model larger than the heap can be loaded tensor by tensor; the file
 * itself is memory-mapped and never copied whole.
 *
 * <p>Implementations are safe for concurrent reads. After {@link #close()} every read fails.
 */
public interface Checkpoint extends AutoCloseable {

    /** The tensor names, in the order the file lists them. */
    Set<String> names();

    /** Whether the checkpoint has a tensor of this name. */
    default boolean contains(String name) {
        return names().contains(name);
    }

    /** Dtype and shape of a tensor, without reading its data. */
    TensorInfo info(String name) throws CheckpointException;

    /**
     * The elements of a floating-point tensor (F64, F32, F16 or BF16) as float32: half and
     * bfloat16 widen exactly, double is rounded to nearest.
     */
    float[] readFloats(String name) throws CheckpointException;

    /**
     * The tensor's description, after checking that it has the shape a model expects; a
     * mismatch (a base checkpoint given to a large model, a classifier with another label
     * count) fails with both shapes and the tensor named.
     */
    default TensorInfo expect(String name, long... shape) throws CheckpointException {
        TensorInfo info = info(name);
        if (!java.util.Arrays.equals(info.shape(), shape)) {
            throw new CheckpointException(source(), name, source() + ": tensor '" + name + "' has shape "
                    + java.util.Arrays.toString(info.shape()) + " but the model expects "
                    + java.util.Arrays.toString(shape));
        }
        return info;
    }

    /** As {@link #readFloats(String)}, after {@link #expect checking the shape}. */
    default float[] readFloats(String name, long... expectedShape) throws CheckpointException {
        expect(name, expectedShape);
        return readFloats(name);
    }

    /**
     * The elements of a floating-point tensor as float64: exact for every floating dtype, for
     * the rare F64 tensor whose precision matters (and for lossless copies).
     */
    double[] readDoubles(String name) throws CheckpointException;

    /** The elements of an integer or boolean tensor (I64, I32, I16, I8, U8, BOOL as 0/1). */
    long[] readLongs(String name) throws CheckpointException;

    /** As {@link #readLongs}, failing if a value does not fit an int. */
    int[] readInts(String name) throws CheckpointException;

    /** Free-form string metadata stored with the tensors (safetensors {@code __metadata__}); often empty. */
    default Map<String, String> metadata() {
        return Map.of();
    }

    /** The file (or, for a sharded checkpoint, the index file) read. */
    Path source();

    @Override
    void close();
}
