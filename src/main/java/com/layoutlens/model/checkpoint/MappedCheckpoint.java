package com.layoutlens.model.checkpoint;

import java.nio.file.Path;

/**
 * A checkpoint read from one memory-mapped file: its format says where each tensor lies
 * ({@link #layoutOf}), and the values are read the same way for every format.
 */
abstract class MappedCheckpoint implements Checkpoint {

    protected final MappedFile file;

    protected MappedCheckpoint(MappedFile file) {
        this.file = file;
    }

    /** Reads a format's index from a mapped file. */
    @FunctionalInterface
    interface Parser<T extends MappedCheckpoint> {
        T parse(MappedFile file) throws CheckpointException;
    }

    /** Maps {@code path} and reads its index with {@code parser}; the mapping is released when that fails. */
    static <T extends MappedCheckpoint> T open(Path path, Parser<T> parser) throws CheckpointException {
        MappedFile f = MappedFile.open(path);
        try {
            return parser.parse(f);
        } catch (CheckpointException | RuntimeException e) {
            f.close();
            throw e;
        }
    }

    /** Where the tensor lies in the file and how it is stored; a name the checkpoint lacks is an error. */
    abstract TensorReader.Layout layoutOf(String name) throws CheckpointException;

    @Override
    public float[] readFloats(String name) throws CheckpointException {
        return TensorReader.readFloats(file, name, layoutOf(name));
    }

    @Override
    public double[] readDoubles(String name) throws CheckpointException {
        return TensorReader.readDoubles(file, name, layoutOf(name));
    }

    @Override
    public long[] readLongs(String name) throws CheckpointException {
        return TensorReader.readLongs(file, name, layoutOf(name));
    }

    @Override
    public int[] readInts(String name) throws CheckpointException {
        return TensorReader.readInts(file, name, layoutOf(name));
    }
}
