package com.layoutlens.model.checkpoint;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A read-only file mapped into memory in chunks, since one {@link MappedByteBuffer} cannot
 * exceed 2 GiB. Consecutive chunks overlap by a few bytes so that an element starting in a
 * chunk always ends in it too, whatever the alignment of the data in the file.
 *
 * <p>Only absolute reads on shared buffers and private views are used: concurrent reads are safe.
 */
final class MappedFile implements AutoCloseable {

    static final long DEFAULT_CHUNK = 1L << 30;
    private static final int OVERLAP = 16;

    private final Path path;
    private final long size;
    private final long chunk;
    private final ByteBuffer[] little;
    private final ByteBuffer[] big;
    private volatile boolean closed;

    private MappedFile(Path path, long size, long chunk, ByteBuffer[] little, ByteBuffer[] big) {
        this.path = path;
        this.size = size;
        this.chunk = chunk;
        this.little = little;
        this.big = big;
    }

    static MappedFile open(Path path) throws CheckpointException {
        return open(path, DEFAULT_CHUNK);
    }

    /** Opens with a given chunk size; small chunks let tests cross chunk borders with tiny files. */
    static MappedFile open(Path path, long chunk) throws CheckpointException {
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
            long size = ch.size();
            int n = (int) Math.max(1, (size + chunk - 1) / chunk);
            ByteBuffer[] le = new ByteBuffer[n];
            ByteBuffer[] be = new ByteBuffer[n];
            for (int i = 0; i < n; i++) {
                long start = i * chunk;
                long len = Math.min(size, start + chunk + OVERLAP) - start;
                MappedByteBuffer m = ch.map(FileChannel.MapMode.READ_ONLY, start, len);
                le[i] = m.duplicate().order(ByteOrder.LITTLE_ENDIAN);
                be[i] = m.duplicate().order(ByteOrder.BIG_ENDIAN);
            }
            // the mapping stays valid after the channel is closed
            return new MappedFile(path, size, chunk, le, be);
        } catch (IOException e) {
            throw new CheckpointException(path, null, "cannot read " + path + ": " + e.getMessage(), e);
        }
    }

    Path path() {
        return path;
    }

    long size() {
        return size;
    }

    /**
     * A private view starting at {@code offset} with at most {@code maxLength} bytes; it may be
     * shorter at a chunk border but always holds at least min(maxLength, 9) bytes.
     */
    ByteBuffer window(long offset, long maxLength, ByteOrder order) throws CheckpointException {
        checkOpen();
        if (offset < 0 || offset > size) {
            throw new IllegalArgumentException("offset " + offset + " outside " + size);
        }
        int i = (int) Math.min(offset / chunk, little.length - 1);
        ByteBuffer b = (order == ByteOrder.LITTLE_ENDIAN ? little : big)[i];
        int start = (int) (offset - i * chunk);
        int end = (int) Math.min(b.capacity(), start + Math.min(maxLength, Integer.MAX_VALUE));
        return b.duplicate().position(start).limit(end).slice().order(order);
    }

    /** Copies bytes into a new array (for small structures such as headers and pickles). */
    byte[] bytes(long offset, int length) throws CheckpointException {
        byte[] out = new byte[length];
        int done = 0;
        while (done < length) {
            ByteBuffer w = window(offset + done, length - done, ByteOrder.LITTLE_ENDIAN);
            int k = Math.min(w.remaining(), length - done);
            w.get(out, done, k);
            done += k;
        }
        return out;
    }

    /** The chunk buffer that holds the element at {@code offset}; index into it with {@link #rel}. */
    ByteBuffer chunkAt(long offset, ByteOrder order) {
        int i = (int) Math.min(offset / chunk, little.length - 1);
        return (order == ByteOrder.LITTLE_ENDIAN ? little : big)[i];
    }

    int rel(long offset) {
        return (int) (offset - Math.min(offset / chunk, little.length - 1) * chunk);
    }

    void checkOpen() throws CheckpointException {
        if (closed) {
            throw new CheckpointException(path, null, path + " is closed");
        }
    }

    /**
     * Marks the file closed. The mapping itself is released when the garbage collector reclaims
     * it: unmapping by hand would crash a reader still running on another thread.
     */
    @Override
    public void close() {
        closed = true;
    }
}
