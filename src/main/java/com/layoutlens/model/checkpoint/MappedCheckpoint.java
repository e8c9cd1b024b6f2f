package com.layoutlens.model.checkpoint;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * A checkpoint read from one memory-mapped file: its format's index holds an entry per tensor
 * name ({@code E}) that says where the tensor lies ({@link #layoutOf}), and the names, the
 * lookup and the values are handled the same way for every format.
 *
 * @param <E> the format's index entry of one tensor
 */
abstract class MappedCheckpoint<E> implements Checkpoint {

    protected final MappedFile file;
    /** The format's index entries by tensor name, in the file's order. */
    private final Map<String, E> index;

    protected MappedCheckpoint(MappedFile file, Map<String, E> index) {
        this.file = file;
        this.index = index;
    }

    /** Reads a format's index from a mapped file. */
    @FunctionalInterface
    interface Parser<T extends MappedCheckpoint<?>> {
        T parse(MappedFile file) throws CheckpointException;
    }

    /** Maps {@code path} and reads its index with {@code parser}; the mapping is released when that fails. */
    static <T extends MappedCheckpoint<?>> T open(Path path, Parser<T> parser) throws CheckpointException {
        MappedFile f = MappedFile.open(path);
        try {
            return parser.parse(f);
        } catch (CheckpointException | RuntimeException e) {
            f.close();
            throw e;
        }
    }

    /** The index entry of a tensor; a name the checkpoint lacks is an error. */
    protected final E entry(String name) throws CheckpointException {
        E e = index.get(name);
        if (e == null) {
            throw new CheckpointException(file.path(), name, file.path() + " has no tensor '" + name + "'");
        }
        return e;
    }

    @Override
    public Set<String> names() {
        return Collections.unmodifiableSet(new LinkedHashSet<>(index.keySet()));
    }

    @Override
    public boolean contains(String name) {
        return index.containsKey(name);
    }

    @Override
    public Path source() {
        return file.path();
    }

    @Override
    public void close() {
        file.close();
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
